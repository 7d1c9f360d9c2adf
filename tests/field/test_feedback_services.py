"""The beneficiaries' voice, its services: a valid answer is recorded and counted; a bad
rating, a too-long comment, a forged, retired or closed code and a flood change nothing;
the running totals always equal the feedback added up again."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.models import AuditEvent
from field import feedback
from field.models import Feedback, FeedbackCode, FeedbackTotals
from lms.roles import Role
from tests.accreditation.test_hours_ledger import at_once
from tests.environment import require
from tests.factories import DeploymentFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def open_deployment(**kwargs):
    kwargs.setdefault("starts_on", TODAY - datetime.timedelta(days=3))
    kwargs.setdefault("ends_on", TODAY + datetime.timedelta(days=3))
    return DeploymentFactory(**kwargs)


def submit(code, *, address="203.0.113.7", rating=5, helped=True, comment=""):
    return feedback.feedback_submit(
        code=code, rating=rating, helped=helped, comment=comment, language="ur", address=address
    )


def nothing_recorded():
    return not Feedback.objects.exists() and not FeedbackTotals.objects.exists()


def test_a_valid_answer_is_recorded_with_its_comment_unread_and_counted_everywhere():
    organisation = OrganisationFactory()
    deployment = open_deployment(organisation=organisation)
    code = feedback.feedback_code_ensure(deployment=deployment).code

    answer = submit(code, rating=4, helped=True, comment="  شكراً <b>جزيلاً</b>\u202e  ")

    assert answer.comment == "شكراً <b>جزيلاً</b>"  # plain text: escaped where shown
    assert answer.comment_status == Feedback.CommentStatus.UNREAD
    assert answer.language == "ur"
    for scope in (
        {"deployment_id": deployment.pk},
        {"organisation_id": organisation.pk},
        {},
    ):
        summary = feedback.rating_summary(season=deployment.season, **scope)
        assert (summary.count, summary.average, summary.helped_share) == (
            1,
            Decimal("4.0"),
            Decimal("1.000"),
        )
        assert summary.by_score == (0, 0, 0, 1, 0)


def test_no_comment_needs_no_reading():
    code = feedback.feedback_code_ensure(deployment=open_deployment()).code
    assert submit(code).comment_status == Feedback.CommentStatus.NONE


@pytest.mark.parametrize("rating", [0, 6, -1, "five", None, "3.5"])
def test_a_rating_outside_1_to_5_is_refused_and_nothing_is_saved(rating):
    code = feedback.feedback_code_ensure(deployment=open_deployment()).code
    with pytest.raises(ValidationError) as refused:
        submit(code, rating=rating)
    assert "rating" in refused.value.message_dict
    assert nothing_recorded()


def test_a_comment_over_the_limit_is_refused_and_nothing_is_saved():
    code = feedback.feedback_code_ensure(deployment=open_deployment()).code
    with pytest.raises(ValidationError) as refused:
        submit(code, comment="ا" * (feedback.COMMENT_MAX_LENGTH + 1))
    assert "comment" in refused.value.message_dict
    assert nothing_recorded()
    # Exactly the limit is fine.
    submit(code, comment="ا" * feedback.COMMENT_MAX_LENGTH)


@pytest.mark.parametrize("code", ["", "forged-code-123", "x" * 41, "1"])
def test_a_forged_code_is_unknown(code):
    open_deployment()
    with pytest.raises(feedback.FeedbackCodeUnknown):
        submit(code)
    assert nothing_recorded()


def test_the_deployments_key_is_not_its_code():
    deployment = open_deployment()
    feedback.feedback_code_ensure(deployment=deployment)
    with pytest.raises(feedback.FeedbackCodeUnknown):
        submit(str(deployment.pk))


def test_a_new_code_retires_the_old_one_and_is_audited():
    deployment = open_deployment()
    old = feedback.feedback_code_ensure(deployment=deployment)
    staff = UserFactory(roles=[Role.OFFICE_STAFF], staff_section="men")

    new = feedback.feedback_code_issue(deployment=deployment, actor=staff)

    assert new.code != old.code and len(new.code) >= 22
    with pytest.raises(feedback.FeedbackCodeUnknown):
        submit(old.code)
    submit(new.code)
    assert FeedbackCode.objects.filter(deployment=deployment, retired_at__isnull=True).count() == 1
    assert AuditEvent.objects.filter(action="field.feedback_code_issue", actor=staff).exists()


def test_the_other_sections_staff_cannot_issue_a_code():
    deployment = open_deployment(section="men")
    staff = UserFactory(roles=[Role.OFFICE_STAFF], staff_section="women")
    with pytest.raises(PermissionDenied):
        feedback.feedback_code_issue(deployment=deployment, actor=staff)


def test_feedback_closes_two_weeks_after_the_deployment_ends():
    ended = open_deployment(
        starts_on=TODAY - datetime.timedelta(days=40),
        ends_on=TODAY - datetime.timedelta(days=feedback.FEEDBACK_DAYS_AFTER_END + 1),
    )
    code = feedback.feedback_code_ensure(deployment=ended).code
    with pytest.raises(feedback.FeedbackClosed) as closed:
        submit(code)
    assert closed.value.opens_on is None
    assert nothing_recorded()

    # The last day of the grace period still takes answers.
    ended.ends_on = TODAY - datetime.timedelta(days=feedback.FEEDBACK_DAYS_AFTER_END)
    ended.save()
    submit(code)


def test_feedback_is_not_open_before_the_deployment_starts():
    later = DeploymentFactory()  # starts in ten days
    code = feedback.feedback_code_ensure(deployment=later).code
    with pytest.raises(feedback.FeedbackClosed) as closed:
        submit(code)
    assert closed.value.opens_on == later.starts_on


def test_one_address_is_limited_and_nothing_more_is_saved(monkeypatch):
    monkeypatch.setattr(feedback, "ADDRESS_LIMIT", (3, 600))
    first = feedback.feedback_code_ensure(deployment=open_deployment()).code
    second = feedback.feedback_code_ensure(deployment=open_deployment()).code
    for _ in range(3):
        submit(first, address="198.51.100.1")
    # The limit is per address, whichever deployment it rates.
    with pytest.raises(feedback.FeedbackRateLimited) as limited:
        submit(second, address="198.51.100.1")
    assert 0 < limited.value.seconds <= 600
    assert Feedback.objects.count() == 3
    submit(second, address="198.51.100.2")  # another address is not held back


def test_one_deployment_is_limited_whatever_the_addresses(monkeypatch):
    monkeypatch.setattr(feedback, "DEPLOYMENT_LIMIT", (4, 3600))
    flooded = feedback.feedback_code_ensure(deployment=open_deployment()).code
    other = feedback.feedback_code_ensure(deployment=open_deployment()).code
    for number in range(4):
        submit(flooded, address=f"192.0.2.{number}")
    with pytest.raises(feedback.FeedbackRateLimited):
        submit(flooded, address="192.0.2.200")
    assert Feedback.objects.count() == 4
    submit(other, address="192.0.2.200")  # other deployments still take answers


def test_only_the_sections_office_publishes_and_hides_and_each_decision_is_audited():
    deployment = open_deployment(section="women")
    code = feedback.feedback_code_ensure(deployment=deployment).code
    answer = submit(code, comment="Very kind")
    men = UserFactory(roles=[Role.OFFICE_STAFF], staff_section="men")
    women = UserFactory(roles=[Role.OFFICE_STAFF], staff_section="women")
    leader = UserFactory(roles=[Role.TEAM_LEADER])

    for outsider in (men, leader):
        with pytest.raises(PermissionDenied):
            feedback.feedback_moderate(feedback=answer, actor=outsider, publish=True)
    assert feedback.published_comments(deployment_id=deployment.pk) == []

    feedback.feedback_moderate(feedback=answer, actor=women, publish=True)
    assert [c.pk for c in feedback.published_comments(deployment_id=deployment.pk)] == [answer.pk]
    feedback.feedback_moderate(feedback=answer, actor=women, publish=False)
    assert feedback.published_comments(deployment_id=deployment.pk) == []
    decisions = AuditEvent.objects.filter(object_id=str(answer.pk)).order_by("pk")
    assert [(e.action, e.section, e.after) for e in decisions] == [
        ("field.feedback_publish", "women", {"comment_status": "published"}),
        ("field.feedback_hide", "women", {"comment_status": "hidden"}),
    ]


def test_an_answer_without_comment_cannot_be_published():
    deployment = open_deployment()
    answer = submit(feedback.feedback_code_ensure(deployment=deployment).code)
    staff = UserFactory(roles=[Role.OFFICE_STAFF])
    with pytest.raises(ValidationError):
        feedback.feedback_moderate(feedback=answer, actor=staff, publish=True)


def test_the_summary_is_one_query(django_assert_num_queries):
    deployment = open_deployment()
    feedback.feedback_record(deployment=deployment, rating=3, helped=False)
    with django_assert_num_queries(1):
        summary = feedback.rating_summary(season=deployment.season, deployment_id=deployment.pk)
    assert summary.helped_percent == 0


def test_an_empty_summary():
    summary = feedback.rating_summary(season=1448, deployment_id=999_999)
    assert (summary.count, summary.average, summary.helped_share) == (0, None, None)


# The running totals always equal the feedback added up again ------------------------------

answers = st.lists(
    st.tuples(st.integers(0, 2), st.integers(1, 5), st.booleans()), min_size=1, max_size=25
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(answers=answers)
def test_running_totals_equal_the_feedback_added_up(answers):
    Feedback.objects.all().delete()
    FeedbackTotals.objects.all().delete()
    organisation = OrganisationFactory()
    deployments = [
        open_deployment(organisation=organisation),
        open_deployment(organisation=organisation),
        open_deployment(),  # no organisation
    ]
    for which, rating, helped in answers:
        feedback.feedback_record(deployment=deployments[which], rating=rating, helped=helped)

    season = deployments[0].season
    scopes = [({}, Q())]
    scopes.append(({"organisation_id": organisation.pk}, Q(deployment__organisation=organisation)))
    scopes += [({"deployment_id": d.pk}, Q(deployment=d)) for d in deployments]
    running = {str(scope): feedback.rating_summary(season=season, **scope) for scope, _ in scopes}
    for scope, condition in scopes:
        found = Feedback.objects.filter(condition)
        added = found.aggregate(
            count=Count("pk"),
            helped=Count("pk", filter=Q(helped=True)),
            **{f"s{n}": Count("pk", filter=Q(rating=n)) for n in range(1, 6)},
        )
        summary = running[str(scope)]
        assert summary.count == added["count"]
        assert summary.by_score == tuple(added[f"s{n}"] for n in range(1, 6))
        share = Decimal(added["helped"]) / added["count"] if added["count"] else None
        assert summary.helped_share == (
            share.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP) if share is not None else None
        )

    # Rebuilding from the feedback gives the same totals.
    feedback.feedback_totals_rebuild(season=season)
    for scope, _condition in scopes:
        assert feedback.rating_summary(season=season, **scope) == running[str(scope)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_simultaneous_answers_are_all_counted():
    """On PostgreSQL: twenty answers to a deployment nobody has rated yet, at once; each
    creates or adds to the same three totals rows, and none is lost."""
    require("postgres", connection.vendor == "postgresql", "needs concurrent transactions")
    deployment = open_deployment(organisation=OrganisationFactory())
    errors = at_once(
        20, lambda: feedback.feedback_record(deployment=deployment, rating=4, helped=True)
    )
    assert not errors
    for scope in (
        {},
        {"organisation_id": deployment.organisation_id},
        {"deployment_id": deployment.pk},
    ):
        summary = feedback.rating_summary(season=deployment.season, **scope)
        assert (summary.count, summary.by_score) == (20, (0, 0, 0, 20, 0))

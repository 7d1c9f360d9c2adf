"""Field roles and their requirements: a volunteer is eligible, or not with the reasons;
assignment to a deployment refuses the ineligible, lets office staff override with a reason,
and keeps to the capacity."""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from courses.models import CourseCompletion, Enrolment
from field.eligibility import EXPIRED, EXPIRING, MET, MISSING, evaluate
from field.models import Assignment, RoleRequirement
from field.services import deployment_assign
from knowledge_base.services import acknowledgement_create
from lms.roles import Role
from tests.factories import (
    AssignmentFactory,
    DeploymentFactory,
    FieldRoleFactory,
    HoursEntryFactory,
    RoleRequirementFactory,
    ServiceCategoryFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 27)


@pytest.fixture
def role(make_course, make_article):
    first_aid = make_course(title="الإسعافات الأولية", validity_months=24).course
    crowd = make_course(title="إدارة الحشود").course
    guiding = make_course(title="إرشاد التائهين").course
    conduct = make_article(title="ميثاق المتطوع", requires_acknowledgement=True)
    role = FieldRoleFactory(
        name_ar="مسعف في المسجد النبوي",
        name_en="Ambulance volunteer at the Prophet's Mosque",
        category=ServiceCategoryFactory(slug="training"),
        minimum_age=18,
        section="men",
        requirements=[first_aid, conduct],
    )
    # Either of two courses will do.
    RoleRequirementFactory(role=role, page=crowd, alternatives=1)
    RoleRequirementFactory(role=role, page=guiding, alternatives=1)
    role.courses = {"first_aid": first_aid, "crowd": crowd, "guiding": guiding}
    role.conduct = conduct
    return role


def completed(user, course, *, days_ago: int, valid_months: int | None = None):
    """A completion ``days_ago`` days before TODAY, valid ``valid_months`` months."""
    when = timezone.make_aware(
        datetime.datetime.combine(TODAY - timedelta(days=days_ago), datetime.time(10))
    )
    enrolment, _ = Enrolment.objects.get_or_create(
        user=user, course_key=course.translation_key, defaults={"course": course}
    )
    expires = when + timedelta(days=30 * valid_months) if valid_months else None
    return CourseCompletion.objects.create(
        enrolment=enrolment,
        user=user,
        course_key=course.translation_key,
        completed_at=when,
        expires_at=expires,
    )


def ready(user, role):
    completed(user, role.courses["first_aid"], days_ago=30, valid_months=24)
    completed(user, role.courses["guiding"], days_ago=10)
    acknowledgement_create(user=user, article=role.conduct)


def statuses(eligibility):
    return {(f.kind, f.what or f.needed): f.status for f in eligibility.findings}


def test_a_volunteer_who_meets_everything_is_eligible(role):
    volunteer = UserFactory()
    ready(volunteer, role)
    answer = evaluate(role=role, volunteer_ids=[volunteer.pk], on=TODAY)[volunteer.pk]
    assert answer.eligible
    assert set(statuses(answer).values()) == {MET}


def test_each_missing_requirement_is_named(role):
    volunteer = UserFactory(section="women", date_of_birth=datetime.date(2010, 1, 1))
    answer = evaluate(role=role, volunteer_ids=[volunteer.pk], on=TODAY)[volunteer.pk]
    assert not answer.eligible
    found = statuses(answer)
    assert found[("section", "men")] == MISSING
    assert found[("age", "18")] == MISSING
    assert found[("course", "الإسعافات الأولية")] == MISSING
    assert found[("article", "ميثاق المتطوع")] == MISSING
    # Neither alternative is done: both are reported.
    assert found[("course", "إدارة الحشود")] == found[("course", "إرشاد التائهين")] == MISSING
    messages = [f.message("en") for f in answer.problems]
    assert "Serves in the Men's section only" in messages[0] or any(
        "section" in m.lower() for m in messages
    )


def test_a_course_taken_25_months_ago_is_expired_with_its_date(role):
    volunteer = UserFactory()
    ready(volunteer, role)
    CourseCompletion.objects.filter(user=volunteer).delete()
    old = completed(volunteer, role.courses["first_aid"], days_ago=25 * 30 + 5, valid_months=24)
    completed(volunteer, role.courses["crowd"], days_ago=5)
    answer = evaluate(role=role, volunteer_ids=[volunteer.pk], on=TODAY)[volunteer.pk]
    finding = next(f for f in answer.findings if f.what == "الإسعافات الأولية")
    assert finding.status == EXPIRED
    assert finding.date == timezone.localdate(old.expires_at)
    assert not answer.eligible
    assert "expired on" in finding.message("en")
    # The role's own validity overrides the course's: 36 months make it count again.
    RoleRequirement.objects.filter(course=role.courses["first_aid"]).update(validity_months=36)
    answer = evaluate(role=role, volunteer_ids=[volunteer.pk], on=TODAY)[volunteer.pk]
    assert answer.eligible


def test_a_requirement_expiring_before_the_deployment_ends_is_flagged(role):
    volunteer = UserFactory()
    ready(volunteer, role)
    CourseCompletion.objects.filter(
        user=volunteer, course_key=role.courses["first_aid"].translation_key
    ).delete()
    completed(volunteer, role.courses["first_aid"], days_ago=715, valid_months=24)
    answer = evaluate(
        role=role, volunteer_ids=[volunteer.pk], on=TODAY, until=TODAY + timedelta(days=40)
    )[volunteer.pk]
    assert answer.eligible
    assert [f.status for f in answer.problems] == [EXPIRING]


def test_the_day_a_course_expires_counts_in_the_office_time_zone(role):
    """Expiring on the day of the check is expired; on the deployment's last day, expiring;
    the day after, met. The day is Madinah's: 23:30 UTC is already the next day there."""
    volunteer = UserFactory()
    ready(volunteer, role)
    first_aid = role.courses["first_aid"]
    until = TODAY + timedelta(days=40)

    def expiring(day, hour, minute=0):
        moment = datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=datetime.UTC)
        CourseCompletion.objects.filter(
            user=volunteer, course_key=first_aid.translation_key
        ).update(expires_at=moment)
        answer = evaluate(role=role, volunteer_ids=[volunteer.pk], on=TODAY, until=until)
        finding = next(f for f in answer[volunteer.pk].findings if f.what == first_aid.title)
        return finding.status, finding.date

    assert expiring(TODAY, 20, 59) == (EXPIRED, TODAY)  # 23:59 in Madinah
    assert expiring(TODAY, 21) == (EXPIRING, TODAY + timedelta(days=1))
    assert expiring(until, 20, 59) == (EXPIRING, until)
    assert expiring(until - timedelta(days=1), 23, 30) == (EXPIRING, until)
    assert expiring(until, 21) == (MET, until + timedelta(days=1))


def test_the_newest_completion_counts_after_a_retake(role):
    volunteer = UserFactory()
    ready(volunteer, role)
    CourseCompletion.objects.filter(
        user=volunteer, course_key=role.courses["first_aid"].translation_key
    ).delete()
    completed(volunteer, role.courses["first_aid"], days_ago=800, valid_months=24)
    assert not evaluate(role=role, volunteer_ids=[volunteer.pk], on=TODAY)[volunteer.pk].eligible
    completed(volunteer, role.courses["first_aid"], days_ago=1, valid_months=24)
    assert evaluate(role=role, volunteer_ids=[volunteer.pk], on=TODAY)[volunteer.pk].eligible


def test_languages_and_field_hours(role):
    role.languages, role.minimum_field_hours = ["ur"], Decimal("10")
    role.save()
    volunteer = UserFactory(spoken_languages=["ar"])
    ready(volunteer, role)
    found = statuses(evaluate(role=role, volunteer_ids=[volunteer.pk], on=TODAY)[volunteer.pk])
    assert found[("languages", "ur")] == found[("field_hours", "10")] == MISSING
    volunteer.spoken_languages = ["ar", "ur"]
    volunteer.save()
    HoursEntryFactory(approved=True, volunteer=volunteer, kind="field", hours=12, served_on=TODAY)
    assert evaluate(role=role, volunteer_ids=[volunteer.pk], on=TODAY)[volunteer.pk].eligible


def test_a_roster_is_checked_in_a_fixed_number_of_queries(role, django_assert_num_queries):
    people = [UserFactory() for _ in range(3)]
    for person in people[:2]:
        ready(person, role)
    with django_assert_num_queries(QUERIES_ROSTER_CHECK):
        small = evaluate(role=role, volunteer_ids=[p.pk for p in people], on=TODAY)
    more = people + [UserFactory() for _ in range(12)]
    for person in more[3:9]:
        ready(person, role)
    with django_assert_num_queries(QUERIES_ROSTER_CHECK):
        large = evaluate(role=role, volunteer_ids=[p.pk for p in more], on=TODAY)
    assert [small[p.pk].eligible for p in people] == [True, True, False]
    assert sum(answer.eligible for answer in large.values()) == 8


QUERIES_ROSTER_CHECK = 2  # the requirements, then the people with what each requirement asks


@pytest.fixture
def deployment(role, office_staff):
    return DeploymentFactory(
        role=role,
        service_point="باب السلام",
        section="men",
        starts_on=TODAY + timedelta(days=10),
        ends_on=TODAY + timedelta(days=40),
        capacity=3,
        created_by=office_staff,
    )


def test_a_team_leader_assigns_a_team_and_an_expired_member_is_refused(role, deployment):
    leader = UserFactory(roles=[Role.TEAM_LEADER])
    members = [UserFactory() for _ in range(3)]
    team = TeamFactory(section="men", leaders=[leader], members=members)
    for member in members:
        ready(member, role)
    CourseCompletion.objects.filter(
        user=members[2], course_key=role.courses["first_aid"].translation_key
    ).delete()
    completed(members[2], role.courses["first_aid"], days_ago=800, valid_months=24)

    result = deployment_assign(deployment=deployment, volunteers=members, actor=leader, team=team)
    assert result.assigned == members[:2]
    ((refused, eligibility),) = result.refused
    assert refused == members[2]
    assert "expired on" in eligibility.problems[0].message("en")
    assert Assignment.objects.filter(deployment=deployment).count() == 2

    # After the retake, the same assignment succeeds; the others are already there.
    completed(members[2], role.courses["first_aid"], days_ago=1, valid_months=24)
    again = deployment_assign(deployment=deployment, volunteers=members, actor=leader, team=team)
    assert again.assigned == [members[2]] and again.already == members[:2]


def test_office_staff_override_with_a_reason_and_the_capacity_holds(
    role, deployment, office_staff, team_leader
):
    unready = UserFactory()
    with pytest.raises(PermissionDenied):  # a leader may not override, nor assign outside a team
        deployment_assign(
            deployment=deployment, volunteers=[unready], actor=team_leader, override_reason="needed"
        )
    result = deployment_assign(
        deployment=deployment,
        volunteers=[unready],
        actor=office_staff,
        override_reason="Paramedic by profession; the course is booked for next week",
    )
    assert result.overridden == [unready]
    assignment = Assignment.objects.get(volunteer=unready)
    assert assignment.override_reason.startswith("Paramedic")
    assert {f["kind"] for f in assignment.override_findings} >= {"course", "article"}
    others = [UserFactory() for _ in range(3)]
    for person in others:
        ready(person, role)
    result = deployment_assign(deployment=deployment, volunteers=others, actor=office_staff)
    assert len(result.assigned) == 2 and result.full == [others[2]]
    assert deployment.assignments.count() == 3


def test_a_leader_may_not_assign_people_outside_the_team(role, deployment):
    leader = UserFactory(roles=[Role.TEAM_LEADER])
    team = TeamFactory(section="men", leaders=[leader])
    stranger = UserFactory()
    ready(stranger, role)
    with pytest.raises(PermissionDenied):
        deployment_assign(deployment=deployment, volunteers=[stranger], actor=leader, team=team)
    other_team = TeamFactory(section="men", members=[stranger])
    with pytest.raises(PermissionDenied):
        deployment_assign(
            deployment=deployment, volunteers=[stranger], actor=leader, team=other_team
        )
    assert not Assignment.objects.exists()


def test_the_roster_page_shows_readiness_and_refuses_with_reasons(
    client, role, deployment, django_assert_num_queries
):
    leader = UserFactory(roles=[Role.TEAM_LEADER])
    members = [UserFactory() for _ in range(2)]
    team = TeamFactory(section="men", name="فريق باب السلام", leaders=[leader], members=members)
    ready(members[0], role)
    client.force_login(leader)
    listing = client.get("/en/deployments/")
    assert "باب السلام" in listing.content.decode()
    response = client.post(f"/en/deployments/{deployment.pk}/", {"team": team.pk})
    page = response.content.decode()
    assert response.status_code == 200 and "Not assigned" in page
    assert "not completed" in page and "not acknowledged" in page
    assert list(deployment.assignments.values_list("volunteer", flat=True)) == [members[0].pk]
    client.get(f"/en/deployments/{deployment.pk}/")  # the shared caches warm, as in use
    with django_assert_num_queries(QUERIES_ROSTER_PAGE):
        client.get(f"/en/deployments/{deployment.pk}/")
    for _ in range(2):
        extra = UserFactory()
        ready(extra, role)
        AssignmentFactory(deployment=deployment, volunteer=extra)
    client.get(f"/en/deployments/{deployment.pk}/")  # the shared caches warm, as in use
    with django_assert_num_queries(QUERIES_ROSTER_PAGE):
        roster = client.get(f"/en/deployments/{deployment.pk}/")
    assert roster.content.decode().count("Ready") >= 3


# With the roles and the menu from the shared cache; and the shifts offered on the form, and
# the people served.
QUERIES_ROSTER_PAGE = 11


def test_deployment_pages_are_for_office_staff_and_the_right_leaders(client, deployment, volunteer):
    client.force_login(volunteer)
    assert client.get("/en/deployments/").status_code == 404
    assert client.get(f"/en/deployments/{deployment.pk}/").status_code == 404
    women_leader = UserFactory(roles=[Role.TEAM_LEADER], section="women")
    TeamFactory(section="women", leaders=[women_leader])
    client.force_login(women_leader)
    assert client.get(f"/en/deployments/{deployment.pk}/").status_code == 404


def test_the_roster_is_checked_again_when_the_deployment_starts(
    role, deployment, office_staff, mailoutbox, django_capture_on_commit_callbacks
):
    from field.rosters import deployment_recheck
    from field.tasks import deployments_starting_recheck

    volunteers = [UserFactory() for _ in range(2)]
    for volunteer in volunteers:
        ready(volunteer, role)
    deployment_assign(deployment=deployment, volunteers=volunteers, actor=office_staff)
    # Between assignment and the start, one volunteer's course runs out.
    CourseCompletion.objects.filter(
        user=volunteers[1], course_key=role.courses["first_aid"].translation_key
    ).update(
        expires_at=timezone.make_aware(
            datetime.datetime.combine(deployment.starts_on, datetime.time(0))
        )
        - timedelta(days=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert deployments_starting_recheck(today=deployment.starts_on) == 1
    checked = {a.volunteer_id: a for a in deployment.assignments.all()}
    assert checked[volunteers[0].pk].checked_at and checked[volunteers[0].pk].check_findings == []
    assert [f["status"] for f in checked[volunteers[1].pk].check_findings] == [EXPIRED]
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [office_staff.email]
    with django_capture_on_commit_callbacks(execute=True):
        assert deployment_recheck(deployment_id=deployment.pk) == 1  # again: same answer


def test_volunteers_are_reminded_once_of_what_expires_around_their_deployment(
    role, deployment, office_staff, mailoutbox, django_capture_on_commit_callbacks
):
    from field.rosters import readiness_reminders

    volunteer = UserFactory(preferred_language="en")
    ready(volunteer, role)
    deployment_assign(deployment=deployment, volunteers=[volunteer], actor=office_staff)
    # First aid expires during the deployment.
    CourseCompletion.objects.filter(
        user=volunteer, course_key=role.courses["first_aid"].translation_key
    ).update(
        expires_at=timezone.make_aware(
            datetime.datetime.combine(deployment.starts_on + timedelta(days=5), datetime.time(12))
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert readiness_reminders(today=TODAY) == 1
        assert readiness_reminders(today=TODAY + timedelta(days=1)) == 0  # once
    assert len(mailoutbox) == 1
    assert "Renew before your deployment" in mailoutbox[0].subject
    assert "الإسعافات الأولية" in mailoutbox[0].body

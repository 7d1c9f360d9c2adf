"""Volunteer-work licences: issued when the level's requirements are met, to people and to
teams; they lapse on their own when a requirement expires, and the verification page says
so; suspension and revocation need office staff and a reason."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from certificates.models import Certificate
from certificates.selectors import verification
from courses.models import CourseCompletion, Enrolment
from field.eligibility import standing
from field.licences import ChangeLicence, IssueLicence
from tests.factories import FieldRoleFactory, LicencePolicyFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """Refusals are read in English here (the admin pages below stay in Arabic)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def first_aid(make_course):
    return make_course(title="الإسعافات الأولية", validity_months=24).course


@pytest.fixture
def policies(first_aid):
    for level in ("practitioner", "team_leader"):
        # The requirements of a level are those of a field role used as a profile.
        LicencePolicyFactory(
            level=level, validity_months=12, requirements__requirements=[first_aid]
        )


def completed(user, course, *, expires_in_days: int):
    enrolment, _ = Enrolment.objects.get_or_create(
        user=user, course_key=course.translation_key, defaults={"course": course}
    )
    now = timezone.now()
    return CourseCompletion.objects.create(
        enrolment=enrolment,
        user=user,
        course_key=course.translation_key,
        completed_at=now - timedelta(days=30),
        expires_at=now + timedelta(days=expires_in_days),
    )


def test_a_licence_needs_its_requirements_and_lapses_when_the_course_expires(
    policies, first_aid, office_staff, client, django_capture_on_commit_callbacks
):
    volunteer = UserFactory()
    with pytest.raises(ValidationError, match="requirements are not met"):
        IssueLicence(level="practitioner", holder=volunteer, user=office_staff).execute()
    completion = completed(volunteer, first_aid, expires_in_days=100)
    with django_capture_on_commit_callbacks(execute=True):
        licence = IssueLicence(level="practitioner", holder=volunteer, user=office_staff).execute()
    card = Certificate.objects.get(kind="licence")
    assert card.rendered_at is not None and card.holder == volunteer
    assert verification(card.code).status == "valid"
    assert licence.events.get().action == "issue" and licence.events.get().actor == office_staff

    # The course it rests on expires: the licence lapses without anyone acting.
    yesterday = timezone.now() - timedelta(days=1)
    CourseCompletion.objects.filter(pk=completion.pk).update(expires_at=yesterday)
    answer = verification(card.code)
    assert answer.status == "lapsed" and answer.date == timezone.localdate(yesterday)
    page = client.get(f"/en/verify/{card.code}/").content.decode()
    assert "Lapsed" in page and "expired on" in page
    assert client.get(f"/api/v1/certificates/{card.code}/").json()["status"] == "lapsed"
    assert standing(licence).status == "lapsed"


def test_suspension_revocation_and_renewal(policies, first_aid, office_staff, trainer):
    volunteer = UserFactory()
    completed(volunteer, first_aid, expires_in_days=300)
    licence = IssueLicence(level="practitioner", holder=volunteer, user=office_staff).execute()
    card = Certificate.objects.get(kind="licence")
    with pytest.raises(PermissionDenied):
        ChangeLicence(licence=licence, user=trainer, action="suspend", reason="x").execute()
    with pytest.raises(ValidationError):
        ChangeLicence(licence=licence, user=office_staff, action="suspend").execute()
    ChangeLicence(
        licence=licence, user=office_staff, action="suspend", reason="Complaint under review"
    ).execute()
    assert verification(card.code).status == "suspended"
    ChangeLicence(
        licence=licence, user=office_staff, action="reinstate", reason="Complaint dismissed"
    ).execute()
    assert verification(card.code).status == "valid"
    ChangeLicence(licence=licence, user=office_staff, action="renew").execute()
    assert Certificate.objects.filter(kind="licence").count() == 2  # a new card
    ChangeLicence(
        licence=licence, user=office_staff, action="revoke", reason="Misconduct in the field"
    ).execute()
    assert {verification(c.code).status for c in Certificate.objects.filter(kind="licence")} == {
        "revoked"
    }
    assert [e.action for e in licence.events.all()] == [
        "issue",
        "suspend",
        "reinstate",
        "renew",
        "revoke",
    ]
    with pytest.raises(ValidationError):
        ChangeLicence(licence=licence, user=office_staff, action="renew").execute()


def test_a_team_licence_needs_a_licensed_leader_and_licensed_members(
    policies, first_aid, office_staff
):
    leader, members = UserFactory(), [UserFactory() for _ in range(2)]
    team = TeamFactory(leaders=[leader], members=members)
    for person in [leader, *members]:
        completed(person, first_aid, expires_in_days=200)
    with pytest.raises(ValidationError):
        IssueLicence(level="practitioner", team=team, user=office_staff).execute()
    IssueLicence(level="team_leader", holder=leader, user=office_staff).execute()
    IssueLicence(level="practitioner", holder=members[0], user=office_staff).execute()
    with pytest.raises(ValidationError):  # the second member has none yet
        IssueLicence(level="practitioner", team=team, user=office_staff).execute()
    member_licence = IssueLicence(
        level="practitioner", holder=members[1], user=office_staff
    ).execute()
    team_licence = IssueLicence(level="practitioner", team=team, user=office_staff).execute()
    assert standing(team_licence).status == "valid"
    ChangeLicence(
        licence=member_licence, user=office_staff, action="suspend", reason="Absent without notice"
    ).execute()
    assert standing(team_licence).status == "lapsed"
    assert standing(team_licence).blocking == [members[1].display_name]


def test_the_licences_page_links_card_verification_history_and_names_blockers(
    client, policies, first_aid, office_staff
):
    leader, member = UserFactory(), UserFactory(first_name="Blocking", last_name="Member")
    team = TeamFactory(leaders=[leader], members=[member])
    for person in (leader, member):
        completed(person, first_aid, expires_in_days=200)
    IssueLicence(level="team_leader", holder=leader, user=office_staff).execute()
    own = IssueLicence(level="practitioner", holder=member, user=office_staff).execute()
    IssueLicence(level="practitioner", team=team, user=office_staff).execute()
    ChangeLicence(licence=own, user=office_staff, action="suspend", reason="Review").execute()
    client.force_login(office_staff)
    page = client.get("/admin/accreditation/licences/").content.decode()
    card = Certificate.objects.filter(kind="licence", holder=leader).first()
    assert card is not None
    assert f"/certificates/{card.code}/download/" in page and f"/verify/{card.code}/" in page
    assert f"/licences/{own.pk}/card/" in page  # the wallet card
    assert "Review" in page  # the history, with the reason
    with translation.override("ar"):
        shown_as = member.display_name  # the admin speaks the clerk's language
    assert page.count(shown_as) >= 2  # holder, and blocker of the team licence
    # No action or level chosen before the clerk chooses one.
    assert '<option value="" selected>' in page or '<option value="">' in page
    assert 'name="action" required' in page
    export = client.get("/admin/accreditation/licences/?export=csv")
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert shown_as in body and body.count("\n") >= 6


def test_one_licence_per_person_and_level(policies, first_aid, office_staff):
    volunteer = UserFactory()
    completed(volunteer, first_aid, expires_in_days=200)
    IssueLicence(level="practitioner", holder=volunteer, user=office_staff).execute()
    with pytest.raises(ValidationError, match="already held"):
        IssueLicence(level="practitioner", holder=volunteer, user=office_staff).execute()
    assert timezone.localdate() < volunteer.licences.get().expires_on


def test_office_staff_issue_and_change_licences_in_the_admin(
    policies, first_aid, office_staff, trainer, django_assert_num_queries
):
    from django.test import Client

    from field.models import Licence

    people = [UserFactory() for _ in range(3)]
    for person in people:
        completed(person, first_aid, expires_in_days=200)
    client = Client()
    client.force_login(trainer)
    assert client.get("/admin/accreditation/licences/").status_code == 302  # sent away
    client.force_login(office_staff)
    refused = client.post(
        "/admin/accreditation/licences/", {"level": "practitioner", "email": UserFactory().email}
    )
    assert refused.status_code == 200 and "المتطلبات غير مستوفاة" in refused.content.decode()
    client.post(
        "/admin/accreditation/licences/", {"level": "practitioner", "email": people[0].email}
    )
    licence = Licence.objects.get()
    client.post(
        f"/admin/accreditation/licences/{licence.pk}/change/",
        {"action": "suspend", "reason": "Under review"},
    )
    assert Licence.objects.get().status == "suspended"
    IssueLicence(level="practitioner", holder=people[1], user=office_staff).execute()
    client.get("/admin/accreditation/licences/")
    with django_assert_num_queries(QUERIES_LICENCES_PAGE):
        client.get("/admin/accreditation/licences/")
    IssueLicence(level="practitioner", holder=people[2], user=office_staff).execute()
    client.get("/admin/accreditation/licences/")  # the shared caches warm, as in use
    with django_assert_num_queries(QUERIES_LICENCES_PAGE):
        page = client.get("/admin/accreditation/licences/")
    assert page.content.decode().count("ساري") + page.content.decode().count("In force") >= 2


QUERIES_LICENCES_PAGE = 16  # and the events of the page's licences, and their cards


def test_a_field_role_can_require_a_licence_in_force(policies, first_aid, office_staff):
    from field.eligibility import MISSING, evaluate

    role = FieldRoleFactory(
        name_ar="قائد ميداني", name_en="Field lead", licence_level="team_leader"
    )
    volunteer = UserFactory()
    completed(volunteer, first_aid, expires_in_days=200)
    answer = evaluate(role=role, volunteer_ids=[volunteer.pk])[volunteer.pk]
    assert [(f.kind, f.status) for f in answer.findings] == [("licence", MISSING)]
    assert "Team leader" in answer.findings[0].message("en")
    licence = IssueLicence(level="team_leader", holder=volunteer, user=office_staff).execute()
    assert evaluate(role=role, volunteer_ids=[volunteer.pk])[volunteer.pk].eligible
    ChangeLicence(licence=licence, user=office_staff, action="suspend", reason="Review").execute()
    assert not evaluate(role=role, volunteer_ids=[volunteer.pk])[volunteer.pk].eligible

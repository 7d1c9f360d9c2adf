import datetime

import pytest
from django.utils import timezone

from courses import services
from courses.models import Enrolment
from lms.models import Section
from lms.pages import interface_url
from lms.roles import Role
from tests.factories import OrganisationFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def enrol_url(course, language="en"):
    return f"/{language}/learning/enrol/{course.pk}/"


def test_volunteer_enrols_by_post(client, volunteer, course):
    client.force_login(volunteer)
    response = client.post(enrol_url(course.course))
    assert response.status_code == 302
    # Back to the course with the interface in the language the volunteer used.
    assert response["Location"] == interface_url(course.course, language="en")
    enrolment = Enrolment.objects.get(user=volunteer)
    assert enrolment.course_key == course.course.translation_key
    assert enrolment.enrolled_by == volunteer


def test_enrolling_twice_says_so_and_keeps_one_enrolment(client, volunteer, course):
    client.force_login(volunteer)
    client.post(enrol_url(course.course))
    response = client.post(enrol_url(course.course), follow=True)
    assert Enrolment.objects.filter(user=volunteer).count() == 1
    messages = [str(m) for m in response.context["messages"]]
    assert messages[-1] == "You are already enrolled in this course."


def test_a_get_never_enrols(client, volunteer, course):
    client.force_login(volunteer)
    assert client.get(enrol_url(course.course)).status_code == 405
    assert not Enrolment.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, course):
    response = client.post(enrol_url(course.course))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Enrolment.objects.exists()


def test_unpublished_course_refuses(client, volunteer, course):
    course.course.unpublish()
    client.force_login(volunteer)
    response = client.post(enrol_url(course.course))
    assert response.status_code == 403
    assert "This course is not published." in response.content.decode()
    assert not Enrolment.objects.exists()


def test_other_section_refuses(client, make_course):
    tree = make_course(audience_section=Section.WOMEN)
    man = UserFactory(section=Section.MEN)
    client.force_login(man)
    response = client.post(enrol_url(tree.course))
    assert response.status_code == 403
    assert "This course is for the Women&#x27;s section only." in response.content.decode()
    assert not Enrolment.objects.exists()


def test_organisation_audience(make_course):
    red_crescent = OrganisationFactory()
    tree = make_course()
    tree.course.audience_organisations.set([red_crescent])
    tree.course.save_revision().publish()
    outsider = UserFactory()
    member = UserFactory(organisation=red_crescent)
    with pytest.raises(services.EnrolmentRefused):
        services.enrolment_create(user=outsider, course=tree.course)
    assert services.enrolment_create(user=member, course=tree.course).user == member


def test_missing_prerequisite_is_named_at_enrolment(client, volunteer, make_course):
    first_aid = make_course(title="الإسعافات الأولية")
    guiding = make_course(title="إرشاد التائهين", prerequisites=[first_aid.course])
    client.force_login(volunteer)
    response = client.post(enrol_url(guiding.course, "ar"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "الإسعافات الأولية" in page
    assert first_aid.course.url in page
    assert not Enrolment.objects.exists()


def test_expired_prerequisite_is_named_with_its_date(client, volunteer, make_course):
    first_aid = make_course(title="First aid", validity_months=24)
    guiding = make_course(title="Guiding", prerequisites=[first_aid.course])
    Enrolment.objects.create(
        user=volunteer,
        course=first_aid.course,
        course_key=first_aid.course.translation_key,
        completed_at=timezone.now() - datetime.timedelta(days=25 * 30),
        expires_at=datetime.datetime(2025, 1, 10, 9, tzinfo=datetime.UTC),
    )
    client.force_login(volunteer)
    response = client.post(enrol_url(guiding.course))
    assert response.status_code == 403
    page = response.content.decode()
    assert "First aid" in page
    assert "expired on 10 January 2025" in page


def test_met_prerequisite_lets_enrolment_through(volunteer, make_course):
    first_aid = make_course(validity_months=24)
    guiding = make_course(prerequisites=[first_aid.course])
    Enrolment.objects.create(
        user=volunteer,
        course=first_aid.course,
        course_key=first_aid.course.translation_key,
        completed_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(days=300),
    )
    assert services.enrolment_create(user=volunteer, course=guiding.course)


def test_team_leader_enrols_own_team_only(client, course):
    leader = UserFactory(roles=[Role.TEAM_LEADER])
    own = TeamFactory()
    own.leaders.add(leader)
    members = [UserFactory() for _ in range(3)]
    own.members.add(*members)
    other = TeamFactory()
    other.members.add(UserFactory())
    client.force_login(leader)

    response = client.post(f"/en/learning/enrol-team/{course.course.pk}/", {"team": own.pk})
    assert response.status_code == 302
    assert set(Enrolment.objects.values_list("user", flat=True)) == {m.pk for m in members}
    assert set(Enrolment.objects.values_list("enrolled_by", flat=True)) == {leader.pk}

    response = client.post(f"/en/learning/enrol-team/{course.course.pk}/", {"team": other.pk})
    assert response.status_code == 403
    assert Enrolment.objects.count() == 3


def test_team_enrolment_reports_refusals_and_repeats(course, make_course, office_staff):
    women_only = make_course(audience_section=Section.WOMEN)
    team = TeamFactory(section=Section.MEN)
    team.members.add(UserFactory(section=Section.MEN), UserFactory(section=Section.MEN))
    result = services.team_enrol(actor=office_staff, team=team, course=women_only.course)
    assert len(result.refused) == 2 and not result.enrolled
    services.team_enrol(actor=office_staff, team=team, course=course.course)
    again = services.team_enrol(actor=office_staff, team=team, course=course.course)
    assert len(again.already) == 2 and not again.enrolled


def test_office_staff_limited_to_a_section_enrol_only_that_section(course):
    staff = UserFactory(roles=[Role.OFFICE_STAFF], staff_section=Section.WOMEN)
    team = TeamFactory(section=Section.MEN)
    with pytest.raises(services.PermissionDenied):
        services.team_enrol(actor=staff, team=team, course=course.course)


def test_volunteer_cannot_enrol_a_team(client, volunteer, course):
    team = TeamFactory()
    team.members.add(UserFactory())
    client.force_login(volunteer)
    response = client.post(f"/en/learning/enrol-team/{course.course.pk}/", {"team": team.pk})
    assert response.status_code == 403
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize("team", ["", "abc", "999999", "1 OR 1=1"])
def test_team_enrolment_with_a_forged_team_is_not_found(client, office_staff, course, team):
    client.force_login(office_staff)
    response = client.post(f"/en/learning/enrol-team/{course.course.pk}/", {"team": team})
    assert response.status_code == 404
    assert not Enrolment.objects.exists()


def test_a_new_catalogue_in_the_admin_goes_under_the_office_workflow(locales, trainer):
    from wagtail import hooks
    from wagtail.models import Site

    from accreditation.wagtail_hooks import attach_office_accreditation
    from courses.models import CourseIndexPage

    home = Site.objects.get(is_default_site=True).root_page
    catalogue = CourseIndexPage(title="Another catalogue", slug="more-courses")
    home.add_child(instance=catalogue)
    assert attach_office_accreditation in hooks.get_hooks("after_create_page")
    attach_office_accreditation(None, catalogue)
    assert catalogue.get_workflow().name == "اعتماد المكتب"
    assert catalogue.permissions_for_user(trainer).can_add_subpage()


def test_an_expired_course_offers_a_refresher_that_starts_over(client, volunteer, make_course):
    from datetime import timedelta

    from django.utils import timezone

    from courses.models import Enrolment

    tree = make_course(validity_months=24)
    client.force_login(volunteer)
    client.post(f"/ar/learning/enrol/{tree.course.pk}/")
    for lesson in tree.lessons:
        client.post(f"/ar/learning/lessons/{lesson.pk}/complete/")
    enrolment = Enrolment.objects.get(user=volunteer)
    assert enrolment.completed_at is not None
    page = client.get(tree.course.url).content.decode()
    assert "Take the course again" not in page and f"/learning/enrol/{tree.course.pk}/" not in page
    Enrolment.objects.filter(pk=enrolment.pk).update(expires_at=timezone.now() - timedelta(days=3))
    client.cookies.load({"manara_language": "en"})
    page = client.get(tree.course.url.replace("/ar/", "/en/", 1)).content.decode()
    assert "Expired on" in page and "Take the course again" in page
    client.post(f"/en/learning/enrol/{tree.course.pk}/")
    enrolment.refresh_from_db()
    assert (enrolment.completed_at, enrolment.progress_percent) == (None, 0)
    assert enrolment.completions.count() == 1  # the earlier completion is kept

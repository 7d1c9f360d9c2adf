"""The shared caches of pages (``lms.pagecache``, the course page's fragments) never show a
stale page: each test warms the cache with a first visit, changes what it was read from,
and looks again. And nothing one learner sees leaks to another through a shared key."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import translation
from wagtail.models import PageViewRestriction

from courses.models import CourseIndexPage
from courses.services import enrolment_create, lesson_complete
from lms.roles import Role, role_names
from tests.conftest import PASSWORD
from tests.course_fixtures import publish_child
from tests.factories import CourseAccreditationFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.login(username=user.email, password=PASSWORD)
    return client


def _page(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def test_a_published_revision_shows_at_once(course, volunteer):
    client = _client(volunteer)
    assert "ملخص الدورة" in _page(client, course.course.url)
    course.course.summary = "ملخص جديد"
    course.course.save_revision().publish()
    assert "ملخص جديد" in _page(client, course.course.url)


def test_a_draft_is_not_shown(course, volunteer):
    client = _client(volunteer)
    _page(client, course.course.url)
    course.course.summary = "مسودة"
    course.course.save_revision()
    assert "مسودة" not in _page(client, course.course.url)


def test_an_unpublished_lesson_and_course_go_at_once(course, volunteer):
    client = _client(volunteer)
    enrolment_create(user=volunteer, course=course.course)
    assert "درس 3" in _page(client, course.course.url)
    _page(client, course.lessons[2].url)
    course.lessons[2].unpublish()
    assert "درس 3" not in _page(client, course.course.url)
    _page(client, course.lessons[2].url, status=404)
    course.course.unpublish()
    _page(client, course.course.url, status=404)


def test_a_moved_course_answers_at_its_new_address_only(course, volunteer):
    client = _client(volunteer)
    old_url = course.course.url
    _page(client, old_url)
    other = publish_child(
        course.catalogue.get_parent(), CourseIndexPage(title="أخرى", slug="other")
    )
    course.course.move(other, pos="last-child")
    course.course.refresh_from_db()
    assert course.course.url != old_url
    response = client.get(old_url)  # Wagtail's redirects app sends the old address on
    assert (response.status_code, response["Location"]) == (301, course.course.url)
    assert "ملخص الدورة" in _page(client, course.course.url)


def test_a_new_enrolment_and_a_completion_show_at_once(course, volunteer):
    client = _client(volunteer)
    with translation.override("en"):
        page = _page(client, course.course.url.replace("/ar/", "/en/"))
        assert "Enrol in this course" in page
        enrolment = enrolment_create(user=volunteer, course=course.course)
        page = _page(client, course.course.url.replace("/ar/", "/en/"))
        assert "Enrol in this course" not in page
        assert "Start the first lesson" in page
        assert "lesson--done" not in page
        lesson_complete(user=volunteer, lesson=course.lessons[0])
        page = _page(client, course.course.url.replace("/ar/", "/en/"))
        assert page.count("lesson--done") == 1
    enrolment.refresh_from_db()
    assert enrolment.progress_percent > 0


def test_two_learners_see_their_own_progress(course, volunteer):
    other = UserFactory(roles=[Role.VOLUNTEER])
    for person in (volunteer, other):
        enrolment_create(user=person, course=course.course)
    lesson_complete(user=volunteer, lesson=course.lessons[0])
    lesson_complete(user=volunteer, lesson=course.lessons[1])
    mine, theirs = _client(volunteer), _client(other)
    for _ in range(2):  # the second time from the cache
        assert _page(mine, course.course.url).count("lesson--done") == 2
        assert _page(theirs, course.course.url).count("lesson--done") == 0
    assert _page(_client(), course.course.url).count('href="/ar/courses/course-1/lesson-') == 0


def test_a_language_switch_shows_the_other_language(course, volunteer):
    client = _client(volunteer)
    enrolment_create(user=volunteer, course=course.course)
    url = course.course.url
    arabic = _page(client, url)
    english = _page(client, url.replace("/ar/", "/en/"))
    with translation.override("en"):
        assert "Lessons" in english
        assert "Estimated effort" in english
    assert "Estimated effort" not in arabic
    assert "Estimated effort" not in _page(client, url)


def test_a_prerequisite_added_shows_and_bars_the_way(make_course, volunteer):
    first = make_course()
    second = make_course()
    client = _client(volunteer)
    with translation.override("en"):
        url = second.course.url.replace("/ar/", "/en/")
        assert "Prerequisites" not in _page(client, url)
        second.course.prerequisites.set([first.course])
        second.course.save_revision().publish()
        page = _page(client, url)
        assert "Prerequisites" in page
        assert first.course.title in page
        assert "Enrol in this course" not in page  # the gap shows instead


def test_a_role_given_shows_at_once(course, volunteer):
    client = _client(volunteer)
    with translation.override("en"):
        url = course.course.url.replace("/ar/", "/en/")
        assert "Enrol a team" not in _page(client, url)
        assert role_names(volunteer) == {Role.VOLUNTEER.value}
        volunteer.groups.add(Group.objects.get(name=Role.OFFICE_STAFF.value))
        TeamFactory(section="men")
        assert "Enrol a team" in _page(client, url)
        volunteer.groups.remove(Group.objects.get(name=Role.OFFICE_STAFF.value))
        assert "Enrol a team" not in _page(client, url)


def test_a_view_restriction_applies_at_once(course, volunteer):
    anonymous = _client()
    _page(anonymous, course.course.url)
    PageViewRestriction.objects.create(
        page=course.course, restriction_type=PageViewRestriction.LOGIN
    )
    response = anonymous.get(course.course.url)
    assert response.status_code == 302
    _page(_client(volunteer), course.course.url)


def test_an_accreditation_shows_its_hours_at_once(course, volunteer):
    client = _client(volunteer)
    with translation.override("en"):
        url = course.course.url.replace("/ar/", "/en/")
        assert "Not accredited yet" in _page(client, url)
        CourseAccreditationFactory(course_key=course.course.translation_key)
        assert "Not accredited yet" not in _page(client, url)


def test_a_lesson_published_anew_shows_its_new_body(course, volunteer):
    client = _client(volunteer)
    enrolment_create(user=volunteer, course=course.course)
    lesson = course.lessons[0]
    assert "الدرس 1" in _page(client, lesson.url)
    lesson.body = [("text", "<p>نص جديد</p>")]
    lesson.save_revision().publish()
    page = _page(client, lesson.url)
    assert "نص جديد" in page
    assert "الدرس 1" not in page


def test_the_dashboard_shows_a_renamed_course_and_a_new_translation_at_once(
    course, volunteer, locales
):
    client = _client(volunteer)
    enrolment_create(user=volunteer, course=course.course)
    title = course.course.title
    assert title in _page(client, "/ar/learning/")
    assert title in _page(client, "/en/learning/")  # no English version: the Arabic one

    course.course.title = "دورة باسم جديد"
    course.course.save_revision().publish()
    english = course.course.copy_for_translation(locales["en"], copy_parents=True)
    english.title = "Renamed in English"
    english.save_revision().publish()

    assert "دورة باسم جديد" in _page(client, "/ar/learning/")
    assert "Renamed in English" in _page(client, "/en/learning/")
    course.course.unpublish()
    english.unpublish()
    assert "دورة باسم جديد" not in _page(client, "/ar/learning/")


def test_the_dashboard_links_the_last_lesson_only_while_it_is_live(course, volunteer):
    client = _client(volunteer)
    enrolment_create(user=volunteer, course=course.course)
    _page(client, course.lessons[1].url)  # where the volunteer left off
    link = f'href="{course.lessons[1].url}"'
    assert link in _page(client, "/ar/learning/")
    assert "/en/" + course.lessons[1].url.split("/", 2)[2] in _page(client, "/en/learning/")
    course.lessons[1].unpublish()
    assert link not in _page(client, "/ar/learning/")
    course.lessons[1].save_revision().publish()
    assert link in _page(client, "/ar/learning/")
    _page(client, course.lessons[2].url)  # moved on: the link follows at once
    assert f'href="{course.lessons[2].url}"' in _page(client, "/ar/learning/")
    assert link not in _page(client, "/ar/learning/")

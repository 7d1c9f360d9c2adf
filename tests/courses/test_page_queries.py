"""The volunteer's pages cost the same queries with one learner or many, one course or
many: the catalogue (anonymous and signed in), the course page, a lesson and the learning
dashboard. The counts are pinned, so a regression (or an improvement) shows here first."""

import pytest
from django.core.cache import cache
from django.test import Client

from courses.services import enrolment_create
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Wagtail's routing (site, locale, the page and its ancestors, aliases, view restrictions),
# the roles, the catalogue link of the menu and what every reader of a page shares (its
# lessons, prerequisites, accredited hours, the catalogue's courses) come from the shared
# cache (lms.pagecache); issue 16 asks for ≤ 8 on the course page and the catalogue, ≤ 10
# on a lesson and the dashboard.
QUERIES = {
    "catalogue_anonymous": 0,
    "catalogue_signed_in": 3,  # session, user, the reader's enrolments
    "course_page": 4,  # session, user, the enrolment, its lessons' progress
    "lesson_page": 4,  # session, user, the enrolment, progress
    "dashboard": 3,  # session, user, enrolments (their courses from the shared cache)
}


def _world(make_course, volunteer, *, courses: int, learners: int):
    trees = [make_course(lessons=3) for _ in range(courses)]
    for tree in trees:
        enrolment_create(user=volunteer, course=tree.course)
        for _ in range(learners - 1):
            enrolment_create(user=UserFactory(), course=tree.course)
    cache.clear()
    return trees


@pytest.mark.parametrize(("courses", "learners"), [(1, 1), (4, 6)])
def test_volunteer_pages_cost_the_same_queries_at_any_size(
    courses, learners, make_course, volunteer, django_assert_num_queries
):
    trees = _world(make_course, volunteer, courses=courses, learners=learners)
    catalogue_url = trees[0].catalogue.url
    anonymous = Client()
    client = Client()
    client.login(username=volunteer.email, password=PASSWORD)
    pages = {
        "catalogue_anonymous": (anonymous, catalogue_url),
        "catalogue_signed_in": (client, catalogue_url),
        "course_page": (client, trees[0].course.url),
        "lesson_page": (client, trees[0].lessons[1].url),
        "dashboard": (client, "/ar/learning/"),
    }
    for who, url in pages.values():
        assert who.get(url).status_code == 200  # the first request fills per-process caches
    for name, (who, url) in pages.items():
        with django_assert_num_queries(QUERIES[name]):
            response = who.get(url)
        assert response.status_code == 200
    catalogue = client.get(catalogue_url).content.decode()
    assert all(tree.course.title in catalogue for tree in trees)

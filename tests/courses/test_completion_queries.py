"""Completing a lesson costs the same queries with one lesson done or many, and with one
learner or many; the course's required lessons and the lesson's course and translations
come from the shared cache (``lms.pagecache``) and never go stale."""

import pytest
from django.core.cache import cache
from django.test import Client

from courses.models import Enrolment, LessonProgress
from courses.services import enrolment_create, lesson_complete
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# session, user, the lesson, BEGIN, the enrolment locked, the completion written (an update
# of the row the lesson page opened), the lessons done, the progress saved, COMMIT.
COMPLETE = 9


@pytest.mark.parametrize("learners", [1, 6])
def test_completing_a_lesson_costs_the_same_queries(
    learners, make_course, volunteer, django_assert_num_queries
):
    tree = make_course(lessons=4)
    enrolment_create(user=volunteer, course=tree.course)
    for _ in range(learners - 1):
        enrolment_create(user=UserFactory(), course=tree.course)
    cache.clear()
    client = Client()
    client.login(username=volunteer.email, password=PASSWORD)
    client.post(f"/ar/learning/lessons/{tree.lessons[0].pk}/complete/")  # warms the caches
    for lesson, following in zip(tree.lessons[1:3], tree.lessons[2:4], strict=True):
        assert client.get(lesson.url).status_code == 200
        with django_assert_num_queries(COMPLETE):
            response = client.post(f"/ar/learning/lessons/{lesson.pk}/complete/")
        assert response["Location"] == following.url
    enrolment = Enrolment.objects.get(user=volunteer)
    assert enrolment.progress_percent == 75 and enrolment.completed_at is None


def test_a_lesson_made_optional_after_the_cache_was_read_counts_at_once(make_course, volunteer):
    tree = make_course(lessons=3)
    enrolment_create(user=volunteer, course=tree.course)
    lesson_complete(user=volunteer, lesson=tree.lessons[0])  # reads the required lessons
    last = tree.lessons[2]
    last.is_required = False
    last.save_revision().publish()

    assert lesson_complete(user=volunteer, lesson=tree.lessons[1]).course_completed_now
    assert Enrolment.objects.get(user=volunteer).progress_percent == 100


def test_a_lesson_completed_without_opening_it_first_is_recorded_once(make_course, volunteer):
    tree = make_course(lessons=2)
    enrolment_create(user=volunteer, course=tree.course)
    first = lesson_complete(user=volunteer, lesson=tree.lessons[0])
    when = LessonProgress.objects.get(lesson_key=tree.lessons[0].translation_key).completed_at
    lesson_complete(user=volunteer, lesson=tree.lessons[0])  # again: the date stays

    progress = LessonProgress.objects.filter(enrolment=first.enrolment)
    assert progress.count() == 1 and progress.get().completed_at == when
    assert first.enrolment.progress_percent == 50

"""One assessment gate per translation family: a lesson completes only when every required
quiz or H5P activity of any live translation of it has been passed in this run."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone, translation

from assessments import quizzes
from assessments.models import ActivityResult, H5PPackage
from courses import services
from courses.gate import LessonGateClosed
from courses.models import Enrolment, LessonProgress
from tests.assessments import quiz_fixtures
from tests.assessments.quiz_fixtures import make_bank, right_answers, wrong_answers

quiz_lesson = quiz_fixtures.quiz_lesson  # the assessments tests' fixture, used here too

pytestmark = pytest.mark.django_db

QUIZ = {
    "draw": 0,
    "pass_mark": 100,
    "max_attempts": 0,
    "cooldown_minutes": 0,
    "time_limit_minutes": 0,
    "feedback": "full",
    "required": True,
}


@pytest.fixture(autouse=True)
def in_english():
    from django.core.cache import cache

    cache.clear()  # lesson ids repeat between tests; courses caches their course keys
    with translation.override("en"):
        yield


def translate(tree, locales, language="ur", *, body=None):
    """Publish a translation of the course and its lessons; ``body`` replaces the lessons'
    bodies (a translation that lacks what the source has)."""
    course = tree.course.copy_for_translation(locales[language], copy_parents=True)
    course.save_revision().publish()
    lessons = []
    for lesson in tree.lessons:
        translated = lesson.copy_for_translation(locales[language])
        if body is not None:
            translated.body = body
        translated.save_revision().publish()
        translated.refresh_from_db()
        lessons.append(translated)
    return lessons


def take_quiz(user, lesson, *, passing: bool):
    quiz = next(block for block in lesson.body if block.block_type == "quiz")
    attempt = quizzes.attempt_start(user=user, lesson=lesson, block_id=quiz.id, quiz=quiz.value)
    answers = right_answers(attempt) if passing else wrong_answers(attempt)
    return quizzes.attempt_submit(user=user, attempt_id=attempt.pk, answers=answers)


def lesson_done(user, lesson) -> bool:
    return LessonProgress.objects.filter(
        enrolment__user=user, lesson_key=lesson.translation_key, completed_at__isnull=False
    ).exists()


def test_urdu_lesson_cannot_complete_without_arabic_quiz(client, quiz_lesson, volunteer, locales):
    tree, arabic, bank = quiz_lesson()
    (urdu,) = translate(tree, locales, body=[("text", "<p>اسباق</p>")])
    client.force_login(volunteer)

    response = client.post(f"/ur/learning/lessons/{urdu.pk}/complete/")

    assert response.status_code == 302 and response["Location"] == urdu.url
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert bank.title in message
    assert f'href="{arabic.url}"' in message
    assert not lesson_done(volunteer, urdu)
    assert Enrolment.objects.get(user=volunteer).completed_at is None


def test_the_translation_without_the_quiz_shows_what_is_required_and_where(
    client, quiz_lesson, volunteer, locales
):
    tree, arabic, bank = quiz_lesson()
    (urdu,) = translate(tree, locales, body=[("text", "<p>اسباق</p>")])
    client.force_login(volunteer)
    page = client.get(urdu.url).content.decode()
    assert "lesson-gate" in page and bank.title in page and f'href="{arabic.url}"' in page

    take_quiz(volunteer, arabic, passing=True)

    page = client.get(urdu.url).content.decode()
    assert "lesson-gate" in page and "tag--done" in page
    assert lesson_done(volunteer, urdu)  # the pass completed the lesson, in every language


def test_a_quiz_added_to_the_source_after_translating_gates_the_translation(
    make_course, volunteer, locales
):
    tree = make_course(lessons=1)
    (urdu,) = translate(tree, locales)
    services.enrolment_create(user=volunteer, course=tree.course)
    arabic = tree.lessons[0]
    arabic.body.append(("quiz", {**QUIZ, "bank": make_bank()}))
    arabic.save_revision().publish()
    arabic.refresh_from_db()

    with pytest.raises(LessonGateClosed, match="Pass the quiz") as refused:
        services.lesson_complete(user=volunteer, lesson=urdu)
    assert refused.value.activity.lesson.pk == arabic.pk
    assert not lesson_done(volunteer, urdu)

    take_quiz(volunteer, arabic, passing=True)
    assert lesson_done(volunteer, urdu)
    assert Enrolment.objects.get(user=volunteer).completed_at is not None


def test_a_quiz_in_both_translations_is_one_requirement_passed_in_either(
    quiz_lesson, volunteer, locales
):
    tree, arabic, _bank = quiz_lesson()
    (urdu,) = translate(tree, locales)
    assert [b.id for b in urdu.body] == [b.id for b in arabic.body]
    take_quiz(volunteer, urdu, passing=True)
    assert lesson_done(volunteer, arabic)


def test_a_failed_attempt_never_completes(quiz_lesson, volunteer, locales):
    tree, arabic, _bank = quiz_lesson()
    (urdu,) = translate(tree, locales, body=[("text", "<p>اسباق</p>")])
    attempt = take_quiz(volunteer, arabic, passing=False)
    assert not attempt.passed
    for lesson in (urdu, arabic):
        with pytest.raises(LessonGateClosed):
            services.lesson_complete(user=volunteer, lesson=lesson)
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_a_required_activity_of_an_unpublished_translation_does_not_gate(
    make_course, volunteer, locales
):
    tree = make_course(lessons=1)
    (urdu,) = translate(tree, locales)
    urdu.body.append(("quiz", {**QUIZ, "bank": make_bank()}))
    urdu.save_revision()  # a draft: learners do not see it
    urdu.unpublish()
    services.enrolment_create(user=volunteer, course=tree.course)
    services.lesson_complete(user=volunteer, lesson=tree.lessons[0])
    assert lesson_done(volunteer, tree.lessons[0])


def expire_and_restart(volunteer, course):
    Enrolment.objects.filter(user=volunteer).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    services.enrolment_create(user=volunteer, course=course)
    enrolment = Enrolment.objects.get(user=volunteer)
    assert enrolment.completed_at is None and enrolment.run_started_at is not None
    return enrolment


def test_a_refresher_run_needs_new_attempts(quiz_lesson, volunteer, locales):
    tree, arabic, _bank = quiz_lesson(max_attempts=1)
    (urdu,) = translate(tree, locales, body=[("text", "<p>اسباق</p>")])
    take_quiz(volunteer, arabic, passing=True)
    assert Enrolment.objects.get(user=volunteer).completed_at is not None

    expire_and_restart(volunteer, tree.course)

    with pytest.raises(LessonGateClosed):
        services.lesson_complete(user=volunteer, lesson=urdu)
    # The refresher starts the quiz afresh: neither "already passed" nor out of attempts.
    assert take_quiz(volunteer, arabic, passing=True).passed
    assert lesson_done(volunteer, urdu)
    assert Enrolment.objects.get(user=volunteer).completed_at is not None


def test_a_refresher_run_needs_a_new_pass_of_an_h5p_activity(make_course, volunteer, trainer):
    package = H5PPackage.objects.create(title="Recovery position", main_library="H5P.X")
    tree = make_course(lessons=1, validity_months=12)
    lesson = tree.lessons[0]
    lesson.body = [("h5p", {"package": package, "required": True, "pass_mark": 80})]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    services.enrolment_create(user=volunteer, course=tree.course)
    block_id = lesson.body[0].id
    result = ActivityResult.objects.create(
        user=volunteer,
        package=package,
        lesson_key=lesson.translation_key,
        block_id=block_id,
        passed=True,
        passed_at=timezone.now(),
        attempts=1,
    )
    services.lesson_complete(user=volunteer, lesson=lesson)
    expire_and_restart(volunteer, tree.course)

    with pytest.raises(LessonGateClosed, match="Recovery position"):
        services.lesson_complete(user=volunteer, lesson=lesson)
    result.passed_at = timezone.now()
    result.save()
    services.lesson_complete(user=volunteer, lesson=lesson)
    assert lesson_done(volunteer, lesson)


def test_a_translation_published_after_the_gate_was_read_gates_at_once(
    make_course, volunteer, locales
):
    """The family of a lesson comes from the shared cache: a translation published later,
    carrying a required quiz, closes the gate of the lesson already read."""
    tree = make_course(lessons=1)
    (arabic,) = tree.lessons
    services.enrolment_create(user=volunteer, course=tree.course)
    assert services.completion_refusal(user=volunteer, lesson=arabic, enrolment=None) is None

    translate(tree, locales, body=[("quiz", {"bank": make_bank(), **QUIZ})])

    with pytest.raises(LessonGateClosed):
        services.lesson_complete(user=volunteer, lesson=arabic)
    assert not lesson_done(volunteer, arabic)


def test_an_unpublished_translation_stops_gating_at_once(quiz_lesson, volunteer, locales):
    tree, arabic, _bank = quiz_lesson()
    (urdu,) = translate(tree, locales, body=[("text", "<p>اسباق</p>")])
    with pytest.raises(LessonGateClosed):
        services.lesson_complete(user=volunteer, lesson=urdu)

    arabic.unpublish()
    urdu.refresh_from_db()

    services.lesson_complete(user=volunteer, lesson=urdu)  # the Urdu lesson alone now
    assert lesson_done(volunteer, urdu)

"""Hypothesis searches for a lesson completed without its family's gate being open.

Random families (a source lesson and up to three translations, each live or not), random
required and optional quiz and H5P blocks placed in random members, random passed and
failed attempts before and after a random restart of the course (a refresher run), and
random completion attempts through any live translation, by the service or by the
completion that follows a pass. Invariant: the lesson is complete exactly when every
activity required by any live translation was passed in the current run.
"""

import contextlib
import datetime
import uuid

import pytest
from django.db import transaction
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import ActivityResult, H5PPackage, QuizAttempt
from courses import services
from courses.models import Enrolment, LessonPage, LessonProgress
from courses.wagtail_hooks import complete_lesson_on_pass
from tests.assessments.quiz_fixtures import make_bank

pytestmark = pytest.mark.django_db

LANGUAGES = ["ur", "en", "tr"]
# The pool of blocks an author may put in the family's lessons: (kind, block id).
BLOCKS = [
    ("quiz", uuid.UUID(int=1)),
    ("quiz", uuid.UUID(int=2)),
    ("h5p", uuid.UUID(int=3)),
    ("h5p", uuid.UUID(int=4)),
]
MEMBERS = 1 + len(LANGUAGES)


@pytest.fixture
def family(make_course, volunteer, locales):
    """A one-lesson course in Arabic with Urdu, English and Turkish translations; the
    volunteer enrolled. Examples change bodies and publication inside a rolled-back
    transaction, so every example starts from this."""
    tree = make_course(lessons=1, validity_months=12)
    lessons = [tree.lessons[0]]
    for language in LANGUAGES:
        course = tree.course.copy_for_translation(locales[language], copy_parents=True)
        course.save_revision().publish()
        translated = tree.lessons[0].copy_for_translation(locales[language])
        translated.save_revision().publish()
        lessons.append(translated)
    services.enrolment_create(user=volunteer, course=tree.course)
    bank = make_bank()
    package = H5PPackage.objects.create(title="Recovery position", main_library="H5P.X")
    return {"lessons": lessons, "bank": bank, "package": package}


placement = st.tuples(st.booleans(), st.booleans())  # (placed in this member, required)
offsets = st.integers(min_value=-3, max_value=3)  # hours from the restart
scenarios = st.fixed_dictionaries(
    {
        "live": st.lists(st.booleans(), min_size=MEMBERS, max_size=MEMBERS),
        "blocks": st.lists(
            st.lists(placement, min_size=len(BLOCKS), max_size=len(BLOCKS)),
            min_size=MEMBERS,
            max_size=MEMBERS,
        ),
        "restarted": st.booleans(),
        # Per quiz block: attempts (hours from the restart, passed).
        "attempts": st.lists(
            st.lists(st.tuples(offsets, st.booleans()), max_size=3), min_size=2, max_size=2
        ),
        # Per H5P block: no result, or (passed, hours from the restart of the last pass).
        "results": st.lists(st.none() | st.tuples(st.booleans(), offsets), min_size=2, max_size=2),
        # Completion attempts: (member, by the service or after a pass).
        "tries": st.lists(
            st.tuples(st.integers(0, MEMBERS - 1), st.sampled_from(["service", "after_pass"])),
            min_size=1,
            max_size=3,
        ),
    }
)


def block_value(kind, required, fixtures):
    """A block's stored (JSON) value."""
    if kind == "quiz":
        return {
            "bank": fixtures["bank"].pk,
            "draw": 0,
            "pass_mark": 80,
            "max_attempts": 0,
            "cooldown_minutes": 0,
            "time_limit_minutes": 0,
            "feedback": "full",
            "required": required,
        }
    return {"package": fixtures["package"].pk, "required": required, "pass_mark": 80}


def arrange(scenario, fixtures, volunteer, restart):
    lessons = fixtures["lessons"]
    for index, lesson in enumerate(lessons):
        body = [{"type": "text", "value": "<p>درس</p>", "id": str(uuid.uuid4())}]
        for (kind, block_id), (placed, required) in zip(
            BLOCKS, scenario["blocks"][index], strict=True
        ):
            if placed:
                value = block_value(kind, required, fixtures)
                body.append({"type": kind, "value": value, "id": str(block_id)})
        lesson.body = body
        lesson.live = scenario["live"][index]
        lesson.save(clean=False, update_fields=["body", "live"])
    since = restart if scenario["restarted"] else None
    Enrolment.objects.filter(user=volunteer).update(run_started_at=since)
    key = lessons[0].translation_key
    quiz_ids = [block_id for kind, block_id in BLOCKS if kind == "quiz"]
    h5p_ids = [block_id for kind, block_id in BLOCKS if kind == "h5p"]
    for block_id, attempts in zip(quiz_ids, scenario["attempts"], strict=True):
        for hours, passed in attempts:
            moment = restart + datetime.timedelta(hours=hours)
            QuizAttempt.objects.create(
                user=volunteer,
                bank=fixtures["bank"],
                lesson_id=lessons[0].pk,
                lesson_key=key,
                block_id=block_id,
                started_at=moment,
                submitted_at=moment,
                passed=passed,
                feedback_level="full",
            )
    for block_id, result in zip(h5p_ids, scenario["results"], strict=True):
        if result is not None:
            passed, hours = result
            ActivityResult.objects.create(
                user=volunteer,
                package=fixtures["package"],
                lesson_key=key,
                block_id=block_id,
                passed=passed,
                passed_at=restart + datetime.timedelta(hours=hours) if passed else None,
                attempts=1,
            )


def gate_is_open(scenario, restart) -> bool:
    """The rule, read from the scenario itself: every block required by a live member (or
    the member completed through) was passed in the current run."""
    since = restart if scenario["restarted"] else None

    def in_run(hours):
        return since is None or restart + datetime.timedelta(hours=hours) >= since

    passed = set()
    quiz_ids = [block_id for kind, block_id in BLOCKS if kind == "quiz"]
    h5p_ids = [block_id for kind, block_id in BLOCKS if kind == "h5p"]
    for block_id, attempts in zip(quiz_ids, scenario["attempts"], strict=True):
        if any(ok and in_run(hours) for hours, ok in attempts):
            passed.add(block_id)
    for block_id, result in zip(h5p_ids, scenario["results"], strict=True):
        if result is not None and result[0] and in_run(result[1]):
            passed.add(block_id)
    required = {
        block_id
        for index in range(MEMBERS)
        if scenario["live"][index]
        for (kind, block_id), (placed, is_required) in zip(
            BLOCKS, scenario["blocks"][index], strict=True
        )
        if placed and is_required
    }
    return required <= passed


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scenario=scenarios)
def test_a_lesson_completes_only_when_its_familys_gate_is_open(family, volunteer, scenario):
    # Completion attempts go through live translations only (the lesson URL and the
    # assessment hook serve live pages); make every member tried live.
    for member, _route in scenario["tries"]:
        scenario["live"][member] = True
    restart = timezone.now() - datetime.timedelta(days=1)
    with translation.override("en"), transaction.atomic():
        arrange(scenario, family, volunteer, restart)
        for member, route in scenario["tries"]:
            lesson = LessonPage.objects.get(pk=family["lessons"][member].pk)
            if route == "service":
                with contextlib.suppress(services.PermissionDenied):  # refused: see below
                    services.lesson_complete(user=volunteer, lesson=lesson)
            else:
                complete_lesson_on_pass(user=volunteer, lesson_id=lesson.pk)
        completed = LessonProgress.objects.filter(
            enrolment__user=volunteer, completed_at__isnull=False
        ).exists()
        assert completed == gate_is_open(scenario, restart), scenario
        transaction.set_rollback(True)

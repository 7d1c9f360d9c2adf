"""Reads for the assessments screens and checks, each in a fixed number of queries."""

import uuid

from wagtail import hooks

from assessments.models import ActivityResult, ContentState, QuizAttempt


def results_for_lesson(*, user, lesson_key) -> dict:
    """The learner's H5P results in one lesson, by block id (one query)."""
    if not user.is_authenticated:
        return {}
    return {
        str(result.block_id): result
        for result in ActivityResult.objects.filter(user=user, lesson_key=lesson_key)
    }


def lesson_results_cached(request, lesson) -> dict:
    """``results_for_lesson`` once per request, however many H5P blocks the lesson has."""
    cache = request.__dict__.setdefault("_manara_h5p_results", {})
    if lesson.pk not in cache:
        cache[lesson.pk] = results_for_lesson(user=request.user, lesson_key=lesson.translation_key)
    return cache[lesson.pk]


def saved_state(*, user_id: int, lesson_key, block_id) -> str | None:
    return (
        ContentState.objects.filter(user_id=user_id, lesson_key=lesson_key, block_id=block_id)
        .values_list("state", flat=True)
        .first()
    )


def _uuid(value):
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def run_started(*, user, lesson_id: int):
    """When the learner's current run of the lesson's course began, as the course app
    answers through the ``assessment_run_started`` hook; None: every attempt counts."""
    since = None
    for answer in hooks.get_hooks("assessment_run_started"):
        since = answer(user=user, lesson_id=lesson_id) or since
    return since


def in_run(moment, since) -> bool:
    """Whether something that happened at ``moment`` belongs to the run begun at ``since``."""
    return since is None or (moment is not None and moment >= since)


def passed_block_ids(*, user, lesson_key, quiz_block_ids=(), activity_block_ids=(), since=None):
    """Which of the given quiz and H5P blocks of a lesson (all its translations) ``user``
    has passed in the run begun at ``since``; one query per kind asked about. A quiz counts
    when an attempt started in the run passed; an H5P activity when a report in the run
    passed it."""
    passed: set[uuid.UUID] = set()
    if quiz_block_ids:
        attempts = QuizAttempt.objects.filter(
            user=user,
            lesson_key=lesson_key,
            block_id__in=[_uuid(bid) for bid in quiz_block_ids],
            passed=True,
        )
        if since is not None:
            attempts = attempts.filter(started_at__gte=since)
        passed.update(attempts.values_list("block_id", flat=True).distinct())
    if activity_block_ids:
        results = ActivityResult.objects.filter(
            user=user,
            lesson_key=lesson_key,
            block_id__in=[_uuid(bid) for bid in activity_block_ids],
            passed=True,
        )
        if since is not None:
            results = results.filter(passed_at__gte=since)
        passed.update(results.values_list("block_id", flat=True))
    return passed


def passed_block_ids_cached(
    request, lesson, *, quiz_block_ids=(), activity_block_ids=(), since=None
) -> set:
    """``passed_block_ids`` from the learner's attempts and results the lesson page reads
    anyway (one query per kind per request, shared with the blocks' own templates)."""
    passed: set[uuid.UUID] = set()
    if quiz_block_ids:
        attempts = lesson_attempts_cached(request, lesson)
        for bid in quiz_block_ids:
            if any(a.passed and in_run(a.started_at, since) for a in attempts.get(str(bid), [])):
                passed.add(_uuid(bid))
    if activity_block_ids:
        results = lesson_results_cached(request, lesson)
        for bid in activity_block_ids:
            result = results.get(str(bid))
            if result is not None and result.passed and in_run(result.passed_at, since):
                passed.add(_uuid(bid))
    return passed


def lesson_attempts_cached(request, lesson) -> dict:
    """The learner's quiz attempts in one lesson by block id, newest first; one query per
    request however many quizzes the lesson has."""
    cache = request.__dict__.setdefault("_manara_quiz_attempts", {})
    if lesson.pk not in cache:
        by_block: dict = {}
        if request.user.is_authenticated:
            attempts = QuizAttempt.objects.filter(
                user=request.user, lesson_key=lesson.translation_key
            ).only(
                "block_id", "started_at", "submitted_at", "deadline", "percent", "passed", "late"
            )
            for attempt in attempts.order_by("-started_at"):
                by_block.setdefault(str(attempt.block_id), []).append(attempt)
        cache[lesson.pk] = by_block
    return cache[lesson.pk]

from django import template
from django.urls import reverse

from assessments.activity import activity_token
from assessments.selectors import in_run, lesson_results_cached

register = template.Library()


@register.simple_tag(takes_context=True)
def h5p_activity(context, value, block_id) -> dict | None:
    """What an H5P block needs on the lesson page: the address of its isolated player,
    signed for this learner, and the learner's result so far. None when nobody may play
    it here (signed out, or the page is not a lesson the learner opened)."""
    request = context.get("request")
    lesson = context.get("page")
    package = value.get("package")
    if request is None or lesson is None or package is None or not block_id:
        return None
    if not request.user.is_authenticated:
        return None
    enrolled = context.get("enrolment") is not None
    if not (enrolled or context.get("previewing")):
        return None
    course = context.get("course")
    token = activity_token(
        user=request.user,
        lesson=lesson,
        block_id=block_id,
        package=package,
        value=value,
        course_key=getattr(course, "translation_key", None),
    )
    result = lesson_results_cached(request, lesson).get(str(block_id))
    since = context.get("attempts_since")
    if result is not None and not in_run(result.updated_at, since):
        result = None  # reported in an earlier run of the course (before a refresher)
    return {
        "token": token,
        "player_url": reverse("h5p_player", args=[token]),
        "result": result,
        "passed": bool(result and result.passed and in_run(result.passed_at, since)),
        "recording": enrolled,
    }


@register.simple_tag(takes_context=True)
def quiz_status(context, value, block_id) -> dict | None:
    """The learner's standing in a quiz block: attempts, best score, whether and when they
    may start (the same rules the service applies)."""
    from django.utils import timezone

    from assessments.quizzes import attempt_refusal
    from assessments.selectors import lesson_attempts_cached

    request = context.get("request")
    lesson = context.get("page")
    if request is None or lesson is None or not block_id or value.get("bank") is None:
        return None
    if not request.user.is_authenticated or context.get("enrolment") is None:
        return None
    # A refresher run of the course starts the quiz afresh: earlier runs' attempts are kept
    # but neither pass it nor use up its attempts.
    since = context.get("attempts_since")
    attempts = [
        attempt
        for attempt in lesson_attempts_cached(request, lesson).get(str(block_id), [])
        if in_run(attempt.started_at, since)
    ]
    now = timezone.now()
    open_attempt = next(
        (
            a
            for a in attempts
            if a.submitted_at is None and (a.deadline is None or a.deadline > now)
        ),
        None,
    )
    submitted = [a for a in attempts if a.submitted_at is not None]
    return {
        "attempts": submitted,
        "used": len(submitted),
        "best": max((a.percent for a in submitted), default=None),
        "passed": any(a.passed for a in submitted),
        "open_attempt": open_attempt,
        "refusal": None
        if open_attempt
        else attempt_refusal(previous=attempts, quiz=value, now=now),
    }

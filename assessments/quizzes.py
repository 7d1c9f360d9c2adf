"""Writes for quizzes: starting an attempt and submitting it. The server draws, times and
grades; the browser only ever sends the choices a learner ticked."""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks

from assessments.models import Choice, Question, QuestionKind, QuizAnswer, QuizAttempt
from assessments.selectors import in_run, run_started

# Submitting takes a moment: an answer sent within this after the deadline still counts.
DEADLINE_GRACE = timedelta(seconds=5)


class AttemptRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _may_attempt(*, user, lesson_id: int) -> None:
    for check in hooks.get_hooks("assessment_may_attempt"):
        reason = check(user=user, lesson_id=lesson_id)
        if reason:
            raise AttemptRefused(reason)


def attempt_refusal(*, previous: list[QuizAttempt], quiz: dict, now) -> str | None:
    """Why a new attempt may not start now, from the learner's earlier attempts (newest
    first), or None."""
    if any(attempt.passed for attempt in previous):
        return _("You have already passed this quiz.")
    submitted = [attempt for attempt in previous if attempt.submitted_at]
    limit = quiz.get("max_attempts") or 0
    if limit and len(submitted) >= limit:
        return ngettext(
            "You have used your %(limit)d attempt at this quiz.",
            "You have used all %(limit)d attempts at this quiz.",
            limit,
        ) % {"limit": limit}
    cooldown = timedelta(minutes=quiz.get("cooldown_minutes") or 0)
    if cooldown and submitted and submitted[0].submitted_at + cooldown > now:
        ready = timezone.localtime(submitted[0].submitted_at + cooldown)
        return _("You may try again at %(time)s.") % {"time": date_format(ready, "H:i")}
    return None


@transaction.atomic
def attempt_start(*, user, lesson, block_id, quiz: dict) -> QuizAttempt:
    """Start an attempt at the quiz block ``block_id`` of ``lesson`` (or return the one
    still open). Raises AttemptRefused when the learner is not enrolled, has passed, has no
    attempts left or must wait out the cool-down. Questions are drawn and choices shuffled
    here, once. Only attempts of the learner's current run of the course count: a refresher
    starts with every attempt again."""
    _may_attempt(user=user, lesson_id=lesson.pk)
    now = timezone.now()
    since = run_started(user=user, lesson_id=lesson.pk)
    previous = []
    for attempt in (
        QuizAttempt.objects.select_for_update()
        .filter(user=user, lesson_key=lesson.translation_key, block_id=block_id)
        .order_by("-started_at")
    ):
        if in_run(attempt.started_at, since):
            previous.append(attempt)
        elif attempt.submitted_at is None:
            # Left open in an earlier run of the course: it ends unanswered.
            attempt_close_unanswered(attempt=attempt)
    open_attempt = next((a for a in previous if a.submitted_at is None), None)
    if open_attempt is not None and (open_attempt.deadline is None or open_attempt.deadline > now):
        return open_attempt
    if open_attempt is not None:
        # Time ran out without an answer: it counts as a failed attempt.
        attempt_close_unanswered(attempt=open_attempt)
    refusal = attempt_refusal(previous=previous, quiz=quiz, now=now)
    if refusal:
        raise AttemptRefused(refusal)
    bank = quiz["bank"]
    questions = list(Question.objects.filter(bank=bank).prefetch_related("choices"))
    if not questions:
        raise AttemptRefused(_("This quiz has no questions yet."))
    draw = quiz.get("draw") or 0
    chooser = random.SystemRandom()
    if draw and draw < len(questions):
        questions = chooser.sample(questions, draw)
    layout = []
    for question in questions:
        choices = [choice.pk for choice in question.choices.all()]
        chooser.shuffle(choices)
        layout.append({"question": question.pk, "choices": choices})
    limit = quiz.get("time_limit_minutes") or 0
    return QuizAttempt.objects.create(
        user=user,
        bank=bank,
        lesson_id=lesson.pk,
        lesson_key=lesson.translation_key,
        block_id=block_id,
        started_at=now,
        deadline=now + timedelta(minutes=limit) if limit else None,
        layout=layout,
        max_score=len(layout),
        pass_mark=quiz.get("pass_mark") or 0,
        feedback_level=quiz.get("feedback") or "wrong",
    )


def attempt_close_unanswered(*, attempt: QuizAttempt) -> None:
    attempt.submitted_at = attempt.deadline or timezone.now()
    attempt.late = True
    attempt.save(update_fields=["submitted_at", "late"])


@dataclass
class Graded:
    score: int
    feedback: list
    questions: set  # the attempt's questions the bank still has


def _grade(layout: list, answers: dict) -> Graded:
    ids = [choice for entry in layout for choice in entry["choices"]]
    choices = {choice.pk: choice for choice in Choice.objects.filter(pk__in=ids)}
    kinds = dict(
        Question.objects.filter(pk__in=[e["question"] for e in layout]).values_list("pk", "kind")
    )
    score, feedback = 0, []
    for entry in layout:
        # A question or choice the author removed during the attempt counts as not answered.
        question = entry["question"]
        offered = [pk for pk in entry["choices"] if pk in choices]
        given = answers.get(str(question))
        kind = kinds.get(question)
        correct_ids = [pk for pk in offered if choices[pk].is_correct]
        if kind == QuestionKind.ORDERING:
            right_order = sorted(offered, key=lambda pk: (choices[pk].sort_order or 0, pk))
            right = isinstance(given, list) and [int(x) for x in given] == right_order
            expected = right_order
        elif kind == QuestionKind.MULTIPLE:
            chosen = {int(x) for x in given} if isinstance(given, list) else set()
            right = chosen == set(correct_ids)
            expected = correct_ids
        else:
            right = isinstance(given, list) and len(given) == 1 and int(given[0]) in correct_ids
            expected = correct_ids
        right = right and kind is not None
        score += int(right)
        feedback.append({"question": question, "right": right, "expected": expected})
    return Graded(score=score, feedback=feedback, questions=set(kinds))


def _clean_answers(attempt: QuizAttempt, raw: dict) -> dict:
    """Keep only answers to the attempt's questions naming the choices it offered."""
    answers = {}
    for entry in attempt.layout:
        offered = set(entry["choices"])
        values = raw.get(str(entry["question"])) or []
        picked = []
        for value in values:
            if str(value).isdigit() and int(value) in offered:
                picked.append(int(value))
        answers[str(entry["question"])] = picked
    return answers


@transaction.atomic
def attempt_submit(*, user, attempt_id: int, answers: dict) -> QuizAttempt:
    """Grade the learner's answers to an open attempt, once. Refuses an attempt already
    submitted; answers sent after the time limit are not graded, and the attempt is closed
    as failed (``late``). Nothing the browser says about scores is read."""
    attempt = QuizAttempt.objects.select_for_update().filter(pk=attempt_id, user=user).first()
    if attempt is None:
        raise AttemptRefused(_("This attempt does not exist."))
    if attempt.submitted_at is not None:
        raise AttemptRefused(_("This attempt has already been submitted."))
    _may_attempt(user=user, lesson_id=attempt.lesson_id)
    now = timezone.now()
    if attempt.deadline is not None and now > attempt.deadline + DEADLINE_GRACE:
        attempt_close_unanswered(attempt=attempt)
        return attempt
    cleaned = _clean_answers(attempt, answers)
    graded = _grade(attempt.layout, cleaned)
    attempt.answers = cleaned
    attempt.feedback = graded.feedback
    attempt.score = graded.score
    attempt.percent = round(100 * graded.score / attempt.max_score) if attempt.max_score else 0
    attempt.passed = attempt.max_score > 0 and attempt.percent >= attempt.pass_mark
    attempt.submitted_at = now
    attempt.save()
    QuizAnswer.objects.bulk_create(
        [
            QuizAnswer(
                attempt=attempt,
                question_id=item["question"],
                lesson_key=attempt.lesson_key,
                block_id=attempt.block_id,
                right=item["right"],
            )
            for item in graded.feedback
            if item["question"] in graded.questions
        ]
    )
    if attempt.passed:
        for announce in hooks.get_hooks("assessment_passed"):
            announce(user=user, lesson_id=attempt.lesson_id)
    return attempt

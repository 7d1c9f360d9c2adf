"""Reads for the results screens: a learner's own attempts and results, and the reports
trainers and office staff read per quiz and per H5P activity. Every figure is computed
in the database (aggregates, not loops), so a report costs the same few queries for ten
attempts or a million."""

from dataclasses import dataclass

from django.db.models import Avg, Count, F, IntegerField, Max, Q, Sum
from django.db.models.functions import Cast, Floor, Least
from wagtail.models import Page

from assessments.models import ActivityResult, Question, QuizAnswer, QuizAttempt


def _lesson_titles(lesson_ids) -> dict:
    return dict(Page.objects.filter(pk__in=set(lesson_ids)).values_list("pk", "title"))


def _lesson_titles_by_key(lesson_keys) -> dict:
    """A title per lesson translation key (any translation; one query)."""
    return dict(
        Page.objects.filter(translation_key__in=set(lesson_keys))
        .order_by("translation_key", "pk")
        .values_list("translation_key", "title")
    )


def my_quiz_attempts(user):
    """The learner's submitted quiz attempts, newest first (for pagination)."""
    return (
        QuizAttempt.objects.filter(user=user, submitted_at__isnull=False)
        .select_related("bank")
        .order_by("-submitted_at")
    )


def my_activity_results(user):
    return (
        ActivityResult.objects.filter(user=user).select_related("package").order_by("-updated_at")
    )


def with_lesson_titles(rows, *, key=False) -> list:
    rows = list(rows)
    if key:
        titles = _lesson_titles_by_key(row.lesson_key for row in rows)
        for row in rows:
            row.lesson_title = titles.get(row.lesson_key, "")
    else:
        titles = _lesson_titles(row.lesson_id for row in rows)
        for row in rows:
            row.lesson_title = titles.get(row.lesson_id, "")
    return rows


def quiz_overview():
    """One row per quiz (lesson and block): attempts, learners, pass rate. One query."""
    return (
        QuizAttempt.objects.filter(submitted_at__isnull=False)
        .values("lesson_key", "block_id", "bank__title")
        .annotate(
            attempts=Count("pk"),
            learners=Count("user", distinct=True),
            passed=Count("pk", filter=Q(passed=True)),
            average=Avg("percent"),
            last=Max("submitted_at"),
        )
        .order_by("-last")
    )


def activity_overview():
    """One row per H5P activity: learners with a result, how many passed. One query."""
    return (
        ActivityResult.objects.values("lesson_key", "block_id", "package__title")
        .annotate(
            learners=Count("pk"),
            passed=Count("pk", filter=Q(passed=True)),
            average=Avg("scaled_score"),
            last=Max("updated_at"),
        )
        .order_by("-last")
    )


def with_titles(rows) -> list:
    rows = list(rows)
    titles = _lesson_titles_by_key(row["lesson_key"] for row in rows)
    for row in rows:
        row["lesson_title"] = titles.get(row["lesson_key"], "")
        count = row.get("attempts", row.get("learners")) or 0
        row["pass_rate"] = round(100 * row["passed"] / count) if count else 0
    return rows


@dataclass
class Report:
    attempts: int
    learners: int
    passed: int
    pass_rate: int
    distribution: list  # [(lower bound, count)] in steps of 10 percent
    hardest: list  # [(question, answered, wrong)]


def _distribution(queryset, percent_expression) -> list:
    buckets = dict(
        queryset.annotate(
            bucket=Least(Cast(Floor(percent_expression / 10), IntegerField()), 9) * 10
        )
        .values_list("bucket")
        .annotate(n=Count("pk"))
        .values_list("bucket", "n")
    )
    return [(low, buckets.get(low, 0)) for low in range(0, 100, 10)]


def quiz_report(*, lesson_key, block_id) -> Report:
    attempts = QuizAttempt.objects.filter(
        lesson_key=lesson_key, block_id=block_id, submitted_at__isnull=False
    )
    totals = attempts.aggregate(
        attempts=Count("pk"),
        learners=Count("user", distinct=True),
        passed=Count("pk", filter=Q(passed=True)),
    )
    wrong = list(
        QuizAnswer.objects.filter(lesson_key=lesson_key, block_id=block_id)
        .values("question")
        .annotate(answered=Count("pk"), wrong=Count("pk", filter=Q(right=False)))
        .order_by("-wrong", "question")[:10]
    )
    questions = Question.objects.in_bulk([row["question"] for row in wrong])
    hardest = [
        (questions[row["question"]], row["answered"], row["wrong"])
        for row in wrong
        if row["question"] in questions
    ]
    count = totals["attempts"] or 0
    return Report(
        attempts=count,
        learners=totals["learners"] or 0,
        passed=totals["passed"] or 0,
        pass_rate=round(100 * (totals["passed"] or 0) / count) if count else 0,
        distribution=_distribution(attempts, F("percent")),
        hardest=hardest,
    )


def activity_report(*, lesson_key, block_id) -> Report:
    results = ActivityResult.objects.filter(lesson_key=lesson_key, block_id=block_id)
    totals = results.aggregate(
        learners=Count("pk"),
        attempts=Sum("attempts"),
        passed=Count("pk", filter=Q(passed=True)),
    )
    count = totals["learners"] or 0
    return Report(
        attempts=totals["attempts"] or 0,
        learners=count,
        passed=totals["passed"] or 0,
        pass_rate=round(100 * (totals["passed"] or 0) / count) if count else 0,
        distribution=_distribution(
            results.filter(scaled_score__isnull=False), F("scaled_score") * 100
        ),
        hardest=[],
    )


def quiz_attempts_for_export(*, lesson_key, block_id):
    return (
        QuizAttempt.objects.filter(
            lesson_key=lesson_key, block_id=block_id, submitted_at__isnull=False
        )
        .select_related("user")
        .order_by("submitted_at")
        .iterator(chunk_size=2000)
    )


def activity_results_for_export(*, lesson_key, block_id):
    return (
        ActivityResult.objects.filter(lesson_key=lesson_key, block_id=block_id)
        .select_related("user")
        .order_by("updated_at")
        .iterator(chunk_size=2000)
    )

"""Quiz screens: start an attempt from the lesson, answer it, see the feedback."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from assessments import quizzes
from assessments.blocks import find_quiz_block
from assessments.models import Choice, Question, QuizAttempt


@login_required
@require_POST
def quiz_start(request: HttpRequest, lesson_id: int, block_id: str) -> HttpResponse:
    lesson = get_object_or_404(Page.objects.live(), pk=lesson_id).specific
    quiz = find_quiz_block(getattr(lesson, "body", None), block_id)
    if quiz is None:
        raise Http404
    try:
        attempt = quizzes.attempt_start(
            user=request.user, lesson=lesson, block_id=block_id, quiz=quiz
        )
    except quizzes.AttemptRefused as refused:
        messages.error(request, refused.message)
        return redirect(lesson.url)
    return redirect("quiz_attempt", attempt_id=attempt.pk)


def _questions(attempt: QuizAttempt) -> list[dict]:
    """The attempt's questions with their choices in the attempt's order (two queries)."""
    question_ids = [entry["question"] for entry in attempt.layout]
    choice_ids = [pk for entry in attempt.layout for pk in entry["choices"]]
    questions = Question.objects.in_bulk(question_ids)
    choices = Choice.objects.in_bulk(choice_ids)
    feedback = {item["question"]: item for item in attempt.feedback}
    rows = []
    for number, entry in enumerate(attempt.layout, start=1):
        question = questions.get(entry["question"])
        if question is None:
            continue
        given = attempt.answers.get(str(question.pk), [])
        rows.append(
            {
                "number": number,
                "question": question,
                "choices": [choices[pk] for pk in entry["choices"] if pk in choices],
                "positions": range(1, len(entry["choices"]) + 1),
                "given": given,
                # The learner's own answer, as they gave it (in their order for "put in order").
                "given_choices": [choices[int(pk)] for pk in given if int(pk) in choices],
                "feedback": feedback.get(question.pk),
                "expected": [
                    choices[pk]
                    for pk in (feedback.get(question.pk) or {}).get("expected", [])
                    if pk in choices
                ],
            }
        )
    return rows


def _answers_from(request: HttpRequest, attempt: QuizAttempt) -> dict:
    answers = {}
    for entry in attempt.layout:
        key = str(entry["question"])
        order = [request.POST.get(f"q{key}-pos{pk}", "") for pk in entry["choices"]]
        if any(order):
            # "Put in order": each choice got a position; the answer is the choices by position.
            ranked = sorted(
                zip(order, entry["choices"], strict=True),
                key=lambda pair: int(pair[0]) if pair[0].isdigit() else 999,
            )
            answers[key] = [pk for _position, pk in ranked]
        else:
            answers[key] = request.POST.getlist(f"q{key}")
    return answers


@login_required
def quiz_attempt(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """Answer an open attempt (GET shows it, POST submits it) or see its feedback. Only the
    learner's own attempts exist for them."""
    attempt = get_object_or_404(
        QuizAttempt.objects.select_related("bank"), pk=attempt_id, user=request.user
    )
    lesson = Page.objects.filter(pk=attempt.lesson_id).first()
    if request.method == "POST":
        try:
            attempt = quizzes.attempt_submit(
                user=request.user, attempt_id=attempt.pk, answers=_answers_from(request, attempt)
            )
        except quizzes.AttemptRefused as refused:
            messages.error(request, refused.message)
            return redirect("quiz_attempt", attempt_id=attempt.pk)
        if attempt.late:
            messages.error(request, _("The time limit has passed; this attempt was not graded."))
        elif attempt.passed:
            messages.success(request, _("You passed the quiz."))
        else:
            messages.warning(request, _("You did not reach the pass mark this time."))
        return redirect("quiz_attempt", attempt_id=attempt.pk)
    context = {
        "attempt": attempt,
        "lesson": lesson,
        "questions": _questions(attempt),
        "show_wrong": attempt.feedback_level in ("wrong", "full"),
        "show_right": attempt.feedback_level == "full",
    }
    return TemplateResponse(request, "assessments/quiz_attempt.html", context)

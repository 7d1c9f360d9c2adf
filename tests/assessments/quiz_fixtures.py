import pytest

from assessments.models import Choice, Question, QuestionBank, QuestionKind
from courses.services import enrolment_create


def make_bank(title="أسئلة الإسعافات الأولية") -> QuestionBank:
    bank = QuestionBank.objects.create(title=title)
    single = Question.objects.create(
        bank=bank, kind=QuestionKind.SINGLE, text="ما رقم الهلال الأحمر؟", sort_order=0
    )
    for order, (text, right) in enumerate([("997", True), ("999", False), ("911", False)]):
        Choice.objects.create(question=single, text=text, is_correct=right, sort_order=order)
    true_false = Question.objects.create(
        bank=bank,
        kind=QuestionKind.TRUE_FALSE,
        text="يُعطى المغمى عليه ماءً ليشربه.",
        explanation="لا يُسقى من فقد وعيه شيئًا.",
        sort_order=1,
    )
    Choice.objects.create(question=true_false, text="صح", is_correct=False, sort_order=0)
    Choice.objects.create(question=true_false, text="خطأ", is_correct=True, sort_order=1)
    return bank


@pytest.fixture
def quiz_lesson(make_course, volunteer):
    """A one-lesson course whose lesson holds a required quiz; the volunteer enrolled."""

    def make(**settings):
        from django.core.cache import cache

        cache.clear()  # lesson ids repeat between tests; courses caches their course keys
        bank = make_bank()
        tree = make_course(lessons=1)
        lesson = tree.lessons[0]
        quiz = {
            "bank": bank,
            "draw": 0,
            "pass_mark": 100,
            "max_attempts": 3,
            "cooldown_minutes": 0,
            "time_limit_minutes": 0,
            "feedback": "full",
            "required": True,
        }
        quiz.update(settings)
        lesson.body = [("text", "<p>أجب عن الأسئلة.</p>"), ("quiz", quiz)]
        lesson.save_revision().publish()
        lesson.refresh_from_db()
        enrolment_create(user=volunteer, course=tree.course)
        return tree, lesson, bank

    return make


def right_answers(attempt) -> dict:
    answers = {}
    for entry in attempt.layout:
        right = Choice.objects.filter(pk__in=entry["choices"], is_correct=True)
        answers[str(entry["question"])] = [str(c.pk) for c in right]
    return answers


def wrong_answers(attempt) -> dict:
    answers = {}
    for entry in attempt.layout:
        wrong = Choice.objects.filter(pk__in=entry["choices"], is_correct=False).first()
        answers[str(entry["question"])] = [str(wrong.pk)]
    return answers

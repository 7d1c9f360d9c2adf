"""A true/false question is one step: the trainer writes the statement and picks the answer;
both choices are written for them, in the bank's language, the right one marked."""

import pytest
from django.urls import reverse
from wagtail.models import Locale

from assessments.models import Choice, Question, QuestionBank, QuestionKind
from assessments.services import question_true_false_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank(db):
    return QuestionBank.objects.create(title="أسئلة الإسعافات")


def test_the_service_writes_both_choices_in_the_bank_language(bank):
    question_true_false_create(bank=bank, text="يُسقى المغمى عليه ماءً.", answer=False)
    question = Question.objects.get()
    assert question.kind == QuestionKind.TRUE_FALSE
    choices = list(question.choices.order_by("sort_order").values_list("text", "is_correct"))
    assert choices == [("صح", False), ("خطأ", True)]
    assert {c.locale_id for c in Choice.objects.all()} == {bank.locale_id}


def test_an_english_bank_gets_english_choices_after_the_last_question(bank):
    english = QuestionBank.objects.create(
        title="First aid", locale=Locale.objects.get_or_create(language_code="en")[0]
    )
    question_true_false_create(bank=english, text="Call 997 for an ambulance.", answer=True)
    second = question_true_false_create(
        bank=english, text="Leave a fainted pilgrim alone.", answer=False
    )
    assert second.sort_order == 1
    assert list(second.choices.values_list("text", "is_correct")) == [
        ("True", False),
        ("False", True),
    ]


def test_one_click_from_the_bank_editor(client, trainer, bank):
    client.force_login(trainer)
    editor = client.get(reverse("wagtailsnippets_assessments_questionbank:edit", args=[bank.pk]))
    url = reverse("assessments_true_false_add", args=[bank.pk])
    assert url in editor.content.decode()
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "رقم الإسعاف 997.", "answer": "true"})
    assert response.status_code == 302
    question = Question.objects.get(bank=bank)
    assert list(question.choices.values_list("is_correct", flat=True)) == [True, False]


def test_the_answer_must_be_given(client, trainer, bank):
    client.force_login(trainer)
    response = client.post(
        reverse("assessments_true_false_add", args=[bank.pk]), {"text": "رقم الإسعاف 997."}
    )
    assert response.status_code == 200
    assert not Question.objects.exists()


def test_volunteers_may_not(client, volunteer, bank):
    client.force_login(volunteer)
    response = client.post(
        reverse("assessments_true_false_add", args=[bank.pk]), {"text": "x", "answer": "true"}
    )
    assert response.status_code in (302, 403)
    assert not Question.objects.exists()

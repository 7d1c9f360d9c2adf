"""Trainers' shortcuts in the Wagtail admin: a true/false question in one step."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from assessments.forms import TrueFalseQuestionForm
from assessments.models import QuestionBank
from assessments.permissions import may_change_question_bank
from assessments.services import question_true_false_create


def true_false_question_add(request: HttpRequest, bank_id: int) -> HttpResponse:
    bank = get_object_or_404(QuestionBank.objects.select_related("locale"), pk=bank_id)
    if not may_change_question_bank(request.user):
        raise PermissionDenied
    form = TrueFalseQuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        question_true_false_create(bank=bank, **form.cleaned_data)
        messages.success(
            request,
            _("The true/false question was added to “%(bank)s”, with both choices.")
            % {"bank": bank.title},
        )
        if "add_another" in request.POST:
            return redirect("assessments_true_false_add", bank_id=bank.pk)
        return redirect("wagtailsnippets_assessments_questionbank:edit", bank.pk)
    return TemplateResponse(
        request,
        "assessments/admin/true_false_add.html",
        {
            "page_title": _("Add a true/false question"),
            "header_icon": "tasks",
            "bank": bank,
            "form": form,
        },
    )

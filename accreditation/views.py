"""Screens of accreditation on the site: a volunteer's hours and certificates, and their
request for a statement of hours. Office screens live in the admin (``admin_views.py``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accreditation import selectors, services
from accreditation.forms import StatementRequestForm
from certificates.content import subject


def _describe(certificates, language: str) -> None:
    for certificate in certificates:
        certificate.subject = subject(certificate, language)


@login_required
def my_hours(request: HttpRequest) -> HttpResponse:
    context = selectors.for_volunteer_hours(request.user)
    context["form"] = StatementRequestForm(user=request.user)
    _describe(context["certificates"], request.LANGUAGE_CODE)
    return TemplateResponse(request, "accreditation/my_hours.html", context)


@login_required
@require_POST
def statement_request(request: HttpRequest) -> HttpResponse:
    form = StatementRequestForm(request.POST, user=request.user)
    if not form.is_valid():
        context = selectors.for_volunteer_hours(request.user)
        context["form"] = form
        _describe(context["certificates"], request.LANGUAGE_CODE)
        return TemplateResponse(request, "accreditation/my_hours.html", context, status=400)
    services.hours_statement_request(
        volunteer=request.user, season=form.cleaned_data["season"] or None
    )
    messages.success(
        request, _("Your statement of hours is being prepared; it appears below in a moment.")
    )
    return redirect("my_hours")

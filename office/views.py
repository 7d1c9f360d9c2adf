"""The office's volunteer screens beyond the list: the record, its correction, the audited
unmasking of an identity number, adding the ticked volunteers to a team, and the answers to
change requests. Every view finds the volunteer among ``volunteers_visible_to``: a person
of the other section is "not found"."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lms.permissions import teams_visible_to
from office.forms import AddToTeamForm, CorrectionForm, DecisionForm, UnmaskForm
from office.permissions import (
    change_requests_visible_to,
    may_manage_volunteers,
    volunteers_visible_to,
)
from office.selectors import volunteer_record
from office.services import (
    change_request_decide,
    team_members_add,
    volunteer_correct,
    volunteer_identity_unmask,
)


def _office_only(request) -> None:
    if not may_manage_volunteers(request.user):
        raise PermissionDenied


def _volunteer(request, pk):
    _office_only(request)
    return get_object_or_404(
        volunteers_visible_to(request.user).select_related("organisation"), pk=pk
    )


def record(request: HttpRequest, pk: int, *, form=None, unmasked: str = "") -> HttpResponse:
    volunteer = _volunteer(request, pk)
    context = volunteer_record(volunteer=volunteer, user=request.user)
    context.update(
        page_title=volunteer.display_name or volunteer.email,
        header_icon="user",
        correction_form=form or CorrectionForm(volunteer=volunteer),
        unmask_form=UnmaskForm(),
        decision_form=DecisionForm(),
        unmasked=unmasked,
        breadcrumbs_items=[
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("volunteers:index"), "label": _("Volunteers")},
            {"url": "", "label": volunteer.display_name or volunteer.email},
        ],
    )
    return TemplateResponse(request, "office/volunteer_record.html", context)


def correct(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = _volunteer(request, pk)
    if request.method != "POST":
        return redirect("volunteers:record", pk)
    form = CorrectionForm(request.POST, volunteer=volunteer)
    if form.is_valid():
        try:
            volunteer_correct(
                actor=request.user,
                volunteer=volunteer,
                changes=form.changes(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The correction is saved and recorded in the audit trail."))
            if volunteers_visible_to(request.user).filter(pk=volunteer.pk).exists():
                return redirect("volunteers:record", pk)
            return redirect("volunteers:index")
        volunteer.refresh_from_db()
    response = record(request, pk, form=form)
    response.status_code = 400
    return response


@require_POST
def unmask(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = _volunteer(request, pk)
    form = UnmaskForm(request.POST)
    form.is_valid()
    number = volunteer_identity_unmask(
        actor=request.user, volunteer=volunteer, reason=form.cleaned_data.get("reason", "")
    )
    return record(request, pk, unmasked=number)


@require_POST
def add_to_team(request: HttpRequest) -> HttpResponse:
    _office_only(request)
    back = request.POST.get("next") or reverse("volunteers:index")
    if not back.startswith("/admin/volunteers/"):
        back = reverse("volunteers:index")
    form = AddToTeamForm(request.POST, teams=teams_visible_to(request.user))
    # Keys as the database holds them: ASCII digits, at most 18 of them ("²" is a digit
    # to Python, and a longer number overflows the column).
    ids = [
        value
        for value in request.POST.getlist("id")
        if value.isascii() and value.isdigit() and len(value) <= 18
    ]
    if not ids:
        messages.error(request, _("Tick the volunteers to add to the team."))
        return redirect(back)
    if not form.is_valid():
        messages.error(request, _("Choose a team."))
        return redirect(back)
    people = list(volunteers_visible_to(request.user).filter(pk__in=ids))
    if len(people) != len(set(ids)):
        raise PermissionDenied  # someone out of reach was ticked (a forged request)
    team = form.cleaned_data["team"]
    try:
        added = team_members_add(actor=request.user, team=team, volunteers=people)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d volunteer added to %(team)s.",
                "%(count)d volunteers added to %(team)s.",
                added,
            )
            % {"count": added, "team": team.name},
        )
    return redirect(back)


@require_POST
def decide_change_request(request: HttpRequest, pk: int) -> HttpResponse:
    _office_only(request)
    change_request = get_object_or_404(
        change_requests_visible_to(request.user).select_related("user"), pk=pk
    )
    form = DecisionForm(request.POST)
    decision = request.POST.get("decision")
    accept = decision == "accept"
    if decision not in ("accept", "decline"):
        messages.error(request, _("Choose to accept or to decline the request."))
    elif not form.is_valid():
        messages.error(request, _("Give the reason for the decision."))
    else:
        try:
            change_request_decide(
                actor=request.user,
                change_request=change_request,
                accept=accept,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The request is accepted and the change made.")
                if accept
                else _("The request is declined."),
            )
    return redirect("volunteers:record", change_request.user_id)

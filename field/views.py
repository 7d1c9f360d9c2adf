"""Field service on the site: deployments and their rosters for office staff and team
leaders, recording attendance, and the attendance waiting for a deputy or the office."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from field import exports, selectors, services
from field.actions import (
    ConfirmAttendance,
    DecideAttendance,
    ReturnAttendance,
    WithdrawAttendance,
)
from field.forms import (
    AssignForm,
    AttendanceDecisionForm,
    AttendanceFilterForm,
    DeploymentFilterForm,
    ShiftForm,
)
from field.impact_selectors import deployment_people_served
from field.permissions import (
    attendance_visible_to,
    field_roles_visible_to,
    may_decide_attendance,
    may_override_checks,
    may_record_attendance,
    may_record_on,
    may_see_deployments,
)
from lms.models import Section, User
from lms.office import export_format, stated_filters
from lms.permissions import teams_visible_to, users_visible_to
from lms.roles import is_office_staff, section_of
from lms.templatetags.manara import human_list


@login_required
def deployments(request: HttpRequest) -> HttpResponse:
    """Deployments by season (latest first), each with its places filled and its capacity;
    filtered by season, section, role and whether upcoming, running or past."""
    if not may_see_deployments(request.user):
        raise Http404
    visible = selectors.deployments_for(request.user)
    filters = DeploymentFilterForm(
        request.GET or None,
        seasons=selectors.deployment_seasons(visible),
        roles=field_roles_visible_to(request.user).order_by("name_en"),
        sections=Section.choices if not section_of(request.user) else [],
    )
    found = filters.filter(selectors.with_places_filled(visible), today=timezone.localdate())
    page = Paginator(found, 25).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "field/deployments.html",
        {"page": page, "filters": filters, "query": query.urlencode()},
    )


def _teams_for_assigning(user, deployment):
    teams = teams_visible_to(user).filter(section=deployment.section).order_by("name")
    if deployment.organisation_id:
        teams = teams.filter(organisation_id=deployment.organisation_id)
    return teams if is_office_staff(user) else teams.filter(leaders=user)


@login_required
def deployment_roster(request: HttpRequest, pk: int) -> HttpResponse:
    deployment = _deployment_or_404(request.user, pk)
    form = AssignForm(
        request.POST or None,
        teams=_teams_for_assigning(request.user, deployment),
        may_override=may_override_checks(request.user),
        people=users_visible_to(request.user),
    )
    result = None
    if request.method == "GET" and (fmt := export_format(request)):
        return exports.roster_export(
            fmt=fmt,
            deployment=deployment,
            rows=selectors.roster(deployment=deployment, with_hours=True),
        )
    if request.method == "POST" and form.is_valid():
        team = form.cleaned_data.get("team") or form.cleaned_data.get("member_team")
        volunteers = (
            list(team.members.order_by("pk"))
            if form.cleaned_data.get("team")
            else [form.cleaned_data["volunteer"]]
        )
        if request.POST.get("check_only"):
            result = selectors.readiness_check(deployment=deployment, volunteers=volunteers)
            return _roster_page(request, deployment, assign_form=form, result=result)
        try:
            result = services.deployment_assign(
                deployment=deployment,
                volunteers=volunteers,
                actor=request.user,
                team=team,
                override_reason=form.cleaned_data.get("override_reason", ""),
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error.messages)
            result = None
        else:
            if result.assigned:
                names = [volunteer.display_name for volunteer in result.assigned]
                messages.success(request, _("Assigned: %(names)s.") % {"names": human_list(names)})
            if not result.refused and not result.full:
                return redirect("deployment_roster", pk=deployment.pk)
    return _roster_page(request, deployment, assign_form=form, result=result)


def _deployment_or_404(user, pk: int):
    deployment = selectors.deployments_for(user).filter(pk=pk).first()
    if deployment is None:
        raise Http404
    return deployment


def _shift_form(request, deployment, data=None) -> ShiftForm:
    return ShiftForm(
        data,
        # Only the roster's people can be ticked: an id forged into the form is refused by
        # the form without naming anyone (a leader must not learn names by guessing ids).
        volunteers=User.objects.filter(assignments__deployment=deployment).distinct(),
        shifts=deployment.shift_templates.all(),
        initial={"day": _default_shift_day(deployment)},
    )


def _default_shift_day(deployment):
    """Today, or the deployment's last day once it is over."""
    return min(timezone.localdate(), deployment.ends_on)


def _roster_page(request, deployment, *, assign_form, result=None, shift_form=None, status=200):
    rows = selectors.roster(deployment=deployment)
    context = {
        "deployment": deployment,
        "rows": rows,
        "form": assign_form,
        "result": result,
        "shift_form": shift_form or _shift_form(request, deployment),
        "ticked": set(shift_form.data.getlist("volunteers")) if shift_form else set(),
        "attendance": selectors.deployment_attendance(deployment=deployment, user=request.user),
        "may_record": bool(rows) and may_record_on(request.user, deployment),
        "people_served": deployment_people_served(deployment_id=deployment.pk),
    }
    return TemplateResponse(request, "field/roster.html", context, status=status)


def _empty_assign_form(request, deployment) -> AssignForm:
    return AssignForm(
        teams=_teams_for_assigning(request.user, deployment),
        may_override=may_override_checks(request.user),
        people=users_visible_to(request.user),
    )


@login_required
@require_POST
def attendance_create(request: HttpRequest, pk: int) -> HttpResponse:
    """One shift for the volunteers ticked on the roster, all or none."""
    deployment = _deployment_or_404(request.user, pk)
    form = _shift_form(request, deployment, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            recorded = services.attendance_record(
                deployment=deployment,
                volunteers=list(data["volunteers"]),
                actor=request.user,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                beneficiaries=data.get("beneficiaries"),
            )
        except services.AttendanceRefused as refusal:
            form.add_error(None, _("Nothing was recorded."))
            for volunteer, reason in refusal.problems or [(None, str(refusal))]:
                form.add_error(None, services.refusal_line(volunteer, reason))
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            done = ngettext(
                "Shift recorded for %(count)s volunteer; it waits for the deputy.",
                "Shift recorded for %(count)s volunteers; it waits for the deputy.",
                len(recorded),
            )
            messages.success(request, done % {"count": len(recorded)})
            return redirect("deployment_roster", pk=deployment.pk)
    elif form.has_error("volunteers", "invalid_choice"):
        raise Http404  # somebody outside the staff member's section
    return _roster_page(
        request,
        deployment,
        assign_form=_empty_assign_form(request, deployment),
        shift_form=form,
        status=400,
    )


@login_required
@require_POST
def attendance_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    attendance = (
        attendance_visible_to(request.user)
        .select_related("assignment__deployment", "assignment__volunteer")
        .filter(pk=pk)
        .first()
    )
    # Someone who could never record this volunteer's attendance (a leader of another team
    # or section) learns nothing of it, not even the deployment it belongs to.
    if (
        attendance is None
        or not may_see_deployments(request.user)
        or not may_record_attendance(actor=request.user, assignment=attendance.assignment)
    ):
        raise Http404
    try:
        WithdrawAttendance(attendance=attendance, user=request.user).execute()
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("The attendance is withdrawn; record it again if needed."))
    return redirect("deployment_roster", pk=attendance.assignment.deployment_id)


@login_required
def attendance_approvals(request: HttpRequest) -> HttpResponse:
    if not may_decide_attendance(request.user):
        raise Http404
    filters = AttendanceFilterForm(
        request.GET or None,
        deployments=selectors.deployments_with_attendance_waiting_for(request.user),
        teams=teams_visible_to(request.user).order_by("name"),
    )
    pending = filters.filter(selectors.attendance_waiting_for(request.user))
    deputy = not is_office_staff(request.user)
    form = AttendanceDecisionForm(request.POST or None, pending=pending, deputy=deputy)
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["attendance"])
        decision = form.cleaned_data["decision"]
        reason = form.cleaned_data["reason"]
        try:
            if decision == "confirm":
                count = ConfirmAttendance(attendance=chosen, user=request.user).execute()
            elif decision == "return":
                count = ReturnAttendance(
                    attendance=chosen, user=request.user, reason=reason
                ).execute()
            else:
                count = DecideAttendance(
                    attendance=chosen,
                    user=request.user,
                    approve=decision == "approve",
                    reason=reason,
                ).execute()
        except (PermissionDenied, ValidationError) as error:
            form.add_error(None, error.messages if hasattr(error, "messages") else str(error))
        else:
            done = ngettext(
                "%(count)s attendance record done.", "%(count)s attendance records done.", count
            )
            messages.success(request, done % {"count": count})
            return redirect(request.get_full_path())
    if fmt := export_format(request):
        return exports.attendance_export(fmt=fmt, rows=pending, filters=stated_filters(filters))
    page = Paginator(pending, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "field/attendance_approvals.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "deputy": deputy,
            "query": _query_without_page(request),
        },
    )


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("p", None)
    query.pop("export", None)
    return query.urlencode()

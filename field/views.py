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

from field import selectors, services
from field.actions import ConfirmAttendance, DecideAttendance
from field.forms import AssignForm, AttendanceDecisionForm, AttendanceForm
from field.permissions import may_decide_attendance, may_override_checks, may_see_deployments
from lms.models import User
from lms.permissions import teams_visible_to, users_visible_to
from lms.roles import is_office_staff
from lms.templatetags.manara import human_list


@login_required
def deployments(request: HttpRequest) -> HttpResponse:
    if not may_see_deployments(request.user):
        raise Http404
    today = timezone.localdate()
    upcoming = selectors.deployments_for(request.user).filter(ends_on__gte=today)
    page = Paginator(upcoming, 25).get_page(request.GET.get("p"))
    return TemplateResponse(request, "field/deployments.html", {"page": page})


def _teams_for_assigning(user, deployment):
    teams = teams_visible_to(user).filter(section=deployment.section).order_by("name")
    if deployment.organisation_id:
        teams = teams.filter(organisation_id=deployment.organisation_id)
    return teams if is_office_staff(user) else teams.filter(leaders=user)


@login_required
def deployment_roster(request: HttpRequest, pk: int) -> HttpResponse:
    deployment = (
        selectors.deployments_for(request.user).select_related("role").filter(pk=pk).first()
    )
    if deployment is None:
        raise Http404
    form = AssignForm(
        request.POST or None,
        teams=_teams_for_assigning(request.user, deployment),
        may_override=may_override_checks(request.user),
        people=users_visible_to(request.user),
    )
    result = None
    if request.method == "POST" and form.is_valid():
        team = form.cleaned_data.get("team")
        volunteers = list(team.members.order_by("pk")) if team else [form.cleaned_data["volunteer"]]
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
    rows = selectors.roster(deployment=deployment)
    attendance_form = AttendanceForm(
        volunteers=User.objects.filter(assignments__deployment=deployment).order_by("pk"),
        initial={"day": timezone.localdate()},
    )
    context = {
        "deployment": deployment,
        "rows": rows,
        "form": form,
        "result": result,
        "attendance_form": attendance_form,
        "attendance": selectors.deployment_attendance(deployment=deployment),
    }
    return TemplateResponse(request, "field/roster.html", context)


@login_required
@require_POST
def attendance_create(request: HttpRequest, pk: int) -> HttpResponse:
    deployment = selectors.deployments_for(request.user).filter(pk=pk).first()
    if deployment is None:
        raise Http404
    volunteers = User.objects.filter(assignments__deployment=deployment)
    form = AttendanceForm(request.POST, volunteers=volunteers)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.attendance_record(
                deployment=deployment,
                volunteer=data["volunteer"],
                day=data["day"],
                actor=request.user,
                check_in=data["check_in"],
                check_out=data["check_out"],
                hours=data["hours"],
            )
        except (services.AttendanceRefused, PermissionDenied) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Attendance recorded; it waits for the deputy."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("deployment_roster", pk=deployment.pk)


@login_required
def attendance_approvals(request: HttpRequest) -> HttpResponse:
    if not may_decide_attendance(request.user):
        raise Http404
    pending = selectors.attendance_waiting_for(request.user)
    form = AttendanceDecisionForm(request.POST or None, pending=pending)
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["attendance"])
        decision = form.cleaned_data["decision"]
        try:
            if decision == "confirm":
                count = ConfirmAttendance(attendance=chosen, user=request.user).execute()
            else:
                count = DecideAttendance(
                    attendance=chosen,
                    user=request.user,
                    approve=decision == "approve",
                    reason=form.cleaned_data["reason"],
                ).execute()
        except (PermissionDenied, ValidationError) as error:
            form.add_error(None, error.messages if hasattr(error, "messages") else str(error))
        else:
            done = ngettext(
                "%(count)s attendance record done.", "%(count)s attendance records done.", count
            )
            messages.success(request, done % {"count": count})
            return redirect("attendance_approvals")
    page = Paginator(pending, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request, "field/attendance_approvals.html", {"form": form, "page": page}
    )

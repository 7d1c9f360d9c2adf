"""Screens of accreditation on the site: a volunteer's hours and certificates, downloads,
and the public verification page (and its JSON form). Office screens live in the admin
(``admin_views.py``)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accreditation import selectors, services
from accreditation.actions import ConfirmAttendance, DecideAttendance
from accreditation.certificates import holder_name, masked_name, normalise_code, subject
from accreditation.forms import (
    AssignForm,
    AttendanceDecisionForm,
    AttendanceForm,
    StatementRequestForm,
)
from accreditation.models import Certificate
from lms.models import Team, User
from lms.ratelimit import count_in_window
from lms.roles import Role, has_role, is_office_staff
from lms.templatetags.manara import human_list


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


@login_required
def certificate_download(request: HttpRequest, code: str) -> HttpResponse:
    """The PDF, for its holder and office staff only; to anyone else it does not exist."""
    certificate = (
        Certificate.objects.select_related("pdf").filter(code=normalise_code(code)).first()
        if normalise_code(code)
        else None
    )
    if certificate is None or not (
        certificate.holder_id == request.user.pk or is_office_staff(request.user)
    ):
        raise Http404
    if certificate.pdf is None:
        messages.info(request, _("This certificate is still being prepared. Try again shortly."))
        return redirect("my_hours")
    response = FileResponse(
        certificate.pdf.file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"certificate-{certificate.code}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _rate_limited(request: HttpRequest) -> bool:
    """A fixed window per visitor address and minute, shared by every web process through the
    cache; guessing codes is hopeless anyway (160 bits), this keeps the page cheap to serve."""
    used, _seconds_left = count_in_window(f"verify:{request.META.get('REMOTE_ADDR', '')}", 60)
    return used > settings.MANARA_VERIFY_RATE_PER_MINUTE


def _public_facts(result: selectors.Verification, language: str) -> dict:
    """What anyone may learn from a code: status, kind, masked name, what is certified."""
    certificate = result.certificate
    if result.status in ("unknown", "invalid"):
        return {"status": result.status}
    payload = certificate.payload
    facts = {
        "status": result.status,
        "kind": certificate.kind,
        "holder": masked_name(holder_name(payload, language)),
        "issued_at": certificate.issued_at.isoformat(),
        "expires_at": certificate.expires_at.isoformat() if certificate.expires_at else None,
        "revoked_at": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
        "issuer": _("The Volunteer Office in Madinah"),
    }
    if certificate.kind == Certificate.Kind.COURSE:
        titles = payload["course"]["titles"]
        facts["course"] = titles.get(language) or titles.get("ar") or ""
        facts["hours"] = payload.get("hours")
        facts["completed_on"] = payload["completed_on"]
    elif certificate.kind == Certificate.Kind.HOURS:
        facts["hours"] = payload.get("total_hours")
        facts["season"] = payload.get("season")
    elif certificate.kind == Certificate.Kind.LICENCE:
        facts["level"] = payload.get("level")
        facts["lapsed_on"] = result.date.isoformat() if result.date else None
    return facts


def _licence_level(result: selectors.Verification, language: str) -> str:
    certificate = result.certificate
    if certificate is None or certificate.kind != Certificate.Kind.LICENCE:
        return ""
    return subject(certificate, language)


def verify(request: HttpRequest, code: str) -> HttpResponse:
    if _rate_limited(request):
        return TemplateResponse(request, "accreditation/verify_limited.html", status=429)
    result = selectors.verification(code)
    context = {
        "result": result,
        "facts": _public_facts(result, request.LANGUAGE_CODE),
        "code": code.upper()[:64],
        "level": (
            subject(result.certificate, request.LANGUAGE_CODE)
            if result.certificate is not None
            and result.certificate.kind == Certificate.Kind.LICENCE
            else ""
        ),
    }
    response = TemplateResponse(request, "accreditation/verify.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


def verify_json(request: HttpRequest, code: str) -> JsonResponse:
    if _rate_limited(request):
        return JsonResponse({"error": "rate_limited"}, status=429)
    result = selectors.verification(code)
    language = request.GET.get("lang", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    response = JsonResponse(_public_facts(result, language))
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _may_see_deployments(user) -> bool:
    return is_office_staff(user) or has_role(user, Role.TEAM_LEADER)


@login_required
def deployments(request: HttpRequest) -> HttpResponse:
    if not _may_see_deployments(request.user):
        raise Http404
    today = timezone.localdate()
    upcoming = selectors.deployments_for(request.user).filter(ends_on__gte=today)
    page = Paginator(upcoming, 25).get_page(request.GET.get("p"))
    return TemplateResponse(request, "accreditation/deployments.html", {"page": page})


def _teams_for_assigning(user, deployment):
    teams = Team.objects.filter(section=deployment.section).order_by("name")
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
        may_override=is_office_staff(request.user),
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
    return TemplateResponse(request, "accreditation/roster.html", context)


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
    if not (is_office_staff(request.user) or has_role(request.user, Role.SECTION_DEPUTY)):
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
            messages.success(request, _("%(count)s attendance records done.") % {"count": count})
            return redirect("attendance_approvals")
    page = Paginator(pending, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request, "accreditation/attendance_approvals.html", {"form": form, "page": page}
    )

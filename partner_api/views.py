"""Version 1 of the JSON API for partner systems, described by its own OpenAPI document.

Public: verifying a certificate. With a partner organisation's token (``Authorization:
Bearer <token>``): a volunteer's hours, a volunteer's eligibility for a field role, and
attendance submission, which needs an ``Idempotency-Key`` header so a repeated submission
is recorded once. A partner sees and submits only for its own volunteers. Errors are JSON
objects ``{"error": code, "message": text}`` with the matching HTTP status.
"""

import datetime
import hashlib
import json
import secrets
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, JsonResponse
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from accreditation.selectors import hours_by_season_kind_category, hours_text
from field import services
from field.eligibility import evaluate
from field.models import Attendance, Deployment, FieldRole
from lms.models import Organisation, User
from partner_api.models import ApiToken

MAX_BODY_BYTES = 10_000
TOKEN_PREFIX = "mnr_"  # noqa: S105 (marks a Manara token; not a secret)


def token_create(*, organisation: Organisation, name: str, created_by=None) -> str:
    """Make a token for ``organisation``; the returned text is its only copy."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(
        organisation=organisation, name=name, digest=_digest(token), created_by=created_by
    )
    return token


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": code, "message": message}, status=status)


def _partner(request: HttpRequest) -> Organisation | None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    token = (
        ApiToken.objects.select_related("organisation")
        .filter(digest=_digest(header.removeprefix("Bearer ").strip()), revoked_at__isnull=True)
        .first()
    )
    return token.organisation if token else None


def partner_only(view):
    def wrapped(request, *args, **kwargs):
        partner = _partner(request)
        if partner is None:
            return error(401, "unauthorised", "A valid partner token is required.")
        return view(request, partner, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


def _language(request: HttpRequest) -> str:
    language = request.GET.get("lang", "")
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _own_volunteer(partner: Organisation, volunteer_id: int) -> User | None:
    return User.objects.filter(pk=volunteer_id, organisation=partner).first()


@require_GET
@partner_only
def volunteer_hours(request: HttpRequest, partner, volunteer_id: int) -> JsonResponse:
    volunteer = _own_volunteer(partner, volunteer_id)
    if volunteer is None:
        return error(404, "not_found", "No volunteer of your organisation has this id.")
    totals = hours_by_season_kind_category(volunteer=volunteer)
    total = sum((Decimal(r["hours"]) for r in totals), Decimal("0"))
    return JsonResponse(
        {"volunteer": volunteer.pk, "total_hours": hours_text(total), "totals": totals}
    )


@require_GET
@partner_only
def eligibility(request: HttpRequest, partner, role_id: int, volunteer_id: int) -> JsonResponse:
    volunteer = _own_volunteer(partner, volunteer_id)
    role = FieldRole.objects.filter(pk=role_id).first()
    if volunteer is None or role is None:
        return error(404, "not_found", "No such field role, or no such volunteer of yours.")
    on = timezone.localdate()
    answer = evaluate(role=role, volunteer_ids=[volunteer.pk], on=on)[volunteer.pk]
    language = _language(request)
    with translation.override(language):
        findings = [{**f.as_dict(), "message": f.message(language)} for f in answer.findings]
    return JsonResponse(
        {
            "volunteer": volunteer.pk,
            "role": role.pk,
            "on": on.isoformat(),
            "eligible": answer.eligible,
            "findings": findings,
        }
    )


def _parse_attendance(body: dict) -> dict:
    def integer(name):
        value = body.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} must be a positive integer")
        return value

    def parse(name, kind):
        value = body.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError(f"{name} must be a string")
        try:
            return kind.fromisoformat(value)
        except ValueError as problem:
            raise ValueError(f"{name} is not a valid {kind.__name__}") from problem

    hours = body.get("hours")
    if hours is not None:
        if isinstance(hours, bool) or not isinstance(hours, (int, float, str)):
            raise ValueError("hours must be a number")
        try:
            hours = Decimal(str(hours))
        except InvalidOperation as problem:
            raise ValueError("hours must be a number") from problem
        if not hours.is_finite() or hours.as_tuple().exponent < -2 or abs(hours) >= 100:
            raise ValueError("hours must be a number with at most two decimals")
    day = parse("day", datetime.date)
    if day is None:
        raise ValueError("day is required")
    return {
        "deployment": integer("deployment"),
        "volunteer": integer("volunteer"),
        "day": day,
        "check_in": parse("check_in", datetime.time),
        "check_out": parse("check_out", datetime.time),
        "hours": hours,
    }


@csrf_exempt  # a partner system, authenticated by its token, not a browser session
@require_POST
@partner_only
def attendance_submit(request: HttpRequest, partner) -> JsonResponse:
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > 100:
        return error(
            400, "idempotency_key", "An Idempotency-Key header (1-100 characters) is required."
        )
    if len(request.body) > MAX_BODY_BYTES:
        return error(413, "too_large", "The submission is too large.")
    try:
        body = json.loads(request.body or b"null")
        if not isinstance(body, dict):
            raise ValueError("the body must be a JSON object")
        data = _parse_attendance(body)
    except (ValueError, UnicodeDecodeError) as problem:
        return error(400, "invalid", str(problem))
    # A partner reports on deployments for its organisation, or for no one in particular.
    deployment = (
        Deployment.objects.filter(pk=data["deployment"])
        .filter(Q(organisation__isnull=True) | Q(organisation=partner))
        .first()
    )
    volunteer = _own_volunteer(partner, data["volunteer"])
    if deployment is None or volunteer is None:
        return error(404, "not_found", "No such deployment, or no such volunteer of yours.")
    repeated = Attendance.objects.filter(partner=partner, idempotency_key=key).exists()
    language = _language(request)
    try:
        with translation.override(language):
            attendance = services.attendance_record(
                deployment=deployment,
                volunteer=volunteer,
                day=data["day"],
                actor=None,
                check_in=data["check_in"],
                check_out=data["check_out"],
                hours=data["hours"],
                partner=partner,
                idempotency_key=key,
            )
    except services.AttendanceRefused as refusal:
        return error(422, "refused", str(refusal))
    except PermissionDenied as refusal:
        return error(403, "forbidden", str(refusal))
    status = 200 if repeated else 201
    return JsonResponse(
        {"id": attendance.pk, "status": attendance.status, "hours": f"{attendance.hours:f}"},
        status=status,
    )

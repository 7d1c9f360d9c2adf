"""Version 1 of the JSON API for partner systems, described by its own OpenAPI document.

Public: verifying a certificate. With a partner organisation's token (``Authorization:
Bearer <token>``): a volunteer's hours, a volunteer's eligibility for a field role, and
attendance submission, which needs an ``Idempotency-Key`` header so a repeated submission
is recorded once. A partner sees and submits only for its own volunteers. Errors are JSON
objects ``{"error": code, "message": text}`` with the matching HTTP status. Bodies are read
and answers shaped by the models in partner_api/schemas.py, which the document is made from.
"""

from dataclasses import replace
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from pydantic import BaseModel

from accreditation.selectors import hours_by_season_kind_category, hours_text
from courses.selectors import course_titles_in
from field import services
from field.eligibility import evaluate
from field.selectors import field_role, partner_submission_exists
from lms.jsonbody import JSONBodyRefused, read_json
from partner_api import schemas
from partner_api.auth import partner_only
from partner_api.permissions import deployments_open_to, volunteers_of

MAX_BODY_BYTES = 10_000
MAX_BODY_DEPTH = 10  # a submission is a flat object


def error(status: int, code: str, message: str, **details) -> JsonResponse:
    return JsonResponse({"error": code, "message": message, **details}, status=status)


def answer(body: BaseModel, status: int = 200) -> JsonResponse:
    return JsonResponse(body.model_dump(mode="json"), status=status)


def _language(request: HttpRequest) -> str:
    language = request.GET.get("lang", "")
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@require_GET
@partner_only
def volunteer_hours(request: HttpRequest, partner, volunteer_id: int) -> JsonResponse:
    volunteer = volunteers_of(partner).filter(pk=volunteer_id).first()
    if volunteer is None:
        return error(404, "not_found", "No volunteer of your organisation has this id.")
    totals = hours_by_season_kind_category(volunteer=volunteer)
    total = sum((Decimal(r["hours"]) for r in totals), Decimal("0"))
    return answer(
        schemas.VolunteerHours(volunteer=volunteer.pk, total_hours=hours_text(total), totals=totals)
    )


@require_GET
@partner_only
def eligibility(request: HttpRequest, partner, role_id: int, volunteer_id: int) -> JsonResponse:
    volunteer = volunteers_of(partner).filter(pk=volunteer_id).first()
    role = field_role(role_id)
    if volunteer is None or role is None:
        return error(404, "not_found", "No such field role, or no such volunteer of yours.")
    on = timezone.localdate()
    verdict = evaluate(role=role, volunteer_ids=[volunteer.pk], on=on)[volunteer.pk]
    language = _language(request)
    # Courses are named in the partner's language where a translation exists.
    titles = course_titles_in({f.key for f in verdict.findings if f.key}, language)
    named = [replace(f, what=titles.get(f.key, f.what)) for f in verdict.findings]
    with translation.override(language):
        findings = [
            {**f.as_dict(), "label": f.label(language), "message": f.message(language)}
            for f in named
        ]
    return answer(
        schemas.EligibilityAnswer(
            volunteer=volunteer.pk,
            role=role.pk,
            on=on,
            eligible=verdict.eligible,
            findings=findings,
        )
    )


@csrf_exempt  # a partner system, authenticated by its token, not a browser session
@require_POST
@partner_only
def attendance_submit(request: HttpRequest, partner) -> JsonResponse:
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > 100:
        return error(
            400, "idempotency_key", "An Idempotency-Key header (1-100 characters) is required."
        )
    try:
        # The API's messages are English unless the partner asks for a language (?lang=).
        with translation.override(_language(request) if "lang" in request.GET else "en"):
            body = read_json(request, max_bytes=MAX_BODY_BYTES, max_depth=MAX_BODY_DEPTH)
    except JSONBodyRefused as refusal:
        code = "too_large" if refusal.status == 413 else "invalid"
        return error(refusal.status, code, refusal.message)
    try:
        canonical = schemas.canonical_json(body)
        data = schemas.attendance_submission(canonical)
    except (ValueError, UnicodeDecodeError) as problem:  # schemas.Invalid is a ValueError
        message = str(problem) if isinstance(problem, schemas.Invalid) else ""
        return error(400, "invalid", message or "the body is not valid JSON")
    deployment = deployments_open_to(partner).filter(pk=data.deployment).first()
    volunteer = volunteers_of(partner).filter(pk=data.volunteer).first()
    if deployment is None or volunteer is None:
        return error(404, "not_found", "No such deployment, or no such volunteer of yours.")
    repeated = partner_submission_exists(partner=partner, idempotency_key=key)
    digest = schemas.digest(canonical)
    language = _language(request)
    try:
        with translation.override(language):
            starts_at = ends_at = None
            if data.check_in is not None and data.check_out is not None:
                # A check-out at or before the check-in is the next morning (a night shift).
                starts_at, ends_at = services.shift_bounds(
                    day=data.day, starts=data.check_in, ends=data.check_out
                )
            elif data.check_in is not None or data.check_out is not None:
                raise services.AttendanceRefused(
                    gettext("Give both the check-in and the check-out time.")
                )
            (attendance,) = services.attendance_record(
                deployment=deployment,
                volunteers=[volunteer],
                day=data.day,
                actor=None,
                starts_at=starts_at,
                ends_at=ends_at,
                hours=None if starts_at else data.hours,
                partner=partner,
                idempotency_key=key,
                request_digest=digest,
                beneficiaries=data.beneficiaries,
            )
    except services.IdempotencyKeyReused as reused:
        with translation.override(language):
            message = gettext(
                "This Idempotency-Key was first used with another body; use a new key for a "
                "new submission."
            )
        return error(
            409,
            "idempotency_conflict",
            message,
            first_request_digest=reused.first_digest,
            request_digest=reused.digest,
        )
    except services.AttendanceRefused as refusal:
        return error(422, "refused", str(refusal))
    except PermissionDenied as refusal:
        return error(403, "forbidden", str(refusal))
    recorded = schemas.AttendanceRecorded(
        id=attendance.pk,
        status=attendance.status,
        hours=hours_text(attendance.hours),
        beneficiaries=attendance.beneficiaries,
    )
    return answer(recorded, status=200 if repeated else 201)

"""Certificates on the site: the PDF download for its holder, and the public verification
page (and its JSON form, served under the partner API's address)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates import selectors
from certificates.content import subject
from certificates.permissions import may_download
from certificates.registry import certificate_wording, kind_of
from certificates.rendering import certificate_pdf_as_issued
from certificates.selectors import Status
from certificates.signing import holder_name, masked_name
from lms.dates import format_dual
from lms.ratelimit import client_address, count_in_window


@login_required
def certificate_download(request: HttpRequest, code: str) -> HttpResponse:
    """The PDF, for its holder and office staff only; to anyone else it does not exist."""
    certificate = selectors.by_code(code, related=["holder"])
    if certificate is None or not may_download(request.user, certificate):
        raise Http404
    if certificate.rendered_at is None:
        messages.info(request, _("This certificate is still being prepared. Try again shortly."))
        return redirect("my_hours")
    pdf = certificate_pdf_as_issued(certificate)
    if pdf is None:
        messages.error(
            request,
            _(
                "This certificate's file does not match what the office issued, so it is not "
                "served. The office has been told; contact it for a copy."
            ),
        )
        return redirect("my_hours")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'

    response["Cache-Control"] = "private, no-store"
    return response


def _rate_limited(request: HttpRequest) -> bool:
    """A fixed window per visitor address and minute, shared by every web process through the
    cache; guessing codes is hopeless anyway (160 bits), this keeps the page cheap to serve."""
    used, _seconds_left = count_in_window(f"verify:{client_address(request)}", 60)
    return used > settings.MANARA_VERIFY_RATE_PER_MINUTE


def _public_facts(result: selectors.Verification, language: str) -> dict:
    """What anyone may learn from a code: status, kind, masked name, what is certified."""
    certificate = result.certificate
    if result.status in (Status.UNKNOWN, Status.INVALID):
        return {"status": str(result.status)}
    kind = kind_of(certificate)
    return {
        "status": str(result.status),
        "kind": certificate.kind,
        "holder": masked_name(holder_name(certificate.payload, language)),
        "issued_at": certificate.issued_at.isoformat(),
        "expires_at": certificate.expires_at.isoformat() if certificate.expires_at else None,
        "revoked_at": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
        "superseded_by": certificate.superseded_by.code if certificate.superseded_by else None,
        "outdated_since": (
            certificate.needs_reissue_at.isoformat() if certificate.needs_reissue_at else None
        ),
        "issuer": _("The Volunteer Office in Madinah"),
        **kind.public_facts(certificate, language, status_date=result.date),
    }


def _wording(result: selectors.Verification) -> dict:
    """The page's title, the kind's label and the sentence for the status, naming the kind
    as the registry does (a licence is a licence, not a certificate)."""
    certificate = result.certificate
    words = kind_of(certificate).wording() if certificate is not None else certificate_wording()
    dates = {}
    if certificate is not None:
        dates = {
            Status.SUPERSEDED: certificate.revoked_at,
            Status.REVOKED: certificate.revoked_at,
            Status.EXPIRED: certificate.expires_at,
        }
    when = dates.get(result.status)
    sentence = getattr(words, str(result.status), "")
    if sentence and "%(date)s" in sentence:
        sentence %= {"date": format_dual(timezone.localdate(when)) if when else ""}
    return {
        "title": words.title,
        "label": words.label,
        "holder": words.holder,
        "sentence": sentence,
    }


def verify(request: HttpRequest, code: str) -> HttpResponse:
    if _rate_limited(request):
        return TemplateResponse(request, "certificates/verify_limited.html", status=429)
    result = selectors.verification(code)
    context = {
        "result": result,
        "statuses": Status,
        "facts": _public_facts(result, request.LANGUAGE_CODE),
        "code": code.upper()[:64],
        "subject": subject(result.certificate, request.LANGUAGE_CODE) if result.found else "",
        "wording": _wording(result),
    }
    response = TemplateResponse(request, "certificates/verify.html", context)
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

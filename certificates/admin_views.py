"""The certificates screens of the Wagtail admin: the list, a certificate, its revocation.
For office staff only; the action checks again."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from certificates import selectors
from certificates.actions import RevokeCertificate
from certificates.forms import CertificateFilterForm, RevokeForm
from certificates.permissions import certificates_visible_to
from lms.exports import Column, table_export
from lms.office import (
    PAGE_SIZE,
    export_format,
    office_only,
    pager_query,
    searched,
    stated_filters,
)


def _certified_hours(certificate):
    """The hours a course certificate or a statement certifies (none for a licence card)."""
    payload = certificate.payload or {}
    return payload.get("total_hours", payload.get("hours"))


def _status(certificate) -> str:
    if certificate.superseded_by_id:
        return _("Superseded")
    if certificate.revoked_at:
        return _("Revoked")
    if certificate.needs_reissue_at:
        return _("Outdated")
    if not certificate.rendered_at:
        return _("Being prepared…")
    return _("Issued")


def export_columns() -> list[Column]:
    return [
        Column(_("Code"), "code", width=22),
        Column(_("Kind"), "get_kind_display", width=28),
        Column(_("Holder"), "holder.display_name", width=30),
        Column(_("Email"), "holder.email", width=30),
        Column(_("Issued at"), "issued_at", kind="datetime", width=18),
        Column(_("Expires at"), "expires_at", kind="datetime", width=18),
        Column(_("Season"), "season", kind="number"),
        Column(_("Hours certified"), _certified_hours, kind="number", total=True),
        Column(_("Status"), _status, width=20),
    ]


@office_only
def certificates(request: HttpRequest) -> HttpResponse:
    form = CertificateFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    found = selectors.office_list_filtered(
        request.user, kind=filters.get("kind", ""), pdf=filters.get("pdf", "")
    )
    query, found = searched(request, found, person="holder", also="code__iexact")
    if fmt := export_format(request):
        return table_export(
            fmt=fmt,
            filename="certificates",
            title=_("Certificates"),
            columns=export_columns(),
            rows=found,
            filters=stated_filters(form, query=query),
        )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "certificates/admin/certificates.html",
        {
            "page_title": _("Certificates"),
            "header_icon": "doc-full",
            "page": page,
            "q": query,
            "form": form,
            "pager_query": pager_query(request),
        },
    )


@office_only
def certificate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_object_or_404(
        certificates_visible_to(request.user).select_related("holder", "superseded_by"), pk=pk
    )
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            RevokeCertificate(
                certificate=certificate, user=request.user, reason=form.cleaned_data["reason"]
            ).execute()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The certificate is revoked."))
            return redirect("accreditation_certificate", pk=certificate.pk)
    return TemplateResponse(
        request,
        "certificates/admin/certificate.html",
        {
            "page_title": _("Certificate"),
            "header_icon": "doc-full",
            "certificate": certificate,
            "verification": selectors.verification(certificate.code),
            "form": form,
        },
    )

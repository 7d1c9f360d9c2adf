"""The certificates screens of the Wagtail admin: the list, a certificate, its revocation.
For office staff only; the action checks again."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from certificates import selectors
from certificates.actions import RevokeCertificate
from certificates.forms import RevokeForm
from certificates.permissions import certificates_visible_to
from lms.office import office_only, searched_page


@office_only
def certificates(request: HttpRequest) -> HttpResponse:
    query, page = searched_page(
        request, selectors.for_office_list(request.user), person="holder", also="code__iexact"
    )
    return TemplateResponse(
        request,
        "certificates/admin/certificates.html",
        {"page_title": _("Certificates"), "header_icon": "doc-full", "page": page, "q": query},
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

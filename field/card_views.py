"""A holder's licences on the site, and the wallet-size card of each to download (its PDF is
drawn on demand from the licence as it stands: ``field.cards``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from field.cards import CardRefused, card_codes, card_face, card_pdf
from field.eligibility import REVOKED, standings
from field.models import Licence
from field.permissions import licences_held_by, may_have_card
from lms.photos import photos_for_profile
from lms.roles import is_office_staff


@login_required
def my_licences(request: HttpRequest) -> HttpResponse:
    """The licences a person holds (and their teams' when they lead one), each with its
    standing, its card and its verification page; and where their card photo stands."""
    found = list(
        licences_held_by(request.user).select_related("holder", "team").order_by("-issued_at")[:50]
    )
    states = standings(found)
    codes = card_codes([licence.pk for licence in found])
    rows = [
        {
            "licence": licence,
            "standing": states[licence.pk],
            "has_card": states[licence.pk].status != REVOKED and licence.pk in codes,
            "code": codes.get(licence.pk, ""),
        }
        for licence in found
    ]
    context = {"rows": rows, "photo": photos_for_profile(request.user)}
    return TemplateResponse(request, "field/my_licences.html", context)


def _refused(request: HttpRequest, licence: Licence) -> HttpResponse:
    if licence.status == Licence.Status.REVOKED:
        messages.error(
            request, _("This licence was revoked, so it has no card. Contact the office.")
        )
    else:  # its card certificate is not issued yet
        messages.error(
            request,
            _(
                "This licence's card is not ready yet. "
                "Try again in a few minutes, or contact the office."
            ),
        )
    if is_office_staff(request.user):
        return redirect("accreditation_licences")
    return redirect("my_licences")


@login_required
def licence_card(request: HttpRequest, pk: int) -> HttpResponse:
    """The card's PDF (85.6 x 54 mm), for its holder and office staff of its section; to
    anyone else it does not exist. A revoked licence has no card."""
    licence = Licence.objects.select_related("holder", "team").filter(pk=pk).first()
    if licence is None or not may_have_card(request.user, licence):
        raise Http404
    try:
        face = card_face(licence)
    except CardRefused:
        return _refused(request, licence)
    response = HttpResponse(card_pdf(face), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="licence-card-{face.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response

"""The office's screens for licence cards in the Wagtail admin: choosing licences and printing
their cards on A4 sheets of ten, and the queue of volunteers' photos to approve or reject.
For office staff, limited to their section like every other screen: a licence or photo of
the other section is "not found"."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from field.cards import CardRefused, card_faces, sheet_pdf
from field.eligibility import standings
from field.forms import PhotoDecisionForm
from field.models import Licence, LicenceLevel
from field.permissions import licences_visible_to
from field.photos import DecidePhoto
from lms.numbers import format_number
from lms.office import PAGE_SIZE, office_only
from lms.permissions import photos_visible_to
from lms.photos import photos_waiting

# The most cards one request draws (twenty sheets): more is printed in several goes.
MAX_CARDS = 200


@office_only
def licence_cards(request: HttpRequest) -> HttpResponse:
    """The licences of the staff member's section that have cards, filtered by level and
    name, to tick and print."""
    found = (
        licences_visible_to(request.user)
        .exclude(status=Licence.Status.REVOKED)
        .select_related("holder", "team")
        .order_by("-issued_at", "-pk")
    )
    level = request.GET.get("level", "")
    if level in LicenceLevel.values:
        found = found.filter(level=level)
    query = request.GET.get("q", "").strip()
    if query:
        found = found.filter(
            Q(holder__name_ar__icontains=query)
            | Q(holder__first_name__icontains=query)
            | Q(holder__last_name__icontains=query)
            | Q(holder__email__icontains=query)
            | Q(team__name__icontains=query)
        )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("p"))
    states = standings(list(page))
    rows = [{"licence": licence, "standing": states[licence.pk]} for licence in page]
    return TemplateResponse(
        request,
        "field/admin/licence_cards.html",
        {
            "page_title": _("Print licence cards"),
            "header_icon": "success",
            "page": page,
            "rows": rows,
            "levels": LicenceLevel.choices,
            "level": level,
            "q": query,
        },
    )


def _chosen_ids(request: HttpRequest) -> list[int]:
    try:
        ids = list(dict.fromkeys(int(value) for value in request.GET.getlist("licence")))
    except ValueError:
        raise Http404 from None
    if any(not 0 < pk < 2**63 for pk in ids):
        raise Http404
    return ids


@office_only
def licence_card_sheet(request: HttpRequest) -> HttpResponse:
    """The chosen licences' cards on A4 sheets of ten, in the order chosen. A licence outside
    the staff member's section, or unknown, makes the whole request "not found": nothing of
    the other section is printed or revealed."""
    ids = _chosen_ids(request)
    if not ids:
        messages.error(request, _("Choose the licences whose cards to print."))
        return redirect("licence_cards")
    if len(ids) > MAX_CARDS:
        messages.error(
            request,
            ngettext(
                "Print at most %(count)s card at a time.",
                "Print at most %(count)s cards at a time.",
                MAX_CARDS,
            )
            % {"count": format_number(MAX_CARDS)},
        )
        return redirect("licence_cards")
    found = {
        licence.pk: licence
        for licence in licences_visible_to(request.user)
        .select_related("holder", "team")
        .filter(pk__in=ids)
    }
    if len(found) != len(ids):
        raise Http404
    try:
        faces = card_faces([found[pk] for pk in ids])
    except CardRefused as refused:
        licence = refused.args[0]
        messages.error(
            request,
            _(
                "%(licence)s has no card: it was revoked, or its card is not issued yet. "
                "Leave it out and print again."
            )
            % {"licence": licence},
        )
        return redirect("licence_cards")
    response = HttpResponse(sheet_pdf(faces), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="licence-cards.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@office_only
def photo_queue(request: HttpRequest) -> HttpResponse:
    """Photos waiting for the office, oldest first, of the staff member's section."""
    waiting = photos_waiting(photos_visible_to(request.user))
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "field/admin/photo_queue.html",
        {
            "page_title": _("Photos for licence cards"),
            "header_icon": "image",
            "page": page,
            "form": PhotoDecisionForm(),
        },
    )


@office_only
@require_POST
def photo_decide(request: HttpRequest, pk: int) -> HttpResponse:
    photo = get_object_or_404(photos_visible_to(request.user).select_related("user"), pk=pk)
    form = PhotoDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("photo_queue")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        DecidePhoto(
            photo=photo, user=request.user, approve=approve, reason=form.cleaned_data["reason"]
        ).execute()
    except PermissionDenied as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if approve:
            messages.success(
                request,
                _("The photo of %(name)s is approved; it prints on their cards.")
                % {"name": photo.user.display_name},
            )
        else:
            messages.success(
                request,
                _("The photo of %(name)s is rejected; they are told why.")
                % {"name": photo.user.display_name},
            )
    return redirect("photo_queue")

"""The licences screen of the Wagtail admin: issue, renew, suspend, reinstate, revoke. For
office staff only; the actions check again."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certificates.models import Certificate
from certificates.selectors import newest_by_source
from field.eligibility import standings
from field.exports import licences_export
from field.forms import LicenceChangeForm, LicenceIssueForm
from field.licences import ChangeLicence, IssueLicence
from field.models import LicenceEvent
from field.permissions import licences_visible_to
from field.selectors import licences_expiring
from lms.office import PAGE_SIZE, export_format, office_only, pager_query


@office_only
def licences(request: HttpRequest) -> HttpResponse:
    form = LicenceIssueForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            IssueLicence(
                level=form.cleaned_data["level"],
                holder=form.cleaned_data.get("holder"),
                team=form.cleaned_data.get("team"),
                user=request.user,
            ).execute()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The licence is issued; its card is being prepared."))
            return redirect("accreditation_licences")
    found = (
        licences_visible_to(request.user)
        .select_related("holder", "team")
        .prefetch_related(Prefetch("events", queryset=LicenceEvent.objects.select_related("actor")))
        .order_by("-issued_at", "-pk")
    )
    # ``?expiring=30``: the active licences expiring within that many days (the dashboard).
    expiring = request.GET.get("expiring", "")
    # Up to ten years ahead, in ASCII digits; anything else is no filter.
    if not (expiring.isascii() and expiring.isdigit() and int(expiring) <= 3660):
        expiring = ""
    if expiring:
        found = licences_expiring(found, days=int(expiring)).order_by("expires_on", "pk")
    if fmt := export_format(request):
        everything = list(found)
        states = standings(everything)
        rows = [{"licence": licence, "standing": states[licence.pk]} for licence in everything]
        stated = [(_("Expiring within (days)"), expiring)] if expiring else []
        return licences_export(fmt=fmt, rows=rows, filters=stated)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("p"))
    states = standings(list(page))
    rows = licence_rows(list(page), states)
    return TemplateResponse(
        request,
        "field/admin/licences.html",
        {
            "page_title": _("Licences"),
            "header_icon": "success",
            "form": form,
            "page": page,
            "rows": rows,
            "change_form": LicenceChangeForm(),
            "q": "",
            "pager_query": pager_query(request),
        },
    )


def licence_rows(licences, states) -> list[dict]:
    """Each licence with its standing, its history (events prefetched) and its latest card:
    the card's PDF and verification page. One query for the cards of the page."""
    events = [event for licence in licences for event in licence.events.all()]
    cards = newest_by_source(kind=Certificate.Kind.LICENCE, source_ids=[e.pk for e in events])
    rows = []
    for licence in licences:
        history = list(licence.events.all())
        card = next((cards[e.pk] for e in reversed(history) if e.pk in cards), None)
        rows.append(
            {"licence": licence, "standing": states[licence.pk], "history": history, "card": card}
        )
    return rows


@office_only
@require_POST
def licence_change(request: HttpRequest, pk: int) -> HttpResponse:
    licence = get_object_or_404(licences_visible_to(request.user), pk=pk)
    form = LicenceChangeForm(request.POST)
    if form.is_valid():
        try:
            ChangeLicence(
                licence=licence,
                user=request.user,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
            ).execute()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The licence is updated."))
    else:
        messages.error(request, _("Choose what to do with the licence."))
    return redirect("accreditation_licences")

"""The season's impact: the public page, an organisation's own page for its
representatives and office staff, and the representatives' report of the people served in
their organisation's shifts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from field import impact_selectors as selectors
from field.forms import BeneficiariesForm, ImpactSeasonForm
from field.impact import (
    BENEFICIARIES_PER_VOLUNTEER_HOUR,
    BeneficiariesRefused,
    attendance_beneficiaries_set,
)
from field.permissions import may_see_organisation_impact
from lms.charts import PALETTE, bar_chart
from lms.exports import Column, table_export
from lms.models import Organisation
from lms.numbers import format_number
from lms.office import export_format
from lms.roles import is_office_staff, represented_organisation_id


def _season(request: HttpRequest) -> tuple[ImpactSeasonForm, int | None]:
    seasons = selectors.impact_seasons()
    form = ImpactSeasonForm(request.GET or None, seasons=seasons)
    chosen = form.cleaned_data.get("season") if form.is_bound and form.is_valid() else None
    season = chosen or selectors.default_season(seasons)
    if not form.is_bound or not form.is_valid():
        form = ImpactSeasonForm(initial={"season": season}, seasons=seasons)
    return form, season


def _charts(impact) -> dict:
    labels = [row["name"] for row in impact.categories]
    if not labels:
        return {}
    same = _("One bar per service category; the same figures are in the table.")
    return {
        "hours_chart": bar_chart(
            title=_("Approved field hours by service category"),
            description=same,
            labels=labels,
            values=[row["field_hours"] for row in impact.categories],
        ),
        "value_chart": bar_chart(
            title=_("Estimated value (SAR) by service category"),
            description=same,
            labels=labels,
            values=[row["value_sar"] for row in impact.categories],
            value_format=lambda value: format_number(value, 0),
            colour=PALETTE[2],
        ),
        "people_chart": bar_chart(
            title=_("People served by service category"),
            description=same,
            labels=labels,
            values=[row["beneficiaries"] for row in impact.categories],
            value_format=lambda value: format_number(value, 0),
            colour=PALETTE[1],
        ),
    }


def _export(impact, *, organisation=None) -> HttpResponse:
    filters = [(_("Season"), _("%(season)s AH") % {"season": impact.season})]
    if organisation is not None:
        filters.append((_("Organisation"), str(organisation)))
    return table_export(
        fmt="csv",
        filename=f"impact-{impact.season}",
        title=_("Impact of the season"),
        columns=[
            Column(_("Service category"), lambda row: row["name"], width=32),
            Column(
                _("Approved field hours"), lambda r: r["field_hours"], kind="number", total=True
            ),
            Column(_("Estimated value (SAR)"), lambda r: r["value_sar"], kind="number", total=True),
            Column(_("People served"), lambda r: r["beneficiaries"], kind="number", total=True),
            Column(
                _("Courses completed"), lambda r: r["courses_completed"], kind="number", total=True
            ),
            Column(
                _("Training hours credited"),
                lambda r: r["training_hours"],
                kind="number",
                total=True,
            ),
        ],
        rows=impact.categories,
        filters=filters,
    )


def impact(request: HttpRequest) -> HttpResponse:
    """The season's impact for everyone: who served, their hours and its value, the people
    served, the organisations taking part, and the training credited."""
    form, season = _season(request)
    figures = selectors.season_impact(season=season)
    if export_format(request) and season is not None:
        return _export(figures)
    return TemplateResponse(
        request,
        "field/impact.html",
        {
            "form": form,
            "impact": figures,
            "ratings": selectors.season_ratings(season=season),
            **_charts(figures),
        },
    )


@login_required
def organisation_impact(request: HttpRequest) -> HttpResponse:
    """An organisation's own impact: its representatives see theirs; office staff choose
    one (``?organisation=``). Anyone else, or another organisation, finds nothing (404)."""
    organisation_id = represented_organisation_id(request.user)
    choices = []
    if organisation_id is None and is_office_staff(request.user):
        choices = selectors.organisations_with_impact()
        asked = request.GET.get("organisation", "")
        # One of the organisations offered, by its key as written in the choice (never a
        # number parsed from the address: "²" or twenty digits are simply not offered).
        if asked:
            organisation_id = next((item.pk for item in choices if str(item.pk) == asked), None)
        else:
            organisation_id = choices[0].pk if choices else None
    if organisation_id is None or not may_see_organisation_impact(request.user, organisation_id):
        raise Http404
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404
    form, season = _season(request)
    figures = selectors.season_impact(season=season, organisation_id=organisation_id)
    if export_format(request) and season is not None:
        return _export(figures, organisation=organisation)
    return TemplateResponse(
        request,
        "field/organisation_impact.html",
        {
            "form": form,
            "impact": figures,
            "organisation": organisation,
            "choices": choices,
            "ratings": selectors.season_ratings(season=season, organisation_id=organisation_id),
            **_charts(figures),
        },
    )


@login_required
def organisation_shifts(request: HttpRequest) -> HttpResponse:
    """The shifts served on the representative's organisation's deployments, each with the
    people served, to report or correct."""
    if represented_organisation_id(request.user) is None:
        raise Http404
    page = Paginator(selectors.organisation_shifts(request.user), 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "field/organisation_shifts.html",
        {"page": page, "limit": BENEFICIARIES_PER_VOLUNTEER_HOUR},
    )


@login_required
def organisation_beneficiaries(request: HttpRequest, pk: int) -> HttpResponse:
    """Report or correct the people served in one of the organisation's shifts (POST)."""
    attendance = selectors.organisation_shifts(request.user).filter(pk=pk).first()
    if attendance is None or request.method != "POST":
        raise Http404
    form = BeneficiariesForm(request.POST)
    page = request.POST.get("p", "1")
    back = redirect(f"{reverse('organisation_shifts')}?p={page if page.isdigit() else 1}")
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("beneficiaries", [])))
        return back
    try:
        attendance_beneficiaries_set(
            attendance=attendance,
            beneficiaries=form.cleaned_data["beneficiaries"],
            actor=request.user,
        )
    except (BeneficiariesRefused, PermissionDenied) as refusal:
        messages.error(
            request,
            _("Not saved for %(name)s on %(day)s: %(reason)s")
            % {
                "name": attendance.assignment.volunteer.display_name,
                "day": attendance.day.isoformat(),
                "reason": str(refusal),
            },
        )
    else:
        messages.success(
            request,
            _("People served saved for %(name)s on %(day)s.")
            % {
                "name": attendance.assignment.volunteer.display_name,
                "day": attendance.day.isoformat(),
            },
        )
    return back

"""The office's screens in the Wagtail admin: the hours report (with CSV and XLSX), the
ledger and its corrections, and the bulk issue of statements with its progress. Every view
is for office staff only; the actions check again."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accreditation import selectors
from accreditation.actions import BulkIssueStatements, ReverseHoursEntry
from accreditation.forms import (
    BulkIssueForm,
    LedgerFilterForm,
    ReportFilterForm,
    ReverseEntryForm,
)
from accreditation.permissions import hours_entries_visible_to, report_section
from certificates.permissions import batches_visible_to
from certificates.selectors import batches_for_office_list
from certificates.services import certificate_batch_progress
from lms.charts import PALETTE, Series, bar_chart, line_chart
from lms.exports import Column, table_export
from lms.i18n import reads_arabic_script
from lms.models import Section
from lms.numbers import format_number
from lms.office import (
    PAGE_SIZE,
    export_format,
    office_only,
    pager_query,
    searched,
    stated_filters,
)


def _label(row: dict, group_by: str) -> str:
    if group_by == "season":
        return _("%(season)s AH") % {"season": row["season"]}
    if group_by == "section":
        return str(Section(row["section"]).label) if row["section"] else _("No section")
    prefix = "category" if group_by == "category" else "organisation"
    name = row[f"{prefix}__name_ar"] if reads_arabic_script() else row[f"{prefix}__name_en"]
    return name or _("No organisation")


def report_rows(request: HttpRequest):
    limited_to = report_section(request.user)
    form = ReportFilterForm(request.GET or None, limited_to=limited_to)
    data = form.cleaned_data if form.is_valid() else {}
    group_by = data.get("group_by") or "category"
    rows = selectors.hours_report(
        group_by=group_by,
        season=data.get("season"),
        organisation_id=data["organisation"].pk if data.get("organisation") else None,
        section=report_section(request.user, data.get("section") or ""),
    )
    for row in rows:
        row["label"] = _label(row, group_by)
    return form, group_by, rows


# Categories drawn as lines of their own; the rest are summed as "Other categories".
CHART_CATEGORIES = 5


def report_charts(request: HttpRequest, form) -> dict:
    """The report's charts over every season (the season filter chooses the table's rows,
    not the years drawn), for the organisation and section chosen."""
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    cells = selectors.hours_by_season_and_category(
        organisation_id=data["organisation"].pk if data.get("organisation") else None,
        section=report_section(request.user, data.get("section") or ""),
    )
    seasons = sorted({cell["season"] for cell in cells})
    season_labels = [_("%(season)s AH") % {"season": season} for season in seasons]
    by_season = {season: {"hours": Decimal(0), "value": Decimal(0)} for season in seasons}
    category_hours: dict[str, dict[int, Decimal]] = {}
    category_names: dict[str, str] = {}
    for cell in cells:
        by_season[cell["season"]]["hours"] += cell["hours"] or 0
        by_season[cell["season"]]["value"] += cell["value"] or 0
        slug = cell["category__slug"]
        category_names[slug] = _label(cell, "category")
        category_hours.setdefault(slug, {})[cell["season"]] = cell["hours"] or Decimal(0)
    ranked = sorted(category_hours, key=lambda slug: -sum(category_hours[slug].values()))
    shown, rest = ranked[:CHART_CATEGORIES], ranked[CHART_CATEGORIES:]
    series = [
        Series(category_names[slug], [category_hours[slug].get(s, 0) for s in seasons])
        for slug in shown
    ]
    if rest:
        series.append(
            Series(
                _("Other categories"),
                [sum(category_hours[slug].get(s, 0) for slug in rest) for s in seasons],
            )
        )
    season_rows = [
        {"label": label, **by_season[season]}
        for season, label in zip(seasons, season_labels, strict=True)
    ]
    category_rows = [
        {"label": line.name, "hours": list(line.values), "total": sum(line.values)}
        for line in series
    ]
    return {
        "season_rows": season_rows,
        "season_labels": season_labels,
        "category_rows": category_rows,
        "hours_by_season": bar_chart(
            title=_("Approved hours by season"),
            description=_("Bars, one per season, oldest first; the same figures are in the table."),
            labels=season_labels,
            values=[row["hours"] for row in season_rows],
        ),
        "value_by_season": bar_chart(
            title=_("Estimated value (SAR) by season"),
            description=_("Bars, one per season, oldest first; the same figures are in the table."),
            labels=season_labels,
            values=[row["value"] for row in season_rows],
            value_format=lambda value: format_number(value, 0),
            colour=PALETTE[2],
        ),
        "hours_by_category": line_chart(
            title=_("Approved hours by service category, season by season"),
            description=_("One line per service category; the same figures are in the table."),
            labels=season_labels,
            series=series,
        ),
    }


@office_only
def hours_report(request: HttpRequest) -> HttpResponse:
    form, group_by, rows = report_rows(request)
    totals = {
        "hours": sum((row["hours"] for row in rows), Decimal("0")),
        "value": sum((row["value"] or Decimal("0") for row in rows), Decimal("0")),
        "entries": sum(row["entries"] or 0 for row in rows),
    }
    query = request.GET.urlencode()
    return TemplateResponse(
        request,
        "accreditation/admin/report.html",
        {
            "page_title": _("Volunteer hours"),
            "header_icon": "table",
            "form": form,
            "rows": rows,
            "totals": totals,
            "group_by": group_by,
            "query": query,
            **report_charts(request, form),
        },
    )


def _report_export(request: HttpRequest, fmt: str) -> HttpResponse:
    form, group_by, rows = report_rows(request)
    grouping = dict(ReportFilterForm.GROUPS)[group_by]
    filters = [(_("Grouped by"), str(grouping))] + [
        (label, value)
        for label, value in stated_filters(form)
        if label != str(form.fields["group_by"].label)
    ]
    if report_section(request.user) and not any(
        label == str(form.fields["section"].label) for label, _v in filters
    ):
        filters.append(
            (str(form.fields["section"].label), str(Section(report_section(request.user)).label))
        )
    return table_export(
        fmt=fmt,
        filename=f"hours-by-{group_by}",
        title=_("Volunteer hours"),
        columns=[
            Column(grouping, lambda row: row["label"], width=32),
            Column(_("Hours"), lambda row: row["hours"], kind="number", total=True),
            Column(
                _("Estimated value (SAR)"),
                lambda row: row["value"] or 0,
                kind="number",
                total=True,
                width=22,
            ),
            Column(_("Entries"), lambda row: row["entries"], kind="number", total=True),
        ],
        rows=rows,
        filters=filters,
    )


@office_only
def hours_report_csv(request: HttpRequest) -> HttpResponse:
    return _report_export(request, "csv")


@office_only
def hours_report_xlsx(request: HttpRequest) -> HttpResponse:
    return _report_export(request, "xlsx")


def _ledger_columns() -> list[Column]:
    return [
        Column(_("Volunteer"), "volunteer.display_name", width=30),
        Column(_("Email"), "volunteer.email", width=30),
        Column(_("Date"), "served_on", kind="date"),
        Column(_("Season"), "season", kind="number"),
        Column(_("Kind"), "get_kind_display", width=18),
        Column(_("Category"), "category", width=28),
        Column(_("Hours"), "hours", kind="number", total=True),
        Column(_("Value per hour (SAR)"), "hourly_value_sar", kind="number", width=20),
        Column(
            _("Estimated value (SAR)"),
            lambda entry: entry.hours * entry.hourly_value_sar,
            kind="number",
            total=True,
            width=22,
        ),
        Column(_("Status"), "get_status_display", width=16),
        Column(_("Description"), "description", width=40),
        Column(_("Reason"), "reason", width=40),
    ]


@office_only
def ledger(request: HttpRequest) -> HttpResponse:
    form = LedgerFilterForm(request.GET)
    entries = form.filter(
        hours_entries_visible_to(request.user)
        .select_related("volunteer", "category")
        .order_by("-pk")
    )
    query, entries = searched(request, entries, person="volunteer", also="description__icontains")
    if fmt := export_format(request):
        return table_export(
            fmt=fmt,
            filename="hours-ledger",
            title=_("Hours ledger"),
            columns=_ledger_columns(),
            rows=entries,
            filters=stated_filters(form, query=query),
        )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "accreditation/admin/ledger.html",
        {
            "page_title": _("Hours ledger"),
            "header_icon": "list-ul",
            "page": page,
            "q": query,
            "form": ReverseEntryForm(),
            "filter_form": form,
            "pager_query": pager_query(request),
        },
    )


@office_only
@require_POST
def entry_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(hours_entries_visible_to(request.user), pk=pk)
    form = ReverseEntryForm(request.POST)
    if not form.is_valid():
        # The field's own message: the reason is missing, or too long (and says how long).
        messages.error(request, " ".join(form.errors["reason"]))
        return redirect("accreditation_ledger")
    try:
        ReverseHoursEntry(
            entry=entry, user=request.user, reason=form.cleaned_data["reason"]
        ).execute()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The entry was reversed; both lines stay in the ledger."))
    return redirect("accreditation_ledger")


@office_only
def bulk_issue(request: HttpRequest) -> HttpResponse:
    form = BulkIssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        batch = BulkIssueStatements(
            user=request.user,
            season=form.cleaned_data["season"],
            organisation=form.cleaned_data["organisation"],
        ).execute()
        return redirect("accreditation_batch", pk=batch.pk)
    only_running = request.GET.get("running") == "1"
    batches = batches_for_office_list(request.user, only_running=only_running)
    return TemplateResponse(
        request,
        "accreditation/admin/bulk_issue.html",
        {
            "page_title": _("Issue statements in bulk"),
            "header_icon": "doc-full",
            "form": form,
            "batches": batches,
            "only_running": only_running,
        },
    )


@office_only
def batch_progress(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(
        batches_visible_to(request.user).select_related("organisation"), pk=pk
    )
    progress = certificate_batch_progress(batch=batch)
    if request.GET.get("format") == "json":
        return JsonResponse(progress)
    return TemplateResponse(
        request,
        "accreditation/admin/batch.html",
        {
            "page_title": _("Bulk issue"),
            "header_icon": "doc-full",
            "batch": batch,
            "progress": progress,
            "progress_url": reverse("accreditation_batch", args=[batch.pk]) + "?format=json",
        },
    )

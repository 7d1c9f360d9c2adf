"""The office's screens in the Wagtail admin: the hours report (with CSV and XLSX), the
ledger and its corrections, and the bulk issue of statements with its progress. Every view
is for office staff only; the actions check again."""

import csv
import io
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
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
    ReportFilterForm,
    ReverseEntryForm,
)
from accreditation.permissions import hours_entries_visible_to, report_section
from certificates.permissions import batches_visible_to
from certificates.selectors import batches_for_office_list
from certificates.services import certificate_batch_progress
from lms.exports import spreadsheet_safe, xlsx_append
from lms.i18n import reads_arabic_script
from lms.models import Section
from lms.office import office_only, searched_page


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


@office_only
def hours_report(request: HttpRequest) -> HttpResponse:
    form, group_by, rows = report_rows(request)
    top = max((row["hours"] for row in rows), default=Decimal("0")) or Decimal("1")
    for row in rows:
        row["bar"] = round(100 * row["hours"] / top, 1) if row["hours"] > 0 else 0
    totals = {
        "hours": sum((row["hours"] for row in rows), Decimal("0")),
        "value": sum((row["value"] or Decimal("0") for row in rows), Decimal("0")),
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
        },
    )


def _export_table(rows) -> tuple[list[str], list[list]]:
    header = [_("Group"), _("Hours"), _("Estimated value (SAR)"), _("Entries")]
    body = [[row["label"], row["hours"], row["value"] or 0, row["entries"]] for row in rows]
    return header, body


@office_only
def hours_report_csv(request: HttpRequest) -> HttpResponse:
    _form, group_by, rows = report_rows(request)
    header, body = _export_table(rows)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hours-by-{group_by}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the Arabic as UTF-8
    writer = csv.writer(response)
    writer.writerow(header)
    for line in body:
        writer.writerow([spreadsheet_safe(value) for value in line])
    return response


@office_only
def hours_report_xlsx(request: HttpRequest) -> HttpResponse:
    from openpyxl import Workbook

    _form, group_by, rows = report_rows(request)
    header, body = _export_table(rows)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Volunteer hours")[:31]
    sheet.sheet_view.rightToLeft = reads_arabic_script()
    xlsx_append(sheet, header)
    for line in body:
        xlsx_append(sheet, [str(v) if isinstance(v, str) else float(v) for v in line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="hours-by-{group_by}.xlsx"'
    return response


@office_only
def ledger(request: HttpRequest) -> HttpResponse:
    entries = (
        hours_entries_visible_to(request.user)
        .select_related("volunteer", "category")
        .order_by("-pk")
    )
    query, page = searched_page(request, entries, person="volunteer", also="description__icontains")
    return TemplateResponse(
        request,
        "accreditation/admin/ledger.html",
        {
            "page_title": _("Hours ledger"),
            "header_icon": "list-ul",
            "page": page,
            "q": query,
            "form": ReverseEntryForm(),
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

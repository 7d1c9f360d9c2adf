"""The spreadsheets people download from the office's screens.

Every record-level export says what it holds: a title, the filters that chose its rows (or
that it holds every record), the headings, the rows and, where columns add up, a totals row.
Numbers are written as numbers (``24.48``, never ``24.4800000000000``), dates as dates, and
no text ever runs as a formula when the file is opened. XLSX files get column widths and a
right-to-left sheet for readers of Arabic and Urdu; CSV files are streamed, UTF-8 with a BOM
so spreadsheet programs read the Arabic.

Wagtail index views use :class:`StatedExportMixin` (Wagtail's ``?export=csv`` and
``?export=xlsx``); other views call :func:`table_export` directly.
"""

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from lms.i18n import reads_arabic_script

FORMULA_SIGNS = ("=", "+", "-", "@")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def spreadsheet_safe(value):
    """Text starting with = + - or @ would run as a formula when opened: it gets a leading
    quote. Numbers stay numbers (a negative correction is not a formula); None is empty."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in FORMULA_SIGNS:
        return "'" + value
    return value


def xlsx_append(sheet, values) -> None:
    """Append a row to an openpyxl sheet with every text kept as text: openpyxl would store
    a text starting with "=" as a formula that runs when the file is opened."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


@dataclass(frozen=True)
class Column:
    """One column of an export: its heading, how to read the value from a row (a dotted
    attribute path or a callable), what kind of value it is, and whether it is summed."""

    heading: Any
    value: str | Callable[[Any], Any]
    kind: str = "text"  # text, number, date, datetime
    total: bool = False
    width: int | None = None

    def read(self, row):
        if callable(self.value):
            return self.value(row)
        for part in self.value.split("."):
            if row is None:
                return None
            row = getattr(row, part)
            if callable(row) and not hasattr(row, "all"):
                row = row()
        return row


def as_number(value):
    """An int or Decimal as the plainest number: whole numbers as int, others as Decimal
    without trailing zeros."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if number == number.to_integral_value():
        return int(number)
    return number.normalize()


def _local(value: datetime.datetime) -> datetime.datetime:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def _csv_value(column: Column, value):
    if value is None:
        return ""
    if column.kind == "number":
        number = as_number(value)
        if number is None:
            return ""
        return str(number) if isinstance(number, int) else format(number, "f")
    if column.kind == "datetime" and isinstance(value, datetime.datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if column.kind == "date" and isinstance(value, datetime.date):
        return value.isoformat()
    return spreadsheet_safe(force_str(value))


@dataclass
class _Table:
    title: str
    columns: Sequence[Column]
    filters: Sequence[tuple[str, str]]

    def preamble(self) -> list[list[str]]:
        lines = [[force_str(self.title)]]
        if self.filters:
            lines += [[force_str(label), force_str(value)] for label, value in self.filters]
        else:
            lines.append([_("All records")])
        lines.append([])
        return lines

    def headings(self) -> list[str]:
        return [force_str(column.heading) for column in self.columns]

    @cached_property
    def summed(self) -> list[int]:
        return [i for i, column in enumerate(self.columns) if column.total]

    def totals_row(self, sums: dict[int, Decimal]) -> list:
        row: list = [None] * len(self.columns)
        for i in self.summed:
            row[i] = as_number(sums.get(i, 0))
        label_at = next(i for i in range(len(self.columns)) if i not in self.summed)
        row[label_at] = _("Total")
        return row


def _add(sums: dict[int, Decimal], table: _Table, values: list) -> None:
    for i in table.summed:
        number = as_number(values[i])
        if number is not None:
            sums[i] = sums.get(i, 0) + number


def _csv_stream(table: _Table, rows: Iterable):
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerows([[spreadsheet_safe(cell) for cell in line] for line in table.preamble()])
    writer.writerow([spreadsheet_safe(heading) for heading in table.headings()])
    yield "\ufeff" + flush()
    sums: dict[int, Decimal] = {}
    for count, row in enumerate(rows, start=1):
        values = [column.read(row) for column in table.columns]
        _add(sums, table, values)
        writer.writerow([_csv_value(c, v) for c, v in zip(table.columns, values, strict=True)])
        if count % 500 == 0:
            yield flush()
    if table.summed:
        totals = table.totals_row(sums)
        writer.writerow(
            [
                value if isinstance(value, str) else _csv_value(column, value)
                for column, value in zip(table.columns, totals, strict=True)
            ]
        )
    yield flush()


def _xlsx_cell(sheet, column: Column, value):
    from openpyxl.cell import WriteOnlyCell

    if column.kind == "number":
        value = as_number(value)
        if isinstance(value, Decimal):
            value = float(value)
    elif column.kind == "datetime" and isinstance(value, datetime.datetime):
        value = _local(value)
    elif column.kind == "date" and isinstance(value, datetime.date):
        pass
    elif value is not None:
        value = force_str(value)
    cell = WriteOnlyCell(sheet, value)
    if cell.data_type == "f":
        cell.data_type = "s"  # text that looks like a formula stays text
    if column.kind == "datetime" and value is not None:
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif column.kind == "date" and value is not None:
        cell.number_format = "yyyy-mm-dd"
    return cell


def _text_cell(sheet, value, *, bold: bool = False):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cell = WriteOnlyCell(sheet, force_str(value) if value is not None else None)
    if cell.data_type == "f":
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell


def _xlsx_bytes(table: _Table, rows: Iterable) -> bytes:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(table.title))
    sheet.sheet_view.rightToLeft = reads_arabic_script()
    for i, column in enumerate(table.columns, start=1):
        width = column.width or max(12, min(40, len(force_str(column.heading)) + 4))
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = None
    for n, line in enumerate(table.preamble()):
        sheet.append([_text_cell(sheet, value, bold=n == 0) for value in line])
    sheet.append([_text_cell(sheet, heading, bold=True) for heading in table.headings()])
    sums: dict[int, Decimal] = {}
    for row in rows:
        values = [column.read(row) for column in table.columns]
        _add(sums, table, values)
        sheet.append([_xlsx_cell(sheet, c, v) for c, v in zip(table.columns, values, strict=True)])
    if table.summed:
        totals = table.totals_row(sums)
        cells = []
        for column, value in zip(table.columns, totals, strict=True):
            if isinstance(value, str):
                cells.append(_text_cell(sheet, value, bold=True))
            else:
                cells.append(_xlsx_cell(sheet, Column("", "", kind=column.kind), value))
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title) -> str:
    text = force_str(title)
    for forbidden in "[]:*?/\\":
        text = text.replace(forbidden, " ")
    return text[:31] or "Sheet1"


def _iterate(rows: Iterable) -> Iterable:
    iterator = getattr(rows, "iterator", None)
    if iterator is not None and not getattr(rows, "_prefetch_related_lookups", ()):
        return iterator(chunk_size=2000)
    return rows


def table_export(
    *,
    fmt: str,
    filename: str,
    title,
    columns: Sequence[Column],
    rows: Iterable,
    filters: Sequence[tuple[str, str]] = (),
) -> HttpResponse:
    """A CSV (streamed) or XLSX download of ``rows``, stating ``title`` and ``filters``
    first and ending with a totals row when any column is summed."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    table = _Table(title=force_str(title), columns=columns, filters=list(filters))
    if fmt == "csv":
        response = StreamingHttpResponse(
            _csv_stream(table, _iterate(rows)), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(_xlsx_bytes(table, _iterate(rows)), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


class StatedExportMixin:
    """For Wagtail index views: ``?export=csv`` / ``?export=xlsx`` write the filtered,
    unpaginated list through :func:`table_export`, stating the search and the filters.

    Filters that cannot be read (a forged or stale address: an unknown organisation, a
    word where a number goes) show nothing and say why, on the screen and instead of the
    export: Wagtail would drop them and show, or export, every record as if unfiltered."""

    export_columns: Sequence[Column] = ()
    export_title = ""
    export_filename = "export"

    @cached_property
    def show_export_buttons(self):
        return bool(self.export_columns)

    def get_export_columns(self) -> Sequence[Column]:
        return self.export_columns

    def get_export_title(self) -> str:
        return force_str(self.export_title or getattr(self, "page_title", ""))

    @cached_property
    def unreadable_filters(self) -> list[str]:
        """The labels of the filters the request gave values that cannot be read."""
        filterset = getattr(self, "filters", None)
        if filterset is None or filterset.is_valid():
            return []
        form = filterset.form
        return [
            force_str(form.fields[name].label) if name in form.fields else _("Filters")
            for name in form.errors
        ]

    def filter_queryset(self, queryset):
        if self.unreadable_filters:
            return queryset.none()
        return super().filter_queryset(queryset)

    def get_context_data(self, **kwargs):
        if self.unreadable_filters and not getattr(self, "_said_unreadable", False):
            self._said_unreadable = True
            messages.error(self.request, self.unreadable_message())
        return super().get_context_data(**kwargs)

    def unreadable_message(self) -> str:
        return _("These filters could not be read, so nothing is shown: %(filters)s") % {
            "filters": ", ".join(self.unreadable_filters)
        }

    def get_export_filters(self) -> list[tuple[str, str]]:
        stated: list[tuple[str, str]] = []
        query = getattr(self, "search_query", None)
        if query:
            stated.append((_("Search"), query))
        filterset = getattr(self, "filters", None)
        if filterset is not None and filterset.is_valid():
            for active in self.active_filters:
                stated.append((force_str(active.field_label), force_str(active.value)))
        return stated

    def as_spreadsheet(self, queryset, spreadsheet_format):
        if self.unreadable_filters:
            # No file that looks like the whole list: back to the list, which says why.
            kept = self.request.GET.copy()
            kept.pop("export", None)
            return HttpResponseRedirect(f"{self.request.path}?{kept.urlencode()}")
        return table_export(
            fmt=spreadsheet_format,
            filename=self.get_filename(),
            title=self.get_export_title(),
            columns=self.get_export_columns(),
            rows=queryset,
            filters=self.get_export_filters(),
        )

"""Spreadsheets people download: a cell's text never runs as a formula when opened; a
record-level export states what was chosen, writes numbers as numbers and adds up."""

import csv
import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from lms.exports import Column, as_number, spreadsheet_safe, table_export, xlsx_append


def test_xlsx_cells_starting_with_a_formula_sign_stay_text():
    workbook = Workbook()
    xlsx_append(workbook.active, ['=HYPERLINK("http://evil.example","Click")', "-2+3", 5.0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    row = next(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows())
    assert [cell.data_type for cell in row] == ["s", "s", "n"]
    assert row[0].value == '=HYPERLINK("http://evil.example","Click")'
    assert row[2].value == 5


def test_csv_cells_starting_with_a_formula_sign_get_a_quote():
    assert spreadsheet_safe("=1+1") == "'=1+1"
    assert spreadsheet_safe(-3) == -3
    assert spreadsheet_safe(None) == ""


COLUMNS = [
    Column("Name", "name"),
    Column("Hours", "hours", kind="number", total=True),
    Column("Day", "day", kind="date"),
    Column("Entries", lambda row: row.entries, kind="number", total=True),
]
ROWS = [
    SimpleNamespace(
        name="=cmd()", hours=Decimal("24.4800000000000"), day=datetime.date(2026, 5, 1), entries=2
    ),
    SimpleNamespace(name="أحمد", hours=Decimal("1.5"), day=None, entries=1),
]


def _xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return sheet, [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_xlsx_states_the_filters_and_adds_a_totals_row():
    with translation.override("en"):
        response = table_export(
            fmt="xlsx",
            filename="hours",
            title="Ledger lines",
            columns=COLUMNS,
            rows=ROWS,
            filters=[("Season", "1448"), ("Section", "Women")],
        )
    assert response["Content-Disposition"] == 'attachment; filename="hours.xlsx"'
    sheet, rows = _xlsx_rows(response)
    assert rows[0][0] == "Ledger lines"
    assert rows[1][:2] == ["Season", "1448"]
    assert rows[2][:2] == ["Section", "Women"]
    assert rows[4] == ["Name", "Hours", "Day", "Entries"]
    assert rows[5][0] == "=cmd()"  # text, not a formula
    assert rows[5][1] == 24.48 and rows[5][3] == 2
    assert rows[5][2].date() == datetime.date(2026, 5, 1)
    assert rows[7] == ["Total", 25.98, None, 3]
    assert sheet.sheet_view.rightToLeft is not True
    assert sheet.column_dimensions["A"].width >= 12


def test_xlsx_reads_right_to_left_in_arabic_and_says_when_nothing_was_chosen():
    with translation.override("ar"):
        response = table_export(fmt="xlsx", filename="x", title="سجل", columns=COLUMNS, rows=ROWS)
        every = translation.gettext("All records")
    sheet, rows = _xlsx_rows(response)
    assert sheet.sheet_view.rightToLeft is True
    assert rows[1][0] == every


def test_csv_is_streamed_with_a_bom_and_plain_numbers():
    with translation.override("en"):
        response = table_export(
            fmt="csv", filename="hours", title="Ledger lines", columns=COLUMNS, rows=ROWS
        )
        content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    assert rows[1] == ["All records"]
    assert rows[4] == ["'=cmd()", "24.48", "2026-05-01", "2"]
    assert rows[5] == ["أحمد", "1.5", "", "1"]
    assert rows[6] == ["Total", "25.98", "", "3"]


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError):
        table_export(fmt="pdf", filename="x", title="x", columns=COLUMNS, rows=[])


@given(
    st.lists(st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False), max_size=30)
)
def test_the_totals_row_is_the_sum_of_the_rows(values):
    rows = [
        SimpleNamespace(name=str(i), hours=v, day=None, entries=1) for i, v in enumerate(values)
    ]
    response = table_export(fmt="csv", filename="x", title="t", columns=COLUMNS, rows=rows)
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert Decimal(lines[-1][1]) == sum(values, Decimal("0"))
    assert [Decimal(line[1]) for line in lines[4:-1]] == values
    assert as_number(Decimal("3.000")) == 3

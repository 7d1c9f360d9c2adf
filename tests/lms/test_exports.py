"""Spreadsheets people download: a cell's text never runs as a formula when opened."""

import io

from openpyxl import Workbook, load_workbook

from lms.exports import spreadsheet_safe, xlsx_append


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

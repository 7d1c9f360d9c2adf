"""Exports of the filtered volunteer list: the filters stated, numbers as numbers, the
section limit."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from lms.models import Section
from tests.factories import HoursEntryFactory

pytestmark = pytest.mark.django_db

URL = "/admin/volunteers/"


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_states_filters_and_keeps_the_section(client, women_office, fatimah, khalid):
    client.force_login(women_office)
    response = client.get(URL, {"q": "فاطمه", "section": Section.WOMEN, "export": "csv"})
    assert response.status_code == 200
    rows = csv_rows(response)
    text = "\n".join(",".join(row) for row in rows)
    assert "فاطمه" in text  # the search, stated
    assert "fatimah@example.org" in text
    assert "khalid@example.org" not in text


def test_xlsx_numbers_are_numbers(client, women_office, fatimah, khalid):
    HoursEntryFactory(volunteer=fatimah, approved=True, hours=Decimal("24.48"))
    HoursEntryFactory(volunteer=khalid, approved=True, hours=Decimal("5"))
    client.force_login(women_office)
    response = client.get(URL, {"export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "fatimah@example.org" in values
    assert "khalid@example.org" not in values
    numbers = [value for value in values if isinstance(value, (int, float, Decimal))]
    assert 24.48 in [float(n) for n in numbers]
    assert fatimah.id_number not in values  # the export keeps the identity masked


def test_export_of_everything_says_so(client, whole_office, fatimah, khalid):
    client.force_login(whole_office)
    rows = csv_rows(client.get(URL, {"export": "csv"}))
    emails = {cell for row in rows for cell in row}
    assert {"fatimah@example.org", "khalid@example.org"} <= emails

"""The ledger's record-level export: the filters stated, a line per entry with numbers as
numbers, a totals row, a right-to-left sheet for Arabic readers, the staff member's section
only."""

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from lms.models import Section
from lms.roles import Role
from tests.factories import HoursEntryFactory, ServiceCategoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries():
    guiding = ServiceCategoryFactory(
        slug="guiding", name_en="Guiding", name_ar="الإرشاد", hourly_value_sar=Decimal("15.30")
    )
    men, women = UserFactory(section=Section.MEN), UserFactory(section=Section.WOMEN)
    HoursEntryFactory(volunteer=men, category=guiding, hours=Decimal("2.40"), season=1447)
    HoursEntryFactory(volunteer=men, category=guiding, hours=Decimal("3.10"), season=1447)
    HoursEntryFactory(volunteer=men, category=guiding, hours=Decimal("9"), season=1446)
    HoursEntryFactory(volunteer=women, category=guiding, hours=Decimal("4"), season=1447)
    return guiding


def _client(*, section="", language="en") -> Client:
    staff = UserFactory(
        roles=[Role.OFFICE_STAFF], staff_section=section, preferred_language=language
    )
    client = Client()
    client.force_login(staff)
    return client


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_csv_states_its_filters_and_ends_with_the_totals(entries):
    response = _client().get(
        f"/admin/accreditation/ledger/?season=1447&category={entries.pk}&export=csv"
    )
    table = _csv(response)
    assert table[0] == ["Hours ledger"]
    assert table[1] == ["Season (Hijri year)", "1447"]
    assert table[2] == ["Service category", str(entries)]
    assert table[3] == []
    headings = table[4]
    hours_at, value_at = headings.index("Hours"), headings.index("Estimated value (SAR)")
    body, total = table[5:-1], table[-1]
    assert sorted(row[hours_at] for row in body) == ["2.4", "3.1", "4"]  # never 2.4000000
    assert total[0] == "Total"
    assert total[hours_at] == "9.5"
    assert Decimal(total[value_at]) == Decimal("9.5") * Decimal("15.30")


def test_without_filters_the_file_says_it_holds_every_record(entries):
    table = _csv(_client().get("/admin/accreditation/ledger/?export=csv"))
    assert table[1] == ["All records"]
    assert len(table) == 1 + 1 + 1 + 1 + 4 + 1


def test_staff_of_a_section_export_only_its_entries(entries):
    table = _csv(_client(section=Section.WOMEN).get("/admin/accreditation/ledger/?export=csv"))
    headings, body = table[3], table[4:-1]
    assert len(body) == 1
    assert table[-1][headings.index("Hours")] == "4"


def test_the_xlsx_is_right_to_left_for_arabic_readers_with_numbers_as_numbers(entries):
    response = _client(language="ar").get("/admin/accreditation/ledger/?season=1447&export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.sheet_view.rightToLeft
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[1] == ["الموسم (السنة الهجرية)", "1447"] or rows[1][1] == "1447"
    total = rows[-1]
    numbers = [value for value in total if isinstance(value, int | float)]
    assert 9.5 in numbers
    body = rows[4:-1]
    assert all(isinstance(row[6], int | float) for row in body)
    assert sheet.column_dimensions["A"].width == 30
    english = load_workbook(
        io.BytesIO(_client().get("/admin/accreditation/ledger/?export=xlsx").content)
    ).active
    assert not english.sheet_view.rightToLeft


def test_the_list_keeps_its_filters_and_offers_the_exports(entries):
    page = _client().get("/admin/accreditation/ledger/?season=1446")
    assert page.context["page"].paginator.count == 1
    assert "season=1446&amp;q=&amp;export=xlsx" in page.content.decode()

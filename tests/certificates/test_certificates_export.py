"""The office's certificates list: its filters (the dashboard's "PDF failed" among them) and
its record-level export, filters stated, hours as numbers, a totals row, section limited."""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from certificates.models import Certificate
from lms.models import Section
from lms.roles import Role
from tests.factories import CertificateFactory, UserFactory

pytestmark = pytest.mark.django_db


def _statement(section, hours, **kwargs):
    holder = UserFactory(section=section)
    kwargs.setdefault("rendered_at", timezone.now())
    return CertificateFactory(
        holder=holder,
        payload={"holder": {}, "season": 1447, "total_hours": hours, "categories": []},
        **kwargs,
    )


@pytest.fixture
def certificates():
    _statement(Section.MEN, "12.5")
    _statement(
        Section.MEN, "7.5", rendered_at=None, issued_at=timezone.now() - datetime.timedelta(hours=2)
    )
    _statement(Section.WOMEN, "30")
    CertificateFactory(
        kind=Certificate.Kind.COURSE,
        holder=UserFactory(section=Section.MEN),
        payload={
            "holder": {},
            "hours": "6",
            "course": {"titles": {}},
            "completed_on": "2026-01-01",
        },
        rendered_at=timezone.now(),
    )


def _client(*, section="", language="en") -> Client:
    client = Client()
    client.force_login(
        UserFactory(roles=[Role.OFFICE_STAFF], staff_section=section, preferred_language=language)
    )
    return client


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_export_states_its_filters_and_sums_the_hours_certified(certificates):
    table = _csv(_client().get("/admin/accreditation/certificates/?kind=hours&export=csv"))
    assert table[0] == ["Certificates"]
    assert table[1] == ["Kind", "Statement of volunteer hours"]
    headings = table[3]
    hours_at = headings.index("Hours certified")
    body, total = table[4:-1], table[-1]
    assert sorted(row[hours_at] for row in body) == ["12.5", "30", "7.5"]
    assert total[0] == "Total" and total[hours_at] == "50"


def test_the_failed_pdf_filter_lists_and_exports_only_those(certificates):
    client = _client()
    page = client.get("/admin/accreditation/certificates/?pdf=failed")
    assert page.context["page"].paginator.count == 1
    table = _csv(client.get("/admin/accreditation/certificates/?pdf=failed&q=&export=csv"))
    assert table[1] == ["PDF", "Not made (rendering failed)"]
    assert len(table[4:-1]) == 1


def test_staff_of_a_section_export_only_their_section(certificates):
    table = _csv(
        _client(section=Section.WOMEN).get("/admin/accreditation/certificates/?export=csv")
    )
    body, total = table[4:-1], table[-1]
    assert len(body) == 1
    assert total[table[3].index("Hours certified")] == "30"


def test_the_xlsx_reads_right_to_left_in_arabic_with_numbers_as_numbers(certificates):
    response = _client(language="ar").get("/admin/accreditation/certificates/?export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.sheet_view.rightToLeft
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    total = rows[-1]
    assert 56 in total  # 12.5 + 7.5 + 30 + 6, a number
    issued = rows[4][4]
    assert isinstance(issued, datetime.datetime)

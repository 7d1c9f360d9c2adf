"""The office's hours report: totals and values from the ledger, by each dimension, as a
table and as CSV and XLSX; the office's admin screens are for office staff only."""

import csv
import io
from decimal import Decimal

import factory
import pytest
from django.test import Client

from accreditation.models import HoursEntry
from accreditation.selectors import hours_report
from accreditation.services import hours_totals_rebuild
from certificates.models import Certificate
from tests.factories import (
    HoursEntryFactory,
    OrganisationFactory,
    ServiceCategoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger():
    guiding = ServiceCategoryFactory(
        slug="guiding",
        name_ar="إرشاد التائهين",
        name_en="Guiding lost pilgrims",
        hourly_value_sar=Decimal("15"),
    )
    ambulance = ServiceCategoryFactory(
        slug="ambulance",
        name_ar="الخدمات الإسعافية",
        name_en="Ambulance services",
        hourly_value_sar=Decimal("45"),
    )
    red_crescent = OrganisationFactory(name_en="Red Crescent", name_ar="الهلال الأحمر")
    scouts = OrganisationFactory(name_en="Scouts", name_ar="الكشافة")
    rows = [
        # volunteer, organisation, section, category, hours, season, status
        (1, red_crescent, "men", ambulance, "6", 1448, "approved"),
        (1, red_crescent, "men", ambulance, "4", 1447, "approved"),
        (2, red_crescent, "women", guiding, "8", 1448, "approved"),
        (3, scouts, "men", guiding, "5", 1448, "approved"),
        (3, scouts, "men", guiding, "100", 1448, "pending"),
        (3, scouts, "men", guiding, "50", 1448, "rejected"),
    ]
    people = {n: UserFactory() for n in (1, 2, 3)}
    for n, org, section, category, hours, season, status in rows:
        HoursEntryFactory(
            volunteer=people[n],
            organisation=org,
            section=section,
            category=category,
            hours=Decimal(hours),
            season=season,
            status=status,
        )
    hours_totals_rebuild()  # the factory wrote the rows above past the services
    return {"guiding": guiding, "ambulance": ambulance, "red_crescent": red_crescent}


def by(rows, key):
    return {row[key]: (row["hours"], row["value"], row["entries"]) for row in rows}


def test_only_approved_hours_count_with_their_value(ledger):
    rows = by(hours_report(group_by="category"), "category__slug")
    assert rows == {
        "ambulance": (Decimal("10"), Decimal("450"), 2),
        "guiding": (Decimal("13"), Decimal("195"), 2),
    }


def test_each_dimension_and_filter(ledger):
    assert by(hours_report(group_by="season"), "season") == {
        1448: (Decimal("19"), Decimal("465"), 3),
        1447: (Decimal("4"), Decimal("180"), 1),
    }
    assert by(hours_report(group_by="section"), "section") == {
        "men": (Decimal("15"), Decimal("525"), 3),
        "women": (Decimal("8"), Decimal("120"), 1),
    }
    rows = hours_report(
        group_by="organisation", season=1448, organisation_id=ledger["red_crescent"].pk
    )
    assert by(rows, "organisation__name_en") == {"Red Crescent": (Decimal("14"), Decimal("390"), 2)}


def test_the_report_page_and_its_exports(ledger, office_staff, django_assert_num_queries):
    client = Client()
    client.force_login(office_staff)
    page = client.get("/admin/accreditation/hours/?group_by=category")
    assert page.status_code == 200
    html = page.content.decode()
    assert "الخدمات الإسعافية" in html or "Ambulance services" in html
    office_staff.preferred_language = "en"
    office_staff.save(update_fields=["preferred_language"])
    exported = client.get("/admin/accreditation/hours/csv/?group_by=organisation&season=1448")
    assert exported["Content-Type"].startswith("text/csv")
    text = b"".join(exported.streaming_content).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    # Title, the grouping and filters stated, a blank line, the headings, the rows, the total.
    assert table[0] == ["Volunteer hours"]
    assert table[1] == ["Grouped by", "Organisation"]
    assert table[2] == ["Season (Hijri year)", "1448"]
    assert table[3] == []
    assert table[4] == ["Organisation", "Hours", "Estimated value (SAR)", "Entries"]
    body, total = table[5:-1], table[-1]
    assert sorted(Decimal(row[1]) for row in body) == [5, 14]
    assert total == ["Total", "19", "465", "3"]
    office_staff.preferred_language = "ar"
    office_staff.save(update_fields=["preferred_language"])
    workbook = client.get("/admin/accreditation/hours/xlsx/?group_by=section")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(workbook.content)).active
    assert sheet.sheet_view.rightToLeft  # the office reads Arabic
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    heading = next(i for i, row in enumerate(values) if row[1] == "الساعات" or row[1] == "Hours")
    body, total = values[heading + 1 : -1], values[-1]
    assert sorted(row[1] for row in body) == [8, 15]  # numbers, not text
    assert total[1:] == [23, 645, 4]
    assert sheet.column_dimensions["A"].width >= 12


def test_the_report_draws_its_charts_from_the_totals_beside_tables(ledger, office_staff):
    import xml.etree.ElementTree as ET

    office_staff.preferred_language = "en"
    office_staff.save(update_fields=["preferred_language"])
    client = Client()
    client.force_login(office_staff)
    html = client.get("/admin/accreditation/hours/").content.decode()
    svgs = [part.split("</svg>")[0] + "</svg>" for part in html.split("<svg")[1:]]
    charts = [ET.fromstring("<svg" + svg) for svg in svgs if 'class="chart"' in svg]  # noqa: S314
    assert len(charts) == 3
    ns = "{http://www.w3.org/2000/svg}"
    titles = [chart.find(f"{ns}title").text for chart in charts]
    assert titles[0] == "Approved hours by season"
    bars = [r for r in charts[0].iter(f"{ns}rect") if r.get("class") == "chart-bar"]
    # 1447: 4 hours, 1448: 19 hours, oldest first.
    assert [Decimal(bar.get("data-value")) for bar in bars] == [4, 19]
    heights = [float(bar.get("height")) for bar in bars]
    assert abs(heights[0] / heights[1] - 4 / 19) < 0.01
    # The same figures as a table beside the charts: a row per season.
    figures = html.split('id="chart-hours-by-season"')[1].split("</table>")[0]
    assert figures.count('<th scope="row">') == 2
    assert ">19<" in figures and ">4<" in figures


def test_the_report_uses_a_fixed_number_of_queries(ledger, office_staff, django_assert_num_queries):
    client = Client()
    client.force_login(office_staff)
    client.get("/admin/accreditation/hours/")  # warm the admin's own caches
    client.get(
        "/admin/accreditation/hours/?group_by=organisation"
    )  # the shared caches warm, as in use
    with django_assert_num_queries(QUERIES_REPORT):
        client.get("/admin/accreditation/hours/?group_by=organisation")
    HoursEntryFactory.create_batch(
        20,
        approved=True,
        organisation=factory.SubFactory(OrganisationFactory),  # twenty more rows in the report
        category=ledger["guiding"],
        hours=1,
        season=1448,
    )
    hours_totals_rebuild()
    client.get(
        "/admin/accreditation/hours/?group_by=organisation"
    )  # the shared caches warm, as in use
    with django_assert_num_queries(QUERIES_REPORT):
        client.get("/admin/accreditation/hours/?group_by=organisation")


QUERIES_REPORT = 11  # six of them the admin's own (session, user, menu permissions)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/accreditation/hours/",
        "/admin/accreditation/hours/csv/",
        "/admin/accreditation/hours/xlsx/",
        "/admin/accreditation/ledger/",
        "/admin/accreditation/certificates/",
        "/admin/accreditation/bulk/",
    ],
)
def test_trainers_are_refused_the_office_screens(url, trainer):
    """The admin answers a refusal by sending them to its home page with a message."""
    client = Client()
    client.force_login(trainer)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_office_staff_revoke_from_the_certificate_screen(office_staff):
    holder = UserFactory()
    from accreditation.services import hours_statement_issue

    certificate = hours_statement_issue(volunteer=holder, issued_by=office_staff)
    client = Client()
    client.force_login(office_staff)
    url = f"/admin/accreditation/certificates/{certificate.pk}/"
    assert client.post(url, {"reason": ""}).status_code == 200
    assert Certificate.objects.get().revoked_at is None
    assert client.post(url, {"reason": "Issued to the wrong person"}).status_code == 302
    assert Certificate.objects.get().revoked_at is not None
    listing = client.get("/admin/accreditation/certificates/", {"q": certificate.code})
    assert certificate.code in listing.content.decode()


def test_office_staff_reverse_an_entry_from_the_ledger(ledger, office_staff):
    entry = HoursEntry.objects.filter(status="approved").first()
    client = Client()
    client.force_login(office_staff)
    client.post(f"/admin/accreditation/ledger/{entry.pk}/reverse/", {"reason": ""})
    assert not HoursEntry.objects.filter(reverses=entry).exists()
    client.post(f"/admin/accreditation/ledger/{entry.pk}/reverse/", {"reason": "Duplicate"})
    assert HoursEntry.objects.get(reverses=entry).hours == -entry.hours
    assert client.get("/admin/accreditation/ledger/").status_code == 200


def test_the_services_keep_the_totals_equal_to_the_ledger(
    volunteer, office_staff, accredited, complete_course
):
    """Credits and corrections add to the totals as they are written; recomputing the totals
    from the ledger changes nothing."""
    from accreditation.services import hours_entry_reverse

    complete_course(volunteer, accredited)
    other = UserFactory(section="women")
    complete_course(other, accredited)
    hours_entry_reverse(
        entry=HoursEntry.objects.get(volunteer=other), actor=office_staff, reason="Duplicate"
    )

    def snapshot():
        return sorted(hours_report(group_by="section"), key=lambda row: row["section"])

    kept = snapshot()
    assert [(r["section"], r["hours"]) for r in kept] == [("men", 5), ("women", 0)]
    hours_totals_rebuild()
    assert snapshot() == kept


def test_a_reversal_reason_too_long_is_told_as_such(ledger, office_staff):
    entry = HoursEntry.objects.filter(status="approved").first()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(office_staff)
    response = client.post(
        f"/admin/accreditation/ledger/{entry.pk}/reverse/", {"reason": "x" * 2500}, follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("2000" in m for m in messages), messages
    assert not HoursEntry.objects.filter(reverses=entry).exists()

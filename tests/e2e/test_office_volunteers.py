"""The office's volunteer database in a real browser, in Arabic: office staff of the women's
section find a volunteer by her name typed without diacritics, correct her organisation
with a reason, see her hours, licences and eligibility, and export the filtered list; the
men's volunteers never appear."""

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from audit.models import AuditEvent
from lms.models import Section
from lms.roles import Role
from tests.e2e.test_course_authoring import admin_sign_in
from tests.factories import (
    FieldRoleFactory,
    HoursEntryFactory,
    LicenceEventFactory,
    LicenceFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def office(db):
    taibah = OrganisationFactory(slug="taibah", name_ar="جامعة طيبة", name_en="Taibah University")
    red_crescent = OrganisationFactory(
        slug="red-crescent", name_ar="الهلال الأحمر", name_en="Red Crescent"
    )
    staff = UserFactory(
        roles=[Role.OFFICE_STAFF],
        section=Section.WOMEN,
        staff_section=Section.WOMEN,
        name_ar="هند السلمي",
    )
    fatimah = UserFactory(
        section=Section.WOMEN,
        name_ar="فَاطِمَةُ الزَّهْرَاءِ العُمَرِي",
        first_name="Fatimah",
        last_name="Al-Omari",
        email="fatimah@example.org",
        organisation=taibah,
    )
    UserFactory(section=Section.WOMEN, name_ar="نورة الجهني", email="noura@example.org")
    men = [
        UserFactory(section=Section.MEN, name_ar="فاطمي الزهراء", email="fatimi@example.org"),
        UserFactory(section=Section.MEN, name_ar="عبدالله الحربي", email="abdullah@example.org"),
    ]
    HoursEntryFactory(volunteer=fatimah, approved=True, hours=Decimal("12.5"))
    licence = LicenceFactory(holder=fatimah)
    LicenceEventFactory(licence=licence, actor=staff)
    FieldRoleFactory(name_ar="مرشدة الزائرات", name_en="Visitors' guide", section=Section.WOMEN)
    return {"staff": staff, "fatimah": fatimah, "men": men, "red_crescent": red_crescent}


def test_women_office_finds_corrects_and_exports(page, live_server, office, screenshot):
    base = live_server.url
    men_emails = [person.email for person in office["men"]]
    admin_sign_in(page, base, office["staff"])

    page.goto(f"{base}/admin/volunteers/")
    for email in men_emails:
        assert email not in page.content()
    assert "noura@example.org" in page.content()

    # Her name typed as people type it: no diacritics, no hamza, taa marbuta as haa.
    page.locator("form[data-search-form] input[name=q]").fill("فاطمه الزهراء")
    results = page.locator("#listing-results")
    expect(results.get_by_text("noura@example.org")).to_have_count(0)
    page.wait_for_load_state("networkidle")
    expect(results.get_by_text("fatimah@example.org")).to_be_visible()
    assert "noura@example.org" not in results.inner_text()
    for email in men_emails:
        assert email not in page.content()
    screenshot("ar-office-volunteers-search")

    # The filtered list exported: her, stated search, numbers as numbers, no man.
    with page.expect_download() as download_info:
        page.locator("a", has_text="XLSX").click()
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    cells = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row if cell]
    assert "fatimah@example.org" in cells
    assert any("فاطمه الزهراء" in str(cell) for cell in cells)
    assert 12.5 in [float(cell) for cell in cells if isinstance(cell, (int, float, Decimal))]
    for email in men_emails:
        assert email not in cells

    # Her record: hours, licence, eligibility with the reasons.
    with page.expect_navigation():
        results.get_by_role("link", name="فَاطِمَةُ الزَّهْرَاءِ العُمَرِي").click()
    total = page.locator("[data-total-hours]").inner_text()
    assert "12.5" in total or "١٢٫٥" in total
    assert page.locator("[data-licences] > li").count() == 1
    assert "مرشدة الزائرات" in page.locator("[data-eligibility]").inner_text()
    screenshot("ar-office-volunteer-record")

    # Her organisation corrected, with the reason required by the office.
    page.select_option("select[name=organisation]", label="الهلال الأحمر")
    page.fill("textarea[name=reason]", "انتقلت إلى الهلال الأحمر بخطاب رسمي")
    with page.expect_navigation():
        page.locator("form[action$='/correct/'] button[type=submit]").click()
    assert "الهلال الأحمر" in page.locator("[data-organisation]").inner_text()
    event = AuditEvent.objects.get(action="office.volunteer_correct")
    assert event.reason == "انتقلت إلى الهلال الأحمر بخطاب رسمي"
    assert event.after == {"organisation": office["red_crescent"].pk}

    # The men's volunteers are out of reach even by address.
    for person in office["men"]:
        response = page.request.get(f"{base}/admin/volunteers/{person.pk}/")
        assert response.status == 404

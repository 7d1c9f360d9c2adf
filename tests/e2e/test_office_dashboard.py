"""Office staff open the admin and find on its home what waits for them, each count a link
to the list of exactly those; the hours report draws its charts beside the figures. In
Arabic and in English, on a desktop and on a phone; screenshots for people to look at."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accreditation.services import hours_totals_rebuild
from lms.models import Section
from lms.roles import Role
from tests.conftest import PASSWORD
from tests.e2e.conftest import SCREENSHOTS
from tests.factories import (
    AssignmentFactory,
    AttendanceFactory,
    CertificateBatchFactory,
    CertificateFactory,
    HoursEntryFactory,
    LicenceFactory,
    ServiceCategoryFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _office_data():
    today = timezone.localdate()
    for _n in range(3):
        AttendanceFactory(confirmed=True, assignment__deployment__section=Section.WOMEN)
    AssignmentFactory(deployment__section=Section.WOMEN, override_reason="Needed at the gate")
    LicenceFactory(holder__section=Section.WOMEN, expires_on=today + datetime.timedelta(days=9))
    LicenceFactory(holder__section=Section.MEN, expires_on=today + datetime.timedelta(days=9))
    CertificateFactory(
        holder__section=Section.WOMEN, issued_at=timezone.now() - datetime.timedelta(hours=5)
    )
    CertificateBatchFactory(section=Section.WOMEN, filled_at=None)
    categories = [
        ServiceCategoryFactory(slug=slug, name_ar=ar, name_en=en, hourly_value_sar=Decimal(value))
        for slug, ar, en, value in (
            ("guiding", "إرشاد التائهين", "Guiding lost pilgrims", "15"),
            ("ambulance", "الخدمات الإسعافية", "Ambulance services", "45"),
            ("crowd", "إدارة الحشود", "Crowd management", "25"),
        )
    ]
    volunteer = UserFactory(section=Section.WOMEN)
    for season, factor in ((1444, 1), (1445, 2), (1446, 3), (1447, 5)):
        for n, category in enumerate(categories):
            HoursEntryFactory(
                volunteer=volunteer,
                category=category,
                hours=Decimal(10 * factor + 7 * n),
                season=season,
                approved=True,
            )
    hours_totals_rebuild()


def _shot(locator, name: str) -> None:
    """A screenshot of one part of the page (the admin scrolls its content in a frame of its
    own, so a full-page screenshot stops at the window)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    locator.scroll_into_view_if_needed()
    locator.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


@pytest.mark.parametrize("language", ["ar", "en"])
def test_office_staff_see_what_waits_and_the_charts(page, live_server, screenshot, language):
    _office_data()
    staff = UserFactory(
        roles=[Role.OFFICE_STAFF], staff_section=Section.WOMEN, preferred_language=language
    )
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", staff.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    panel = page.locator("ul.office-dashboard")
    panel.wait_for()
    counts = panel.locator(".office-dashboard__count").all_inner_texts()
    # Attendance, opportunities to approve, overrides, licences (the women's only),
    # completions, failed PDF, comments to read, courses waiting for accreditation, bulk
    # issues.
    assert counts == ["3", "0", "1", "1", "0", "1", "0", "0", "1"]
    screenshot(f"dashboard-{language}")
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(page.locator("#office-dashboard-section"), f"dashboard-{language}-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    panel.locator("a").nth(3).click()  # the licences
    page.wait_for_load_state("networkidle")
    assert page.locator("table.listing tbody tr").count() == 1

    page.goto(f"{live_server.url}/admin/accreditation/hours/")
    figure = page.locator("#chart-hours-by-season")
    assert figure.locator("svg[role=img]").count() == 2
    assert page.locator("#chart-hours-by-category svg .chart-series").count() == 3
    screenshot(f"hours-report-{language}")
    _shot(figure, f"hours-charts-season-{language}")
    _shot(page.locator("#chart-hours-by-category"), f"hours-charts-category-{language}")
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(figure, f"hours-charts-season-{language}-phone")

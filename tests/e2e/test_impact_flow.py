"""A team leader records a shift with the people served; the deputy confirms it (a service
call: the confirming screen has its own test); the office approves it on its screen; the
people served show on the public impact page, in Arabic and English, on a desktop and on a
390 px phone, laid out right to left in Arabic."""

from datetime import timedelta

import pytest
from django.utils import timezone

from field.actions import ConfirmAttendance
from field.models import Attendance, ImpactTotal
from lms.roles import Role
from tests.conftest import PASSWORD
from tests.factories import (
    AssignmentFactory,
    DeploymentFactory,
    FieldRoleFactory,
    OrganisationFactory,
    ServiceCategoryFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PHONE = {"width": 390, "height": 844}


def test_a_shift_s_people_served_reach_the_impact_page(page, live_server, screenshot, sign_in):
    base = live_server.url
    today = timezone.localdate()
    category = ServiceCategoryFactory(
        name_ar="إرشاد التائهين", name_en="Guiding lost pilgrims", hourly_value_sar=15
    )
    taibah = OrganisationFactory(name_ar="جامعة طيبة", name_en="Taibah University")
    deployment = DeploymentFactory(
        role=FieldRoleFactory(name_ar="مرشد", name_en="Guide", category=category),
        organisation=taibah,
        service_point="باب السلام",
        section="men",
        starts_on=today - timedelta(days=5),
        ends_on=today + timedelta(days=5),
    )
    leader = UserFactory(roles=[Role.TEAM_LEADER])
    volunteers = [UserFactory(name_ar=f"{name} الحربي") for name in ("عمر", "سعد")]
    team = TeamFactory(organisation=taibah, section="men", leaders=[leader], members=volunteers)
    for volunteer in volunteers:
        AssignmentFactory(deployment=deployment, volunteer=volunteer, team=team)
    deputy = UserFactory(roles=[Role.SECTION_DEPUTY], staff_section="men")
    office = UserFactory(roles=[Role.OFFICE_STAFF], staff_section="men")

    # The leader records yesterday's morning shift for both, with the people they served.
    sign_in(leader, PASSWORD, "ar")
    page.goto(f"{base}/ar/deployments/{deployment.pk}/")
    for volunteer in volunteers:
        page.check(f"#served-{volunteer.pk}")
    page.fill("#id_day", (today - timedelta(days=1)).isoformat())
    page.fill("#id_starts", "08:00")
    page.fill("#id_ends", "14:00")
    page.fill("#id_beneficiaries", "317")
    page.click("#shift-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    recorded = list(Attendance.objects.order_by("pk"))
    assert [a.beneficiaries for a in recorded] == [159, 158]

    # The deputy confirms (the confirming screen is tested elsewhere).
    ConfirmAttendance(attendance=recorded, user=deputy).execute()

    # The office approves both on its screen.
    page.context.clear_cookies()
    sign_in(office, PASSWORD, "en")
    page.goto(f"{base}/en/deployments/attendance/")
    page.select_option("#id_decision", "approve")
    page.click("form.stacked button[name=all]")
    page.wait_for_load_state("networkidle")
    assert set(Attendance.objects.values_list("status", flat=True)) == {"approved"}
    assert ImpactTotal.objects.get().beneficiaries == 317

    # Everyone sees them on the impact page.
    page.context.clear_cookies()
    page.goto(f"{base}/en/impact/")
    figures = page.locator(".impact-figures")
    assert "317" in figures.inner_text()
    assert "people served" in figures.inner_text()
    assert page.locator(".impact-table tbody tr").count() == 1
    assert page.locator("figure.chart svg").count() == 3
    screenshot("en-impact")
    page.goto(f"{base}/ar/impact/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert (
        "٣١٧" in page.locator(".impact-figures").inner_text()
        or "317" in page.locator(".impact-figures").inner_text()
    )
    screenshot("ar-impact")
    page.set_viewport_size(PHONE)
    for language in ("ar", "en"):
        page.goto(f"{base}/{language}/impact/")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(f"{language}-phone-impact")

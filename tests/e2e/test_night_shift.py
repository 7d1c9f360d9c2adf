"""On a phone (390 px), in Arabic: a team leader records one night shift (21:00–03:00, across
midnight) for five volunteers at once; the women's deputy confirms all five; the office
approves them in bulk; the ledger has five lines of six hours."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accreditation.models import HoursEntry
from field.models import Attendance
from lms.roles import Role
from tests.conftest import PASSWORD
from tests.factories import (
    AssignmentFactory,
    DeploymentFactory,
    FieldRoleFactory,
    ShiftTemplateFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PHONE = {"width": 390, "height": 844}


def test_a_night_shift_for_five_goes_from_the_leader_to_the_ledger(
    page, live_server, screenshot, sign_in
):
    base = live_server.url
    today = timezone.localdate()
    deployment = DeploymentFactory(
        role=FieldRoleFactory(name_ar="مرشدة في مصلى النساء", name_en="Guide"),
        service_point="مصلى النساء، باب عثمان",
        section="women",
        capacity=10,
        starts_on=today - timedelta(days=5),
        ends_on=today + timedelta(days=5),
    )
    ShiftTemplateFactory(deployment=deployment, name="الفجر", starts="03:00", ends="09:00")
    night = ShiftTemplateFactory(deployment=deployment, name="الليل", starts="21:00", ends="03:00")
    leader = UserFactory(roles=[Role.TEAM_LEADER], section="women")
    names = ["مريم", "فاطمة", "عائشة", "خديجة", "زينب"]
    volunteers = [UserFactory(section="women", name_ar=f"{name} الأنصاري") for name in names]
    team = TeamFactory(section="women", leaders=[leader], members=volunteers)
    for volunteer in volunteers:
        AssignmentFactory(deployment=deployment, volunteer=volunteer, team=team)
    deputy = UserFactory(roles=[Role.SECTION_DEPUTY], section="women", staff_section="women")
    office = UserFactory(roles=[Role.OFFICE_STAFF], section="women", staff_section="women")
    page.set_viewport_size(PHONE)

    # The leader ticks the five and records the night shift of two days ago.
    night_of = today - timedelta(days=2)
    sign_in(leader, PASSWORD, "ar")
    page.goto(f"{base}/ar/deployments/{deployment.pk}/")
    for volunteer in volunteers:
        page.check(f"#served-{volunteer.pk}")
    page.fill("#id_day", night_of.isoformat())
    page.select_option("#id_shift", str(night.pk))
    page.click("#shift-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    recorded = Attendance.objects.filter(assignment__deployment=deployment)
    assert recorded.count() == 5
    assert {(a.day, a.hours, a.status) for a in recorded} == {(night_of, Decimal("6"), "recorded")}
    assert all(timezone.localtime(a.ends_at).date() == today - timedelta(days=1) for a in recorded)
    # On a phone the roster is a list of cards, not a table squeezed sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator("table.roster tr").first.evaluate("r => getComputedStyle(r).display") == (
        "block"
    )
    screenshot("ar-phone-night-shift-roster")

    # The deputy chooses all with one tick and confirms the five.
    page.context.clear_cookies()
    sign_in(deputy, PASSWORD, "ar")
    page.goto(f"{base}/ar/deployments/attendance/?deployment={deployment.pk}")
    assert page.locator("#attendance-list tbody tr").count() == 5
    page.check("[data-select-all]")
    assert page.locator("#attendance-list tbody input:checked").count() == 5
    page.select_option("#id_decision", "confirm")
    screenshot("ar-phone-night-shift-deputy")
    page.click("form.stacked button[type=submit]:not([name=all])")
    page.wait_for_load_state("networkidle")
    assert set(recorded.values_list("status", flat=True)) == {"confirmed"}

    # The office approves them in bulk: the button for every record shown.
    page.context.clear_cookies()
    sign_in(office, PASSWORD, "ar")
    page.goto(f"{base}/ar/deployments/attendance/")
    assert page.locator("#attendance-list tbody tr").count() == 5
    page.select_option("#id_decision", "approve")
    page.click("form.stacked button[name=all]")
    page.wait_for_load_state("networkidle")
    assert set(recorded.values_list("status", flat=True)) == {"approved"}
    ledger = HoursEntry.objects.filter(kind="field", source_id__in=recorded.values("pk"))
    assert ledger.count() == 5
    assert {(e.hours, e.served_on) for e in ledger} == {(Decimal("6"), night_of)}
    assert page.locator("#attendance-list").count() == 0  # nothing waits any more

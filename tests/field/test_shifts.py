"""One shift for several volunteers at once, across midnight too: all recorded or none, with
each volunteer refused named and why; withdrawn by the leader, sent back by the deputy;
the deputy's and the office's lists filtered and decided in bulk; section limits."""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from accreditation.models import HoursEntry
from accreditation.services import hours_entry_reverse
from field.actions import ConfirmAttendance, ReturnAttendance, WithdrawAttendance
from field.models import Attendance
from field.services import AttendanceRefused, attendance_record, shift_bounds
from lms.roles import Role
from tests.factories import (
    AssignmentFactory,
    AttendanceFactory,
    DeploymentFactory,
    FieldRoleFactory,
    ShiftTemplateFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
NIGHT_OF = TODAY - timedelta(days=2)


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def scene():
    deployment = DeploymentFactory(
        role=FieldRoleFactory(name_en="Guide"),
        section="women",
        capacity=20,
        starts_on=TODAY - timedelta(days=5),
        ends_on=TODAY + timedelta(days=5),
    )
    leader = UserFactory(roles=[Role.TEAM_LEADER], section="women")
    volunteers = [UserFactory(section="women", first_name=f"Vol{i}") for i in range(5)]
    team = TeamFactory(section="women", leaders=[leader], members=volunteers, name="Gate 25")
    for volunteer in volunteers:
        AssignmentFactory(deployment=deployment, volunteer=volunteer, team=team)
    return {
        "deployment": deployment,
        "leader": leader,
        "volunteers": volunteers,
        "team": team,
        "deputy": UserFactory(roles=[Role.SECTION_DEPUTY], staff_section="women"),
        "office": UserFactory(roles=[Role.OFFICE_STAFF], staff_section="women"),
    }


def night(day=NIGHT_OF, starts=(21, 0), ends=(3, 0)):
    return shift_bounds(day=day, starts=datetime.time(*starts), ends=datetime.time(*ends))


def record(scene, volunteers=None, bounds=None, actor=None):
    starts_at, ends_at = bounds or night()
    return attendance_record(
        deployment=scene["deployment"],
        volunteers=scene["volunteers"] if volunteers is None else volunteers,
        actor=actor or scene["leader"],
        starts_at=starts_at,
        ends_at=ends_at,
    )


def test_a_night_shift_for_five_at_once_crosses_midnight(scene):
    recorded = record(scene)
    assert len(recorded) == 5
    for attendance in recorded:
        assert attendance.day == NIGHT_OF and attendance.hours == Decimal("6")
        assert timezone.localtime(attendance.ends_at).date() == NIGHT_OF + timedelta(days=1)
    assert Attendance.objects.filter(status="recorded").count() == 5


def refusal(scene, **kwargs) -> str:
    with pytest.raises(AttendanceRefused) as refused:
        record(scene, **kwargs)
    assert not Attendance.objects.exclude(pk__in=kwargs.pop("keep", [])).exists() or True
    return str(refused.value)


@pytest.mark.parametrize(
    ("bounds", "message"),
    [
        (night(starts=(8, 0), ends=(2, 0)), "A shift lasts at most 16 hours; this one lasts 18"),
        ((night()[1], night()[0]), r"ends \(\S+ 21:00\) before it starts \(\S+ 03:00\)"),
        (night(day=TODAY + timedelta(days=1)), "a day to come"),
        (night(day=TODAY - timedelta(days=9)), "outside the deployment"),
    ],
)
def test_a_bad_shift_is_refused_for_the_whole_batch(scene, bounds, message):
    with pytest.raises(AttendanceRefused, match=message):
        record(scene, bounds=bounds)
    assert not Attendance.objects.exists()


def test_one_volunteer_refused_refuses_the_batch_naming_them(scene):
    vol0, vol1, *_ = scene["volunteers"]
    record(scene, volunteers=[vol1], bounds=night(starts=(23, 0), ends=(1, 0)))
    stranger = UserFactory(section="women", first_name="Stranger", last_name="Z")
    with pytest.raises(AttendanceRefused) as refused:
        record(scene, volunteers=[vol0, vol1, stranger])
    message = str(refused.value)
    assert f"{vol1.display_name}: This shift overlaps the one from" in message
    assert "Stranger Z is not on the roster" in message
    assert vol0.display_name + ":" not in message
    assert [p[0] for p in refused.value.problems] == [vol1, stranger]
    assert Attendance.objects.count() == 1  # only the earlier one


def test_the_same_shift_twice_and_a_volunteer_listed_twice_are_refused(scene):
    vol0, vol1, *_ = scene["volunteers"]
    record(scene, volunteers=[vol0])
    with pytest.raises(AttendanceRefused, match="this shift is already recorded"):
        record(scene, volunteers=[vol0, vol1])
    with pytest.raises(AttendanceRefused, match="listed twice"):
        record(scene, volunteers=[vol1, vol1])
    assert Attendance.objects.count() == 1


def test_back_to_back_shifts_are_fine_and_another_deployment_counts_too(scene):
    vol0 = scene["volunteers"][0]
    record(scene, volunteers=[vol0])  # 21:00–03:00
    record(
        scene,
        volunteers=[vol0],
        bounds=night(day=NIGHT_OF + timedelta(1), starts=(3, 0), ends=(9, 0)),
    )
    other = DeploymentFactory(
        section="women", starts_on=TODAY - timedelta(days=5), ends_on=TODAY + timedelta(days=5)
    )
    AssignmentFactory(deployment=other, volunteer=vol0, team=scene["team"])
    with pytest.raises(AttendanceRefused, match="overlaps"):
        attendance_record(
            deployment=other,
            volunteers=[vol0],
            actor=scene["leader"],
            starts_at=night()[0] + timedelta(hours=5),
            ends_at=night()[1] + timedelta(hours=2),
        )


def test_only_the_leader_of_the_team_records(scene):
    stranger_leader = UserFactory(roles=[Role.TEAM_LEADER], section="women")
    with pytest.raises(PermissionDenied):
        record(scene, actor=stranger_leader)
    men_office = UserFactory(roles=[Role.OFFICE_STAFF], staff_section="men")
    with pytest.raises(PermissionDenied):
        record(scene, actor=men_office)
    assert not Attendance.objects.exists()


def test_withdrawn_before_confirmation_then_recorded_again(scene):
    vol0 = scene["volunteers"][0]
    (attendance,) = record(scene, volunteers=[vol0])
    other_leader = UserFactory(roles=[Role.TEAM_LEADER], section="women")
    with pytest.raises(PermissionDenied):
        WithdrawAttendance(attendance=attendance, user=other_leader).execute()
    WithdrawAttendance(attendance=attendance, user=scene["leader"]).execute()
    attendance.refresh_from_db()
    assert attendance.status == "withdrawn"
    (again,) = record(scene, volunteers=[vol0])  # the same shift again: the first is gone
    ConfirmAttendance(attendance=[again], user=scene["deputy"]).execute()
    again.refresh_from_db()
    with pytest.raises(ValidationError):  # confirmed: too late to withdraw
        WithdrawAttendance(attendance=again, user=scene["leader"]).execute()


def test_the_deputy_sends_back_with_a_reason_and_the_leader_sees_it(client, scene):
    vol0 = scene["volunteers"][0]
    (attendance,) = record(scene, volunteers=[vol0])
    with pytest.raises(ValidationError):
        ReturnAttendance(attendance=[attendance], user=scene["deputy"], reason=" ").execute()
    with pytest.raises(PermissionDenied):  # four eyes: not the one who recorded it
        ReturnAttendance(attendance=[attendance], user=scene["leader"], reason="x").execute()
    ReturnAttendance(
        attendance=[attendance], user=scene["deputy"], reason="She served at gate 21"
    ).execute()
    attendance.refresh_from_db()
    assert attendance.status == "returned" and attendance.decision_reason
    client.force_login(scene["leader"])
    roster = client.get(f"/en/deployments/{scene['deployment'].pk}/").content.decode()
    assert "Sent back by" in roster and "She served at gate 21" in roster
    (again,) = record(scene, volunteers=[vol0])
    assert again.status == "recorded"


def test_the_roster_page_records_for_the_ticked_and_refuses_all_or_nothing(client, scene):
    deployment = scene["deployment"]
    night_shift = ShiftTemplateFactory(deployment=deployment, name="Night")
    client.force_login(scene["leader"])
    url = f"/en/deployments/{deployment.pk}/attendance/"
    vols = [v.pk for v in scene["volunteers"]]
    outsider = UserFactory(section="women", first_name="Outsider", last_name="Q")
    # Someone not on the roster cannot be ticked: the form refuses the forged id as not
    # found, without naming anyone (a leader must not learn names by guessing ids).
    forged = client.post(
        url, {"volunteers": [*vols, outsider.pk], "day": NIGHT_OF, "shift": night_shift.pk}
    )
    assert forged.status_code == 404 and "Outsider" not in forged.content.decode()
    assert not Attendance.objects.exists()
    done = client.post(url, {"volunteers": vols, "day": NIGHT_OF, "shift": night_shift.pk})
    assert done.status_code == 302
    assert Attendance.objects.filter(hours=6, day=NIGHT_OF).count() == 5
    too_long = client.post(
        url,
        {
            "volunteers": vols[:1],
            "day": NIGHT_OF - timedelta(1),
            "starts": "06:00",
            "ends": "03:00",
        },
    )
    assert "A shift lasts at most 16 hours; this one lasts 21 hours." in too_long.content.decode()


def test_outside_the_staff_members_section_is_not_found(client, scene):
    men_office = UserFactory(roles=[Role.OFFICE_STAFF], staff_section="men")
    client.force_login(men_office)
    deployment = scene["deployment"]
    data = {
        "volunteers": [scene["volunteers"][0].pk],
        "day": NIGHT_OF,
        "starts": "21:00",
        "ends": "03:00",
    }
    assert client.post(f"/en/deployments/{deployment.pk}/attendance/", data).status_code == 404
    assert client.get(f"/en/deployments/{deployment.pk}/").status_code == 404
    # Their own section's deployment, with a woman volunteer posted: not found either.
    men = DeploymentFactory(
        section="men", starts_on=deployment.starts_on, ends_on=deployment.ends_on
    )
    AssignmentFactory(deployment=men, volunteer=UserFactory(section="men"))
    assert client.post(f"/en/deployments/{men.pk}/attendance/", data).status_code == 404
    (attendance,) = record(scene, volunteers=scene["volunteers"][:1])
    withdraw = client.post(f"/en/deployments/attendance/{attendance.pk}/withdraw/")
    assert withdraw.status_code == 404
    assert not Attendance.objects.exclude(status="recorded").exists()


def test_a_leader_of_another_team_learns_nothing_of_an_attendance(client, scene):
    """A men's leader posting another section's attendance id gets "not found", not a
    redirect naming its deployment, and the attendance stays."""
    (attendance,) = record(scene, volunteers=scene["volunteers"][:1])
    stranger = UserFactory(roles=[Role.TEAM_LEADER], section="men")
    TeamFactory(section="men", leaders=[stranger], name="Gate 1")
    client.force_login(stranger)
    response = client.post(f"/en/deployments/attendance/{attendance.pk}/withdraw/")
    assert response.status_code == 404
    assert str(scene["deployment"].pk) not in response.get("Location", "")
    attendance.refresh_from_db()
    assert attendance.status == "recorded"
    # Its own leader still withdraws it.
    client.force_login(scene["leader"])
    response = client.post(f"/en/deployments/attendance/{attendance.pk}/withdraw/")
    assert response.status_code == 302
    attendance.refresh_from_db()
    assert attendance.status == "withdrawn"


def test_the_deputys_page_filters_and_applies_to_all_shown(client, scene):
    deployment = scene["deployment"]
    vol0, vol1, vol2, *_ = scene["volunteers"]
    record(scene, volunteers=[vol0, vol1])
    record(scene, volunteers=[vol2], bounds=night(day=NIGHT_OF - timedelta(1)))
    other = DeploymentFactory(
        section="women", starts_on=deployment.starts_on, ends_on=deployment.ends_on
    )
    AssignmentFactory(deployment=other, volunteer=vol0, team=scene["team"])
    attendance_record(
        deployment=other,
        volunteers=[vol0],
        actor=scene["leader"],
        starts_at=night(day=NIGHT_OF - timedelta(3))[0],
        ends_at=night(day=NIGHT_OF - timedelta(3))[1],
    )
    client.force_login(scene["deputy"])
    base = "/en/deployments/attendance/"
    assert client.get(base).content.decode().count('name="attendance"') == 4
    shown = client.get(base, {"deployment": deployment.pk, "day": NIGHT_OF.isoformat()})
    assert shown.content.decode().count('name="attendance"') == 2
    query = f"?deployment={deployment.pk}&day={NIGHT_OF.isoformat()}"
    changed = client.post(base + query, {"decision": "confirm", "all": "3"})
    assert "The list changed since it was shown" in changed.content.decode()
    unreadable = client.post(base + "?day=2026-13-45", {"decision": "confirm", "all": "0"})
    assert unreadable.status_code != 302  # a filter it cannot read shows, and decides, nothing
    assert not Attendance.objects.filter(status="confirmed").exists()
    response = client.post(base + query, {"decision": "confirm", "all": "2"})
    assert response.status_code == 302
    assert set(Attendance.objects.filter(status="confirmed").values_list("day", flat=True)) == {
        NIGHT_OF
    }
    assert Attendance.objects.filter(status="recorded").count() == 2
    nothing = client.post(base, {"decision": "confirm"})
    assert "Tick the attendance to decide" in nothing.content.decode()
    sent_back = client.post(base, {"decision": "return", "all": "2"})
    assert "Give the reason for sending it back." in sent_back.content.decode()


def test_the_office_approves_in_bulk_and_a_reversal_shows_on_the_roster(client, scene):
    recorded = record(scene)
    ConfirmAttendance(attendance=recorded, user=scene["deputy"]).execute()
    client.force_login(scene["office"])
    client.post("/en/deployments/attendance/", {"decision": "approve", "all": "5"})
    assert HoursEntry.objects.filter(kind="field").count() == 5
    entry = HoursEntry.objects.filter(source_id=recorded[0].pk).get()
    hours_entry_reverse(entry=entry, actor=scene["office"], reason="Was not there")
    client.force_login(scene["leader"])
    roster = client.get(f"/en/deployments/{scene['deployment'].pk}/").content.decode()
    assert roster.count("Approved, then reversed in the ledger") == 1


def _approved_and_waiting(scene, n: int, day):
    for volunteer in scene["volunteers"][:n]:
        AttendanceFactory(
            assignment=volunteer.assignments.get(),
            day=day,
            hours=4,
            status="approved",
            recorded_by=scene["leader"],
        )
        AttendanceFactory(
            assignment=volunteer.assignments.get(),
            day=day,
            check_in=datetime.time(14),
            hours=4,
            recorded_by=scene["leader"],
        )


def test_the_roster_and_the_approvals_take_the_same_queries_for_more_entries(
    client, scene, django_assert_num_queries
):
    ShiftTemplateFactory(deployment=scene["deployment"])
    _approved_and_waiting(scene, 2, scene["deployment"].starts_on)
    client.force_login(scene["leader"])
    url = f"/en/deployments/{scene['deployment'].pk}/"
    client.get(url)  # the shared caches warm, as in use
    with django_assert_num_queries(QUERIES_ROSTER_WITH_ATTENDANCE):
        client.get(url)
    _approved_and_waiting(scene, 5, scene["deployment"].starts_on + timedelta(days=1))
    client.get(url)  # the shared caches warm, as in use
    with django_assert_num_queries(QUERIES_ROSTER_WITH_ATTENDANCE):
        page = client.get(url).content.decode()
    assert page.count("Withdraw</button>") == 7
    client.force_login(scene["deputy"])
    client.get(
        "/en/deployments/attendance/", {"team": scene["team"].pk}
    )  # the shared caches warm, as in use
    with django_assert_num_queries(QUERIES_DEPUTY_PAGE):
        page = client.get("/en/deployments/attendance/", {"team": scene["team"].pk})
    assert page.content.decode().count('name="attendance"') == 7


# The roster page: session, user, roles, deployment, assignments, readiness (as before),
# the shifts, the attendance, their ledger reversals and which the leader may withdraw,
# and the people served in its approved shifts.
QUERIES_ROSTER_WITH_ATTENDANCE = 14
# session, user, roles, the team filtered by, the count, the menu, the two filters, the page.
QUERIES_DEPUTY_PAGE = 7

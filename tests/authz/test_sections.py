"""Section scope on objects, not only on URLs: office staff limited to the women's section
reach nothing of the men's section (every list, edit, delete, custom view, export and action
answers "not found" or "forbidden", or leaves the object out, and nothing changes), while
staff of the men's section do all of it. One case per screen and action; the named tests
below them are the findings of the review this was built for."""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from accreditation.actions import BulkIssueStatements, ReverseHoursEntry
from accreditation.models import HoursEntry, ServiceCategory
from accreditation.services import hours_totals_rebuild
from certificates.actions import RevokeCertificate
from certificates.models import Certificate, CertificateBatch
from certificates.services import certificate_issue
from field.actions import DecideAttendance
from field.licences import ChangeLicence, IssueLicence
from field.models import (
    Assignment,
    Attendance,
    Deployment,
    FieldRole,
    Licence,
    LicencePolicy,
)
from field.services import deployment_assign
from lms.models import Team
from lms.roles import Role
from tests.factories import OrganisationFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
SECTIONS = ("men", "women")
# What each side's names are made of: no one is a part of the other ("men" is of "women").
WORD = {"men": "alpha", "women": "omega"}


def _side(section: str, category, shared_role) -> dict:
    staff = UserFactory(
        roles=[Role.OFFICE_STAFF], staff_section=section, section=section, preferred_language="en"
    )
    organisation = OrganisationFactory(
        name_ar=f"{WORD[section]}-organisation-marker",
        name_en=f"{WORD[section]}-organisation-marker",
    )
    volunteer = UserFactory(section=section, organisation=organisation)
    team = TeamFactory(
        section=section, name=f"{WORD[section]}-team-marker", organisation=organisation
    )
    team.members.add(volunteer)
    role = FieldRole.objects.create(
        name_ar=f"{WORD[section]}-role-marker",
        name_en=f"{WORD[section]}-role-marker",
        category=category,
        section=section,
    )
    deployment = Deployment.objects.create(
        role=role,
        service_point=f"{WORD[section]}-point-marker",
        section=section,
        capacity=5,
        starts_on=TODAY - timedelta(days=3),
        ends_on=TODAY + timedelta(days=3),
    )
    spare = Deployment.objects.create(
        role=shared_role,
        service_point=f"{WORD[section]}-spare-point",
        section=section,
        capacity=5,
        starts_on=TODAY + timedelta(days=10),
        ends_on=TODAY + timedelta(days=12),
    )
    assignment = Assignment.objects.create(deployment=deployment, volunteer=volunteer)
    leader = UserFactory(roles=[Role.TEAM_LEADER], section=section)
    deputy = UserFactory(roles=[Role.SECTION_DEPUTY], staff_section=section)
    attendance = Attendance.objects.create(
        assignment=assignment,
        day=TODAY - timedelta(days=1),
        hours=Decimal("4"),
        status=Attendance.Status.CONFIRMED,
        recorded_by=leader,
        confirmed_by=deputy,
    )
    entry = HoursEntry.objects.create(
        volunteer=volunteer,
        kind=HoursEntry.Kind.FIELD,
        hours=Decimal("7.25") if section == "men" else Decimal("3.5"),
        category=category,
        hourly_value_sar=Decimal("15"),
        served_on=TODAY - timedelta(days=30),
        season=1448,
        organisation=organisation,
        section=section,
        source=HoursEntry.Source.MANUAL,
        status=HoursEntry.Status.APPROVED,
        description=f"{WORD[section]}-ledger-marker",
    )
    licence = Licence.objects.create(
        level="practitioner", holder=volunteer, expires_on=TODAY + timedelta(days=365)
    )
    certificate = certificate_issue(
        kind=Certificate.Kind.HOURS,
        holder=volunteer,
        payload={"holder": {"name_ar": volunteer.name_ar}, "total_hours": "1"},
        issued_by=staff,
    )
    batch = CertificateBatch.objects.create(season=1448, section=section, requested_by=staff)
    return locals()


@pytest.fixture
def world(db):
    category = ServiceCategory.objects.get(slug="training")
    shared_role = FieldRole.objects.create(
        name_ar="دور", name_en="Both sections", category=category
    )
    # A level anyone meets: issuing it tests the section rule, not the requirements.
    LicencePolicy.objects.create(level="team_leader", requirements=shared_role)
    sides = {section: _side(section, category, shared_role) for section in SECTIONS}
    hours_totals_rebuild()
    return sides


class FollowingClient(Client):
    """Follows redirects: the site's locale middleware turns an admin "not found" into a
    redirect to the language-prefixed address, which is then not found."""

    def get(self, *args, **kwargs):
        kwargs.setdefault("follow", True)
        return super().get(*args, **kwargs)

    def post(self, *args, **kwargs):
        kwargs.setdefault("follow", True)
        return super().post(*args, **kwargs)


def signed_in(user) -> Client:
    client = FollowingClient()
    client.force_login(user)
    return client


def snippet(model: str, view: str = "", pk=None) -> str:
    path = f"/admin/snippets/{model}/" + (f"{view}/" if view else "")
    return path + (f"{pk}/" if pk is not None else "")


@dataclass
class Case:
    name: str
    act: Callable  # (client, the men's side) -> response
    state: Callable | None = None  # (the men's side) -> what must not change when refused
    marker: Callable | None = None  # (the men's side) -> what a list must not show
    refused: tuple = (403, 404)
    allowed: tuple = (200,)
    own_side_changes: bool = True  # False: the same section may try, but the checks refuse


def _rows(response) -> str:
    if response["Content-Type"].startswith("text/csv"):
        return "\n".join(
            ",".join(row)
            for row in csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")))
        )
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    return "\n".join(
        ",".join(str(cell) for cell in row) for row in sheet.iter_rows(values_only=True)
    )


def _team_state(m):
    return list(Team.objects.filter(pk=m["team"].pk).values_list("name", "section"))


def _deployment_state(m):
    return list(
        Deployment.objects.filter(pk__in=[m["deployment"].pk, m["spare"].pk]).values_list(
            "pk", "service_point", "section", "capacity"
        )
    )


CASES = [
    # Teams (lms), a snippet viewset: list, edit, delete, history, usage, bulk delete.
    Case("team list", lambda c, m: c.get(snippet("lms/team", "")), marker=lambda m: m["team"].name),
    Case("team edit form", lambda c, m: c.get(snippet("lms/team", "edit", m["team"].pk))),
    Case(
        "team edit",
        lambda c, m: c.post(
            snippet("lms/team", "edit", m["team"].pk),
            {"organisation": m["organisation"].pk, "name": "renamed", "section": "men"},
        ),
        state=_team_state,
    ),
    Case(
        "team delete",
        lambda c, m: c.post(snippet("lms/team", "delete", m["team"].pk)),
        state=_team_state,
    ),
    Case("team history", lambda c, m: c.get(snippet("lms/team", "history", m["team"].pk))),
    Case("team usage", lambda c, m: c.get(snippet("lms/team", "usage", m["team"].pk))),
    # Deployments and field roles (field), snippet viewsets, and the roles' chooser.
    Case(
        "deployment list",
        lambda c, m: c.get(snippet("field/deployment", "")),
        marker=lambda m: m["deployment"].service_point,
    ),
    Case(
        "deployment edit form",
        lambda c, m: c.get(snippet("field/deployment", "edit", m["deployment"].pk)),
    ),
    Case(
        "deployment edit",
        lambda c, m: c.post(
            snippet("field/deployment", "edit", m["spare"].pk),
            {
                "role": m["spare"].role_id,
                "service_point": "moved",
                "organisation": "",
                "section": "men",
                "starts_on": m["spare"].starts_on.isoformat(),
                "ends_on": m["spare"].ends_on.isoformat(),
                "capacity": "9",
            },
        ),
        state=_deployment_state,
    ),
    Case(
        "deployment delete",
        lambda c, m: c.post(snippet("field/deployment", "delete", m["spare"].pk)),
        state=_deployment_state,
    ),
    Case(
        "deployment history",
        lambda c, m: c.get(snippet("field/deployment", "history", m["deployment"].pk)),
    ),
    Case(
        "field role list",
        lambda c, m: c.get(snippet("field/fieldrole", "")),
        marker=lambda m: m["role"].name_en,
    ),
    Case(
        "field role edit form",
        lambda c, m: c.get(snippet("field/fieldrole", "edit", m["role"].pk)),
    ),
    Case(
        "field role chooser",
        lambda c, m: c.get("/admin/snippets/choose/field/fieldrole/"),
        marker=lambda m: m["role"].name_en,
    ),
    # Roster, assignment and attendance (field views).
    Case("roster", lambda c, m: c.get(f"/en/deployments/{m['deployment'].pk}/")),
    Case(
        "attendance record",
        lambda c, m: c.post(
            f"/en/deployments/{m['deployment'].pk}/attendance/",
            {
                "volunteer": m["volunteer"].pk,
                "day": (TODAY - timedelta(days=2)).isoformat(),
                "hours": "2",
            },
        ),
        state=lambda m: Attendance.objects.filter(assignment=m["assignment"]).count(),
    ),
    Case(
        "attendance decide",
        lambda c, m: c.post(
            "/en/deployments/attendance/",
            {"attendance": [m["attendance"].pk], "decision": "approve"},
        ),
        state=lambda m: Attendance.objects.get(pk=m["attendance"].pk).status,
        refused=(200,),  # the form does not offer it: "select a valid choice"
    ),
    # The hours ledger, its reversal, the report and its exports (accreditation).
    Case(
        "ledger",
        lambda c, m: c.get("/admin/accreditation/ledger/"),
        marker=lambda m: m["entry"].description,
    ),
    Case(
        "ledger reversal",
        lambda c, m: c.post(
            f"/admin/accreditation/ledger/{m['entry'].pk}/reverse/", {"reason": "wrong day"}
        ),
        state=lambda m: HoursEntry.objects.filter(reverses=m["entry"]).count(),
    ),
    Case(
        "hours report",
        lambda c, m: c.get("/admin/accreditation/hours/?group_by=category&section=men"),
        marker=lambda m: "7.25",
    ),
    Case(
        "hours report CSV",
        lambda c, m: c.get("/admin/accreditation/hours/csv/?group_by=organisation&section=men"),
        marker=lambda m: m["organisation"].name_en,
    ),
    Case(
        "hours report XLSX",
        lambda c, m: c.get("/admin/accreditation/hours/xlsx/?group_by=section"),
        marker=lambda m: "7.25",
    ),
    # Licences (field admin).
    Case(
        "licences list",
        lambda c, m: c.get("/admin/accreditation/licences/"),
        marker=lambda m: m["volunteer"].email,
    ),
    Case(
        "licence change",
        lambda c, m: c.post(
            f"/admin/accreditation/licences/{m['licence'].pk}/change/",
            {"action": "suspend", "reason": "under review"},
        ),
        state=lambda m: Licence.objects.get(pk=m["licence"].pk).status,
    ),
    Case(
        "licence issue to a team",
        lambda c, m: c.post(
            "/admin/accreditation/licences/", {"level": "team_leader", "team": m["team"].pk}
        ),
        state=lambda m: Licence.objects.filter(team=m["team"]).count(),
        refused=(200,),  # the form does not offer the team
        own_side_changes=False,  # a team licence needs licensed leaders and members
    ),
    Case(
        "licence form's teams",
        lambda c, m: c.get("/admin/accreditation/licences/"),
        marker=lambda m: m["team"].name,
    ),
    Case(
        "licence issue to a person",
        lambda c, m: c.post(
            "/admin/accreditation/licences/",
            {"level": "team_leader", "email": m["volunteer"].email},
        ),
        state=lambda m: Licence.objects.filter(holder=m["volunteer"]).count(),
        refused=(200,),  # nobody of that address within reach
    ),
    # Certificates (certificates admin) and bulk issues.
    Case(
        "certificates list",
        lambda c, m: c.get("/admin/accreditation/certificates/"),
        marker=lambda m: m["certificate"].code,
    ),
    Case(
        "certificate detail",
        lambda c, m: c.get(f"/admin/accreditation/certificates/{m['certificate'].pk}/"),
    ),
    Case(
        "certificate revoke",
        lambda c, m: c.post(
            f"/admin/accreditation/certificates/{m['certificate'].pk}/", {"reason": "error"}
        ),
        state=lambda m: Certificate.objects.get(pk=m["certificate"].pk).revoked_at,
    ),
    Case(
        "bulk issue progress",
        lambda c, m: c.get(f"/admin/accreditation/bulk/{m['batch'].pk}/?format=json"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_womens_staff_reach_nothing_of_the_mens_section(case, world):
    mens = world["men"]
    before = case.state(mens) if case.state else None
    response = case.act(signed_in(world["women"]["staff"]), mens)
    if case.marker:
        assert response.status_code == 200
        assert case.marker(mens) not in _body(response)
    else:
        assert response.status_code in case.refused
    if case.state:
        assert case.state(mens) == before, "nothing of the other section may change"


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_mens_staff_do_the_same_on_their_own_section(case, world):
    mens = world["men"]
    before = case.state(mens) if case.state else None
    response = case.act(signed_in(mens["staff"]), mens)
    assert response.status_code in case.allowed
    if case.marker:
        assert case.marker(mens) in _body(response)
    if case.state and case.own_side_changes:
        assert case.state(mens) != before, "the action did what it says"


def _body(response) -> str:
    content_type = response.get("Content-Type", "")
    if content_type.startswith(("text/csv", "application/vnd.openxmlformats")):
        return _rows(response)
    return response.content.decode()


# The review's findings, each as a regression test. --------------------------------------


def test_womens_staff_cannot_edit_mens_team(world):
    client = signed_in(world["women"]["staff"])
    team = world["men"]["team"]
    assert client.get(snippet("lms/team", "edit", team.pk)).status_code == 404
    # Nor move their own team to the men's section.
    own = world["women"]["team"]
    client.post(
        snippet("lms/team", "edit", own.pk),
        {"organisation": own.organisation_id, "name": own.name, "section": "men"},
    )
    assert Team.objects.get(pk=own.pk).section == "women"


def test_womens_staff_cannot_edit_mens_deployment(world):
    client = signed_in(world["women"]["staff"])
    spare = world["men"]["spare"]
    assert client.get(snippet("field/deployment", "edit", spare.pk)).status_code == 404
    assert client.post(snippet("field/deployment", "delete", spare.pk)).status_code == 404
    assert Deployment.objects.filter(pk=spare.pk, section="men").exists()
    # Nor create one for the men's section.
    created = client.post(
        snippet("field/deployment", "add"),
        {
            "role": world["men"]["shared_role"].pk,
            "service_point": "new-point",
            "organisation": "",
            "section": "men",
            "starts_on": TODAY.isoformat(),
            "ends_on": TODAY.isoformat(),
            "capacity": "3",
        },
    )
    assert (
        created.status_code == 200
        and not Deployment.objects.filter(service_point="new-point").exists()
    )


def test_womens_staff_cannot_edit_a_role_both_sections_share(world):
    client = Client()  # Wagtail answers "forbidden" with a redirect to the admin's home
    client.force_login(world["women"]["staff"])
    shared = world["men"]["shared_role"]
    listing = client.get(snippet("field/fieldrole", "")).content.decode()
    assert shared.name_en in listing  # they plan deployments with it
    for response in (
        client.get(snippet("field/fieldrole", "edit", shared.pk)),
        client.post(snippet("field/fieldrole", "delete", shared.pk)),
    ):
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert FieldRole.objects.filter(pk=shared.pk).exists()


def test_womens_staff_cannot_see_or_reverse_mens_ledger_lines(world):
    women, men = world["women"], world["men"]
    with pytest.raises(PermissionDenied):
        ReverseHoursEntry(entry=men["entry"], user=women["staff"], reason="wrong").execute()
    assert not HoursEntry.objects.filter(reverses=men["entry"]).exists()
    ReverseHoursEntry(entry=men["entry"], user=men["staff"], reason="wrong").execute()
    assert HoursEntry.objects.filter(reverses=men["entry"]).count() == 1


def test_womens_staff_hours_report_is_forced_to_their_section(world):
    client = signed_in(world["women"]["staff"])
    rows = _rows(client.get("/admin/accreditation/hours/csv/?group_by=section&section=men"))
    assert "7.25" not in rows and "3.5" in rows


def test_womens_staff_cannot_issue_licences_to_mens_teams(world):
    women, men = world["women"], world["men"]
    with pytest.raises(PermissionDenied):
        IssueLicence(level="team_leader", team=men["team"], user=women["staff"]).execute()
    with pytest.raises(PermissionDenied):
        IssueLicence(level="team_leader", holder=men["volunteer"], user=women["staff"]).execute()
    with pytest.raises(PermissionDenied):
        ChangeLicence(
            licence=men["licence"], user=women["staff"], action="suspend", reason="x"
        ).execute()
    assert not Licence.objects.filter(level="team_leader").exists()
    assert Licence.objects.get(pk=men["licence"].pk).status == Licence.Status.ACTIVE


def test_womens_staff_cannot_revoke_mens_certificates(world):
    with pytest.raises(PermissionDenied):
        RevokeCertificate(
            certificate=world["men"]["certificate"], user=world["women"]["staff"], reason="x"
        ).execute()
    assert Certificate.objects.get(pk=world["men"]["certificate"].pk).revoked_at is None


def test_womens_staff_cannot_approve_mens_attendance(world):
    attendance = world["men"]["attendance"]
    with pytest.raises(PermissionDenied):
        DecideAttendance(
            attendance=[attendance], user=world["women"]["staff"], approve=True
        ).execute()
    assert Attendance.objects.get(pk=attendance.pk).status == Attendance.Status.CONFIRMED


def test_mens_bulk_issue_gives_no_womens_volunteer_a_statement(
    world, django_capture_on_commit_callbacks
):
    men, women = world["men"], world["women"]
    with django_capture_on_commit_callbacks(execute=True):
        batch = BulkIssueStatements(user=men["staff"], season=1448).execute()
    assert batch.section == "men"
    holders = set(Certificate.objects.filter(batch=batch).values_list("holder_id", flat=True))
    assert holders == {men["volunteer"].pk}
    client = signed_in(women["staff"])
    assert client.get(f"/admin/accreditation/bulk/{batch.pk}/").status_code == 404
    page = client.get("/admin/accreditation/bulk/").content.decode()
    assert f"/admin/accreditation/bulk/{batch.pk}/" not in page


def test_a_bulk_issue_for_the_whole_office_covers_both_sections(
    world, office_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = BulkIssueStatements(user=office_staff, season=1448).execute()
    assert batch.section == ""
    holders = set(Certificate.objects.filter(batch=batch).values_list("holder_id", flat=True))
    assert holders == {world["men"]["volunteer"].pk, world["women"]["volunteer"].pk}


def test_a_volunteer_cannot_be_assigned_to_the_other_sections_deployment(world, office_staff):
    spare = world["men"]["spare"]
    woman = world["women"]["volunteer"]
    for reason in ("", "needed urgently"):  # whole-office staff, even overriding the checks
        with pytest.raises(ValidationError) as refusal:
            deployment_assign(
                deployment=spare, volunteers=[woman], actor=office_staff, override_reason=reason
            )
        assert woman.display_name in refusal.value.messages[0]
    assert not spare.assignments.exists()


def test_the_roster_page_explains_a_refusal_for_the_other_section(world, office_staff):
    from django.utils import translation

    spare = world["men"]["spare"]
    client = signed_in(office_staff)
    with translation.override("en"):
        page = client.post(
            f"/en/deployments/{spare.pk}/",
            {"email": world["women"]["volunteer"].email, "override_reason": "needed"},
        )
    assert page.status_code == 200
    assert "is for the Men" in page.content.decode().replace("&#x27;", "'")
    assert not spare.assignments.exists()

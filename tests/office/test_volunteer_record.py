"""A volunteer's record in the office's admin: what it shows, its section limit, corrections
with a reason in the audit trail, the audited unmasking of the identity number, and its
query count."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from field.models import LicenceLevel
from lms.models import Section
from office.services import volunteer_correct, volunteer_identity_unmask
from tests.factories import (
    FieldRoleFactory,
    HoursEntryFactory,
    LicenceEventFactory,
    LicenceFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

# Session, user and roles, the volunteer, teams, skills, hours (4), licences, enrolments,
# rosters, field roles and each role's eligibility check, change requests, Wagtail's menu.
RECORD_QUERIES = 24
# Licences add their history (one query) and the requirements check of each level in force
# (one per level, three levels): bounded by the levels, not by the number of licences.
RECORD_QUERIES_WITH_LICENCES = 29


def record_url(person) -> str:
    return f"/admin/volunteers/{person.pk}/"


def test_record_shows_hours_licences_and_eligibility(client, women_office, fatimah):
    HoursEntryFactory(volunteer=fatimah, approved=True, hours=Decimal("7.5"))
    licence = LicenceFactory(holder=fatimah)
    LicenceEventFactory(licence=licence)
    FieldRoleFactory(name_ar="مرشدة ميدانية", section=Section.WOMEN)
    client.force_login(women_office)
    response = client.get(record_url(fatimah))
    assert response.status_code == 200
    page = response.content.decode()
    assert "7.5" in page or "٧٫٥" in page
    assert "مرشدة ميدانية" in page
    assert fatimah.masked_id_number in page
    assert fatimah.id_number not in page  # masked until the office unmasks it


def test_record_of_the_other_section_is_not_found(client, women_office, khalid):
    client.force_login(women_office)
    # The admin's 404 goes through the language redirect first: follow it.
    assert client.get(record_url(khalid), follow=True).status_code == 404
    assert client.get(f"/admin/volunteers/edit/{khalid.pk}/", follow=True).status_code == 404
    response = client.post(
        f"/admin/volunteers/{khalid.pk}/correct/",
        {"section": "women", "reason": "x"},
        follow=True,
    )
    assert response.status_code == 404
    assert client.post(f"/admin/volunteers/{khalid.pk}/unmask/", follow=True).status_code == 404
    khalid.refresh_from_db()
    assert khalid.section == Section.MEN
    assert not AuditEvent.objects.filter(object_id=str(khalid.pk)).exists()


def test_correct_the_organisation_with_a_reason(client, women_office, fatimah):
    new = OrganisationFactory(slug="red-crescent", name_ar="الهلال الأحمر", name_en="Red Crescent")
    client.force_login(women_office)
    response = client.post(
        f"/admin/volunteers/{fatimah.pk}/correct/",
        {
            "section": fatimah.section,
            "organisation": new.pk,
            "date_of_birth": fatimah.date_of_birth.isoformat(),
            "id_type": fatimah.id_type,
            "id_number": "",
            "reason": "انتقلت إلى الهلال الأحمر بخطاب الجهة",
        },
    )
    assert response.status_code == 302
    fatimah.refresh_from_db()
    assert fatimah.organisation == new
    event = AuditEvent.objects.get(action="office.volunteer_correct")
    assert event.reason == "انتقلت إلى الهلال الأحمر بخطاب الجهة"
    assert event.actor == women_office
    assert event.after == {"organisation": new.pk}
    assert event.before["organisation"] != new.pk


def test_a_correction_without_reason_changes_nothing(client, women_office, fatimah):
    before = fatimah.organisation_id
    client.force_login(women_office)
    response = client.post(
        f"/admin/volunteers/{fatimah.pk}/correct/",
        {"section": fatimah.section, "organisation": "", "reason": ""},
    )
    assert response.status_code == 400
    assert "سبب" in response.content.decode()  # the message is in Arabic
    fatimah.refresh_from_db()
    assert fatimah.organisation_id == before
    assert not AuditEvent.objects.exists()


def test_correction_is_all_or_nothing(women_office, fatimah, khalid):
    """A duplicate identity number refuses the whole correction: the birth date given with
    it is not saved either."""
    with pytest.raises(ValidationError):
        volunteer_correct(
            actor=women_office,
            volunteer=fatimah,
            changes={
                "date_of_birth": datetime.date(2000, 1, 1),
                "id_type": khalid.id_type,
                "id_number": khalid.id_number,
            },
            reason="typo",
        )
    fatimah.refresh_from_db()
    assert fatimah.date_of_birth == datetime.date(1998, 5, 1)
    assert not AuditEvent.objects.exists()


def test_correct_identity_keeps_it_masked_in_the_audit_trail(whole_office, fatimah):
    from tests.factories import valid_national_id

    number = valid_national_id(777)
    volunteer_correct(
        actor=whole_office,
        volunteer=fatimah,
        changes={"id_number": number},
        reason="رقم الهوية كتب خطأ",
    )
    event = AuditEvent.objects.get(action="office.volunteer_correct")
    assert number not in str(event.after)
    assert event.after["id_number"].endswith(number[-4:])


def test_section_limited_staff_cannot_correct_the_other_section(women_office, khalid):
    with pytest.raises(PermissionDenied):
        volunteer_correct(
            actor=women_office, volunteer=khalid, changes={"section": "women"}, reason="x"
        )


def test_unmask_is_audited(client, women_office, fatimah):
    client.force_login(women_office)
    response = client.post(
        f"/admin/volunteers/{fatimah.pk}/unmask/", {"reason": "مطابقة مع خطاب الجهة"}
    )
    assert response.status_code == 200
    assert fatimah.id_number in response.content.decode()
    event = AuditEvent.objects.get(action="office.identity_unmask")
    assert event.actor == women_office
    assert event.object_id == str(fatimah.pk)
    assert event.reason == "مطابقة مع خطاب الجهة"


def test_unmask_refused_to_a_volunteer(fatimah, khalid):
    with pytest.raises(PermissionDenied):
        volunteer_identity_unmask(actor=fatimah, volunteer=khalid)


def test_record_query_count_is_pinned(client, women_office, fatimah):
    """The record costs the same whatever the ledger, licences and enrolments hold."""
    FieldRoleFactory(section=Section.WOMEN)
    client.force_login(women_office)
    client.get(record_url(fatimah))
    with CaptureQueriesContext(connection) as first:
        client.get(record_url(fatimah))
    for _n in range(5):
        HoursEntryFactory(volunteer=fatimah, approved=True)
    for level in LicenceLevel.values:
        LicenceEventFactory(licence=LicenceFactory(holder=fatimah, level=level))
    with CaptureQueriesContext(connection) as second:
        client.get(record_url(fatimah))
    assert len(first.captured_queries) == RECORD_QUERIES
    assert len(second.captured_queries) == RECORD_QUERIES_WITH_LICENCES


def test_office_records_skills_emergency_contact_and_consent(client, women_office, fatimah):
    from lms.models import Skill

    skills = list(Skill.objects.filter(slug__in=["first-aid", "sign-language"]))
    client.force_login(women_office)
    url = f"/admin/volunteers/edit/{fatimah.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "mobile": "+966501112233",
            "skills": [skill.pk for skill in skills],
            "emergency_contact_name": "علي العمري",
            "emergency_contact_phone": "+966501234567",
            "consent_given_on": "2026-05-01",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    fatimah.refresh_from_db()
    assert set(fatimah.skills.all()) == set(skills)
    assert fatimah.emergency_contact_name == "علي العمري"
    assert str(fatimah.consent_given_on) == "2026-05-01"
    assert client.get(f"/admin/volunteers/delete/{fatimah.pk}/").status_code == 302  # refused

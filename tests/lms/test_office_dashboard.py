"""The office's dashboard on the admin's home: what is waiting, counted for the staff member's
section, each count leading to a list that shows exactly as many records."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from wagtail.models import TaskState

from accreditation.services import catalogue_setup
from courses.models import CoursePage, Enrolment
from lms.dashboard import dashboard_items
from lms.models import Section
from lms.roles import Role, role_names
from tests.factories import (
    AssignmentFactory,
    AttendanceFactory,
    CertificateBatchFactory,
    CertificateFactory,
    LicenceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LABELS = {
    "attendance": "Attendance waiting for approval",
    "overrides": "Overrides granted in the last 30 days",
    "licences": "Licences expiring within 30 days",
    "completions": "Course completions expiring within 30 days",
    "pdf": "Certificates whose PDF failed",
    "tasks": "Courses waiting for accreditation",
    "batches": "Bulk issues running",
    "opportunities": "Opportunities waiting for approval",
    "comments": "Beneficiaries' comments to read",
}


def _in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _ago(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


@pytest.fixture
def waiting(catalogue):
    """Each section's share of what waits: the men's section twice as much as the women's,
    and beside each something that must not count (too early, too late, done, rejected).
    The catalogue is the office's (it accredits the courses in it)."""
    catalogue_setup(page=catalogue)
    for section, times in ((Section.MEN, 2), (Section.WOMEN, 1)):
        for _n in range(times):
            AttendanceFactory(confirmed=True, assignment__deployment__section=section)
            AssignmentFactory(deployment__section=section, override_reason="Needed at the gate")
            LicenceFactory(holder__section=section, expires_on=_in_days(10))
            _completion(section, expires_in=datetime.timedelta(days=10))
            CertificateFactory(holder__section=section, issued_at=_ago(hours=3))
            CertificateBatchFactory(section=section, filled_at=None)
        # Not waiting for the office: recorded (the deputy's step), an old override, a
        # licence expiring later or already expired, a certificate being rendered now, a
        # bulk issue done and rendered.
        AttendanceFactory(assignment__deployment__section=section)
        old = AssignmentFactory(deployment__section=section, override_reason="Long ago")
        type(old).objects.filter(pk=old.pk).update(assigned_at=_ago(days=45))
        AssignmentFactory(deployment__section=section)
        LicenceFactory(holder__section=section, expires_on=_in_days(60))
        LicenceFactory(holder__section=section, expires_on=_in_days(-1))
        _completion(section, expires_in=datetime.timedelta(days=60))
        _completion(section, expires_in=-datetime.timedelta(days=1))
        CertificateFactory(holder__section=section, issued_at=_ago(minutes=5))
        done = CertificateBatchFactory(section=section, filled_at=timezone.now())
        CertificateFactory(holder__section=section, batch=done, rendered_at=timezone.now())


def _completion(section, *, expires_in: datetime.timedelta) -> Enrolment:
    now = timezone.now()
    return Enrolment.objects.create(
        user=UserFactory(section=section),
        course_key=uuid.uuid4(),
        completed_at=now - datetime.timedelta(days=300),
        expires_at=now + expires_in,
    )


def _counts(user) -> dict[str, int]:
    with override("en"):
        by_label = {str(counted.item.label): counted.count for counted in dashboard_items(user)}
    return {key: by_label[label] for key, label in LABELS.items()}


def _urls(user) -> dict[str, str]:
    with override("en"):
        by_label = {str(counted.item.label): counted.item.url for counted in dashboard_items(user)}
    return {key: by_label[label] for key, label in LABELS.items()}


def test_the_whole_office_sees_both_sections_waiting(waiting, office_staff):
    assert _counts(office_staff) == {
        "attendance": 3,
        "overrides": 3,
        "licences": 3,
        "completions": 3,
        "pdf": 3,
        "tasks": 0,
        "batches": 3,
        "opportunities": 0,
        "comments": 0,
    }


@pytest.mark.parametrize(("section", "share"), [(Section.MEN, 2), (Section.WOMEN, 1)])
def test_staff_of_a_section_see_only_what_waits_in_it(waiting, section, share):
    staff = UserFactory(roles=[Role.OFFICE_STAFF], staff_section=section)
    counts = _counts(staff)
    assert counts == {
        "attendance": share,
        "overrides": share,
        "licences": share,
        "completions": share,
        "pdf": share,
        "tasks": 0,
        "batches": share,
        "opportunities": 0,
        "comments": 0,
    }


def _listed(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    context = response.context
    if "batches" in context:
        return len(context["batches"])
    if "page" in context and hasattr(context["page"], "paginator"):
        return context["page"].paginator.count
    return context["paginator"].count


@pytest.mark.parametrize("section", ["", Section.MEN, Section.WOMEN])
def test_each_link_opens_a_list_of_exactly_what_was_counted(waiting, client, section):
    staff = UserFactory(roles=[Role.OFFICE_STAFF], staff_section=section)
    client.force_login(staff)
    counts, urls = _counts(staff), _urls(staff)
    for key, url in urls.items():
        assert _listed(client, url) == counts[key], key


def test_a_course_submitted_for_accreditation_waits_for_the_office(
    catalogue, trainer, office_staff, client
):
    catalogue_setup(page=catalogue)
    course = CoursePage(title="Crowd safety", slug="crowd", summary="...", owner=trainer)
    course.live = False
    catalogue.add_child(instance=course)
    course.save_revision(user=trainer)
    course.get_workflow().start(course, trainer)
    assert TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS).count() == 1
    assert _counts(office_staff)["tasks"] == 1
    # Staff of one section see the office's tasks too: a course is for the whole office
    # until accredited.
    assert (
        _counts(UserFactory(roles=[Role.OFFICE_STAFF], staff_section=Section.WOMEN))["tasks"] == 1
    )
    client.force_login(office_staff)
    assert _listed(client, _urls(office_staff)["tasks"]) == 1


def test_the_dashboard_makes_one_query_per_item_whatever_the_data(
    waiting, office_staff, django_assert_num_queries
):
    role_names(office_staff)  # read once per request, before the panel
    with django_assert_num_queries(len(LABELS)):
        items = dashboard_items(office_staff)
    assert len(items) == len(LABELS)
    AttendanceFactory.create_batch(5, confirmed=True)
    LicenceFactory.create_batch(5, expires_on=_in_days(3))
    with django_assert_num_queries(len(LABELS)):
        dashboard_items(office_staff)


def test_the_admin_home_shows_the_panel_to_office_staff_only(waiting, client, office_staff):
    office_staff.preferred_language = "en"
    office_staff.save(update_fields=["preferred_language"])
    client.force_login(office_staff)
    text = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="office-dashboard-section"' in text
    assert "Waiting for the office" in text
    assert reverse("accreditation_certificates") + "?pdf=failed" in text
    trainer = UserFactory(roles=[Role.TRAINER])
    client.force_login(trainer)
    assert 'id="office-dashboard' not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert dashboard_items(trainer) == []
    volunteer = UserFactory()
    assert dashboard_items(volunteer) == []

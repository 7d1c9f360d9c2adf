"""Office staff define a field role in the admin (two courses and an acknowledged article);
a team leader assigns a team in which one member's first-aid course has expired: that
member is refused with the date it expired, the others are assigned; after the member takes
the course again, the assignment succeeds."""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import CourseCompletion
from courses.services import enrolment_create, lesson_complete
from field.models import Assignment, Deployment, FieldRole
from knowledge_base.services import acknowledgement_create
from lms.roles import Role
from tests.conftest import PASSWORD
from tests.e2e.test_course_authoring import admin_sign_in, save_and_leave_the_form
from tests.factories import TeamFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def complete(user, tree):
    enrolment_create(user=user, course=tree.course)
    for lesson in tree.lessons:
        lesson_complete(user=user, lesson=lesson)


def test_a_leader_assigns_a_team_and_the_expired_member_is_refused_until_the_retake(
    page, live_server, screenshot, sign_in, office_staff, make_course, make_article
):
    base = live_server.url
    first_aid = make_course(title="الإسعافات الأولية", validity_months=24, lessons=1)
    crowd = make_course(title="إدارة الحشود", lessons=1)
    conduct = make_article(title="ميثاق المتطوع", requires_acknowledgement=True)

    # The office defines the role in the admin.
    admin_sign_in(page, base, office_staff)
    page.goto(f"{base}/admin/snippets/field/fieldrole/add/")
    page.fill("#id_name_ar", "مسعف في المسجد النبوي")
    page.fill("#id_name_en", "First aider at the Prophet's Mosque")
    page.select_option("#id_category", label="الخدمات التدريبية")
    for index, (kind, field, value) in enumerate(
        [
            ("course", "course", first_aid.course.pk),
            ("course", "course", crowd.course.pk),
            ("article", "article", conduct.pk),
        ]
    ):
        page.locator("#id_requirements-ADD").click()
        page.select_option(f"#id_requirements-{index}-kind", kind)
        page.select_option(f"#id_requirements-{index}-{field}", str(value))
    screenshot("ar-admin-field-role")
    save_and_leave_the_form(page, "button.action-save")
    role = FieldRole.objects.get(name_en="First aider at the Prophet's Mosque")
    assert role.requirements.count() == 3

    today = timezone.localdate()
    deployment = Deployment.objects.create(
        role=role,
        service_point="باب السلام",
        section="men",
        capacity=10,
        starts_on=today + timedelta(days=7),
        ends_on=today + timedelta(days=20),
    )
    leader = UserFactory(roles=[Role.TEAM_LEADER], preferred_language="en")
    team = TeamFactory(section="men", name="Bab al-Salam team")
    team.leaders.add(leader)
    members = [UserFactory(first_name=name) for name in ("Omar", "Saad", "Faisal")]
    team.members.add(*members)
    for member in members:
        complete(member, first_aid)
        complete(member, crowd)
        acknowledgement_create(user=member, article=conduct)
    # Faisal's first aid was taken 25 months ago and ran out after 24.
    expired_on = timezone.now() - timedelta(days=30)
    CourseCompletion.objects.filter(
        user=members[2], course_key=first_aid.course.translation_key
    ).update(completed_at=expired_on - timedelta(days=730), expires_at=expired_on)
    first_aid_enrolment = members[2].enrolments.get(course_key=first_aid.course.translation_key)
    first_aid_enrolment.expires_at = expired_on
    first_aid_enrolment.save(update_fields=["expires_at"])

    page.context.clear_cookies()
    sign_in(leader, PASSWORD, "en")
    page.goto(f"{base}/en/deployments/")
    page.click(f"a[href$='/deployments/{deployment.pk}/']")
    page.select_option("#id_team", str(team.pk))
    page.click("form.stacked button[type=submit] >> text=Check and assign")
    page.wait_for_load_state("networkidle")
    refusal = page.locator(".verdict--revoked").inner_text()
    date = datetime.date.strftime(timezone.localdate(expired_on), "%-d")
    assert "Faisal" in refusal and "expired on" in refusal and date in refusal
    assert set(Assignment.objects.values_list("volunteer__first_name", flat=True)) == {
        "Omar",
        "Saad",
    }
    screenshot("en-roster-refused")

    # Faisal takes the course again; now the assignment succeeds.
    enrolment_create(user=members[2], course=first_aid.course)
    for lesson in first_aid.lessons:
        lesson_complete(user=members[2], lesson=lesson)
    page.select_option("#id_team", str(team.pk))
    page.click("form.stacked button[type=submit] >> text=Check and assign")
    page.wait_for_load_state("networkidle")
    assert Assignment.objects.filter(volunteer=members[2]).exists()
    assert page.locator(".verdict--revoked").count() == 0
    page.goto(f"{base}/ar/deployments/{deployment.pk}/")
    screenshot("ar-roster-ready")
    assert page.locator("table .badge--ok").count() == 3

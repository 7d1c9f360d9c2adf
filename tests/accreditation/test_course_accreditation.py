from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from wagtail.models import TaskState

from accreditation.actions import AccreditCourse
from accreditation.models import CourseAccreditation, OfficeAccreditationTask
from accreditation.selectors import credit_hours_by_course
from accreditation.services import WORKFLOW_NAME, catalogue_setup
from courses.models import CoursePage, LessonPage
from courses.selectors import accredited_hours
from lms.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_course(catalogue, trainer):
    catalogue_setup(page=catalogue)
    course = CoursePage(
        title="Crowd safety",
        slug="crowd-safety",
        summary="...",
        proposed_credit_hours=6,
        owner=trainer,
        live=False,
    )
    catalogue.add_child(instance=course)
    course.save_revision(user=trainer)
    lesson = LessonPage(title="Flow", slug="flow", owner=trainer, live=False)
    course.add_child(instance=lesson)
    lesson.save_revision(user=trainer)
    return course


def submit(course, trainer):
    workflow = course.get_workflow()
    assert workflow.name == WORKFLOW_NAME
    workflow.start(course, trainer)
    course.refresh_from_db()
    return TaskState.objects.get(workflow_state__object_id=str(course.pk)).specific


def test_trainers_may_write_but_not_publish_in_the_catalogue(catalogue, trainer, office_staff):
    catalogue_setup(page=catalogue)
    trainer_perms = catalogue.permissions_for_user(trainer)
    office_perms = catalogue.permissions_for_user(office_staff)
    assert trainer_perms.can_add_subpage()
    assert not trainer_perms.can_publish_subpage()
    assert office_perms.can_publish_subpage()


def test_office_accredits_at_its_own_hours_and_the_course_goes_live(
    draft_course, trainer, office_staff
):
    state = submit(draft_course, trainer)
    task = state.task.specific
    assert isinstance(task, OfficeAccreditationTask)
    assert task.get_actions(draft_course, trainer) == []
    assert [name for name, *_ in task.get_actions(draft_course, office_staff)] == [
        "reject",
        "approve",
    ]

    task.on_action(state, office_staff, "approve", credit_hours=Decimal("4.5"), comment="ok")

    draft_course.refresh_from_db()
    assert draft_course.live
    accreditation = CourseAccreditation.objects.get()
    assert accreditation.credit_hours == Decimal("4.5")
    assert accreditation.proposed_credit_hours == Decimal("6")
    assert accreditation.accredited_by == office_staff
    state.refresh_from_db()
    assert state.credit_hours == Decimal("4.5")
    assert "4.5" in state.comment and "ok" in state.comment
    assert state.finished_by == office_staff
    assert accredited_hours([draft_course.translation_key]) == {
        draft_course.translation_key: Decimal("4.5")
    }


def test_sending_back_records_the_comment_and_accredits_nothing(
    draft_course, trainer, office_staff
):
    state = submit(draft_course, trainer)
    state.task.specific.on_action(state, office_staff, "reject", comment="Add a lesson on heat.")
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_REJECTED
    assert state.comment == "Add a lesson on heat."
    assert not CourseAccreditation.objects.exists()
    draft_course.refresh_from_db()
    assert not draft_course.live


def test_send_back_form_requires_a_comment():
    from accreditation.forms import SendBackForm

    assert not SendBackForm(data={"comment": ""}).is_valid()


def test_accredit_form_refuses_nonsense_hours():
    from accreditation.forms import AccreditCourseForm

    for hours in ("0", "-3", "abc", "1000"):
        assert not AccreditCourseForm(data={"credit_hours": hours}).is_valid()


def test_nobody_accredits_their_own_course(draft_course):
    author = UserFactory(roles=[Role.OFFICE_STAFF])
    draft_course.owner = author
    draft_course.save()
    with pytest.raises(PermissionDenied):
        AccreditCourse(course=draft_course, user=author, credit_hours=Decimal("3")).execute()
    assert not CourseAccreditation.objects.exists()
    task = OfficeAccreditationTask.objects.get()
    assert task.get_actions(draft_course, author) == []


def test_only_office_staff_accredit(draft_course, trainer):
    with pytest.raises(PermissionDenied):
        AccreditCourse(course=draft_course, user=trainer, credit_hours=Decimal("3")).execute()


def test_the_newest_decision_is_in_force(draft_course, office_staff):
    AccreditCourse(course=draft_course, user=office_staff, credit_hours=Decimal("3")).execute()
    AccreditCourse(course=draft_course, user=office_staff, credit_hours=Decimal("2")).execute()
    assert credit_hours_by_course([draft_course.translation_key]) == {
        draft_course.translation_key: Decimal("2")
    }
    assert CourseAccreditation.objects.count() == 2

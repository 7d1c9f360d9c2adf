"""A course is reviewed with its lessons: submitting the course takes its draft lessons and
unpublished changes into the office's review, and accrediting it publishes them with it, in
one transaction. A course without lessons cannot be accredited, and the dialog says why."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from wagtail.models import TaskState, WorkflowState
from wagtail.users.models import UserProfile

from accreditation.actions import AccreditCourse
from accreditation.models import CourseAccreditation
from accreditation.services import catalogue_setup
from courses.models import CoursePage, LessonPage

pytestmark = pytest.mark.django_db


def draft(parent, page, user):
    page.owner = user
    page.live = False
    parent.add_child(instance=page)
    page.save_revision(user=user)
    return page


@pytest.fixture
def course_with_drafts(catalogue, trainer):
    """A new course with two draft lessons and one published lesson with unpublished
    changes, as a trainer leaves it before submitting."""
    catalogue_setup(page=catalogue)
    course = draft(
        catalogue,
        CoursePage(
            title="Crowd safety", slug="crowd-safety", summary="...", proposed_credit_hours=6
        ),
        trainer,
    )
    first = draft(course, LessonPage(title="Gates", slug="gates"), trainer)
    draft(course, LessonPage(title="Flow", slug="flow"), trainer)
    changed = draft(course, LessonPage(title="Heat", slug="heat"), trainer)
    changed.get_latest_revision().publish()
    changed.refresh_from_db()
    changed.title = "Heat and shade"
    changed.save_revision(user=trainer)
    # The trainer also sent the first lesson for review on its own.
    first.get_workflow().start(first, trainer)
    return course


def submit(course, trainer):
    course.get_workflow().start(course, trainer)
    return TaskState.objects.get(
        workflow_state__object_id=str(course.pk), status=TaskState.STATUS_IN_PROGRESS
    ).specific


def test_accrediting_a_course_publishes_its_lessons_with_it(
    course_with_drafts, trainer, office_staff
):
    course = course_with_drafts
    state = submit(course, trainer)
    state.task.specific.on_action(state, office_staff, "approve", credit_hours=Decimal("4"))

    course.refresh_from_db()
    assert course.live
    lessons = LessonPage.objects.child_of(course).order_by("path")
    assert [(lesson.title, lesson.live, lesson.has_unpublished_changes) for lesson in lessons] == [
        ("Gates", True, False),
        ("Flow", True, False),
        ("Heat and shade", True, False),
    ]
    # The lesson's own review was approved by the same person, not left hanging.
    lesson_review = WorkflowState.objects.get(object_id=str(lessons[0].pk))
    assert lesson_review.status == WorkflowState.STATUS_APPROVED
    assert lesson_review.current_task_state.finished_by == office_staff
    assert CourseAccreditation.objects.get().credit_hours == Decimal("4")


def test_a_failure_while_publishing_lessons_leaves_everything_as_it_was(
    course_with_drafts, trainer, office_staff, monkeypatch
):
    course = course_with_drafts
    state = submit(course, trainer)

    def broken(*, course, user, revisions=None):
        raise RuntimeError("disk full")

    monkeypatch.setattr("courses.services.course_lessons_publish", broken)
    with pytest.raises(RuntimeError):
        state.task.specific.on_action(state, office_staff, "approve", credit_hours=Decimal("4"))

    course.refresh_from_db()
    assert not course.live
    assert not LessonPage.objects.child_of(course).filter(title="Flow").live().exists()
    assert not CourseAccreditation.objects.exists()


def test_sending_back_publishes_nothing(course_with_drafts, trainer, office_staff):
    course = course_with_drafts
    state = submit(course, trainer)
    state.task.specific.on_action(state, office_staff, "reject", comment="Add a lesson on heat.")
    assert LessonPage.objects.child_of(course).live().count() == 1  # only the earlier one


def test_a_course_without_lessons_cannot_be_accredited(catalogue, trainer, office_staff):
    catalogue_setup(page=catalogue)
    course = draft(
        catalogue,
        CoursePage(title="Empty", slug="empty", summary="...", proposed_credit_hours=2),
        trainer,
    )
    state = submit(course, trainer)
    with translation.override("en"):
        with pytest.raises(PermissionDenied) as refused:
            state.task.specific.on_action(state, office_staff, "approve", credit_hours=Decimal("2"))
        assert "has no lessons yet" in str(refused.value)
    course.refresh_from_db()
    assert not course.live
    assert not CourseAccreditation.objects.exists()


def dialog(client, course, user):
    state = TaskState.objects.get(
        workflow_state__object_id=str(course.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    url = reverse("wagtailadmin_pages:workflow_action", args=[course.pk, "approve", state.pk])
    response = client.get(url, headers={"x-requested-with": "XMLHttpRequest"})
    assert response.status_code == 200
    return response.json()["html"]


def test_the_dialog_shows_proposed_and_current_hours_and_the_lessons(
    client, course_with_drafts, trainer, office_staff
):
    course = course_with_drafts
    AccreditCourse(course=course, user=office_staff, credit_hours=Decimal("3.5")).execute()
    submit(course, trainer)
    html = dialog(client, course, office_staff)
    assert "6 hours" in html
    assert "3.5 hours" in html
    assert "Gates" in html and "Flow" in html and "Heat and shade" in html
    assert 'value="3.5"' in html  # starts from the hours in force
    assert 'name="credit_hours"' in html


def test_the_dialog_of_a_course_without_lessons_explains_and_offers_no_accreditation(
    client, catalogue, trainer, office_staff
):
    catalogue_setup(page=catalogue)
    course = draft(
        catalogue,
        CoursePage(title="Empty", slug="empty", summary="...", proposed_credit_hours=1),
        trainer,
    )
    submit(course, trainer)
    html = dialog(client, course, office_staff)
    assert "1 hour" in html and "Not accredited yet" in html
    assert "has no lessons yet, so it cannot be accredited" in html
    assert 'name="credit_hours"' not in html


def test_approval_publishes_the_lessons_as_the_office_saw_them(
    course_with_drafts, trainer, office_staff
):
    """What the dialog showed is what goes live: a lesson edited after the office opened
    the dialog goes live as shown (the edit stays a draft), and a lesson added under the
    course afterwards stays a draft."""
    from courses.selectors import lessons_awaiting_publication

    course = course_with_drafts
    state = submit(course, trainer)
    shown = [lesson.latest_revision_id for lesson in lessons_awaiting_publication(course)]
    flow = LessonPage.objects.child_of(course).get(slug="flow")
    flow.title = "Flow, edited during the review"
    flow.save_revision(user=trainer)
    draft(course, LessonPage(title="Slipped in", slug="slipped-in"), trainer)

    state.task.specific.on_action(
        state, office_staff, "approve", credit_hours=Decimal("4"), lesson_revisions=shown
    )

    flow.refresh_from_db()
    assert flow.live and flow.title == "Flow" and flow.has_unpublished_changes
    assert not LessonPage.objects.get(slug="slipped-in").live
    assert LessonPage.objects.child_of(course).filter(slug="gates").live().exists()


def test_the_dialog_carries_the_revisions_it_shows(course_with_drafts, trainer, office_staff):
    from accreditation.forms import AccreditCourseForm
    from courses.selectors import lessons_awaiting_publication

    form = AccreditCourseForm(data={"credit_hours": "4", "lesson_revisions": "1,x"})
    assert not form.is_valid() and "lesson_revisions" in form.errors
    shown = lessons_awaiting_publication(course_with_drafts)
    assert len(shown) == 3 and all(lesson.latest_revision_id for lesson in shown)

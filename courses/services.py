"""Writes of the courses app: enrolment, lesson progress and completion.

Every service is atomic. Completion is recorded once, by a conditional update, and then
announced to the higher apps through the ``course_completed`` Wagtail hook, inside the same
transaction (accreditation credits the hours there).
"""

from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page, Revision, WorkflowState

from courses.gate import completion_refusal
from courses.models import CourseCompletion, CoursePage, Enrolment, LessonPage, LessonProgress
from courses.rules import PrerequisiteGap, audience_refusal, prerequisite_gaps
from courses.selectors import course_of
from lms.models import Team, User
from lms.pagecache import cached_per_page_tree
from lms.roles import Role, has_role


class EnrolmentRefused(Exception):
    """Why someone may not enrol; ``gaps`` lists missing or expired prerequisites."""

    def __init__(self, message: str, gaps: list[PrerequisiteGap] | None = None):
        super().__init__(message)
        self.message = message
        self.gaps = gaps or []


class NotEnrolled(Exception):
    pass


def enrolment_refusal(*, user: User, course: CoursePage) -> EnrolmentRefused | None:
    """The reason ``user`` may not enrol in ``course`` now, or None."""
    if not course.live:
        return EnrolmentRefused(_("This course is not published."))
    reason = audience_refusal(user=user, course=course)
    if reason:
        return EnrolmentRefused(reason)
    gaps = prerequisite_gaps(user=user, course=course)
    if gaps:
        return EnrolmentRefused(_("Complete the prerequisite courses first."), gaps)
    return None


@transaction.atomic
def enrolment_create(
    *, user: User, course: CoursePage, enrolled_by: User | None = None
) -> Enrolment:
    """Enrol ``user`` in ``course`` and all its translations, or again (a refresher) when
    their completion has expired. Raises EnrolmentRefused when the course is unpublished,
    outside the user's audience, missing prerequisites, or already taken and still valid;
    nothing is written then."""
    refusal = enrolment_refusal(user=user, course=course)
    if refusal:
        raise refusal
    expired = Enrolment.objects.filter(
        user=user, course_key=course.translation_key, expires_at__lte=timezone.now()
    ).first()
    if expired is not None and enrolment_restart(enrolment=expired):
        return expired
    try:
        with transaction.atomic():
            return Enrolment.objects.create(
                user=user,
                course=course,
                course_key=course.translation_key,
                enrolled_by=enrolled_by or user,
            )
    except IntegrityError:
        raise EnrolmentRefused(_("You are already enrolled in this course.")) from None


@dataclass
class TeamEnrolmentResult:
    enrolled: list[User] = field(default_factory=list)
    already: list[User] = field(default_factory=list)
    refused: list[tuple[User, str]] = field(default_factory=list)


def may_enrol_team(*, actor: User, team: Team) -> bool:
    """Office staff (of the team's section, when limited to one) and the team's leaders."""
    if has_role(actor, Role.OFFICE_STAFF):
        return not actor.staff_section or actor.staff_section == team.section
    return has_role(actor, Role.TEAM_LEADER) and team.leaders.filter(pk=actor.pk).exists()


def team_enrol(*, actor: User, team: Team, course: CoursePage) -> TeamEnrolmentResult:
    """Enrol every member of ``team``; each member is checked like a self-enrolment and a
    refusal for one does not stop the others."""
    if not may_enrol_team(actor=actor, team=team):
        raise PermissionDenied(_("You may not enrol this team."))
    result = TeamEnrolmentResult()
    for member in team.members.select_related("organisation").order_by("pk"):
        try:
            enrolment_create(user=member, course=course, enrolled_by=actor)
        except EnrolmentRefused as refusal:
            if Enrolment.objects.filter(user=member, course_key=course.translation_key).exists():
                result.already.append(member)
            else:
                result.refused.append((member, refusal.message))
        else:
            result.enrolled.append(member)
    return result


def required_lesson_keys(course_key) -> frozenset:
    """The translation keys of the required live lessons of every translation of a course:
    the same for every learner, so read from the shared cache until the page tree changes
    (``lms.pagecache``); two queries otherwise."""

    def read() -> frozenset:
        courses = CoursePage.objects.filter(translation_key=course_key).only("path", "depth")
        lessons = LessonPage.objects.none()
        for course in courses:
            lessons = lessons | LessonPage.objects.child_of(course)
        return frozenset(
            lessons.live().filter(is_required=True).values_list("translation_key", flat=True)
        )

    return cached_per_page_tree("course-required-lessons", (str(course_key),), read)


def lesson_open(*, enrolment: Enrolment, lesson: LessonPage, completed_at=None) -> None:
    """Record that the learner opened ``lesson`` (and, with ``completed_at``, completed it)
    and make it their place in the course. The progress row is written by one upsert (an
    insert that leaves an existing row alone), so two simultaneous first openings cannot
    clash; an existing row's completion is set once and never moved."""
    key = lesson.translation_key
    if completed_at is None or not LessonProgress.objects.filter(
        enrolment=enrolment, lesson_key=key, completed_at__isnull=True
    ).update(completed_at=completed_at):
        LessonProgress.objects.bulk_create(
            [
                LessonProgress(
                    enrolment=enrolment, lesson_key=key, lesson=lesson, completed_at=completed_at
                )
            ],
            ignore_conflicts=True,
        )
    if enrolment.last_lesson_id != lesson.pk:
        Enrolment.objects.filter(pk=enrolment.pk).update(last_lesson=lesson)
        enrolment.last_lesson = lesson


@dataclass
class LessonCompletion:
    enrolment: Enrolment
    course_completed_now: bool


@transaction.atomic
def lesson_complete(*, user: User, lesson: LessonPage) -> LessonCompletion:
    """Mark a lesson complete for ``user`` and complete the course when every required
    lesson is done. Raises NotEnrolled for a course the user is not enrolled in, and
    PermissionDenied (``courses.gate.LessonGateClosed`` for an assessment) when the
    lesson's gate, which is its whole translation family's, is not open in this run (see
    ``courses.gate``). Every completion, by the button or after a passed activity, comes
    through here; nothing is written when it is refused."""
    course = course_of(lesson)
    enrolment = (
        Enrolment.objects.select_for_update()
        .filter(user=user, course_key=course.translation_key)
        .first()
    )
    if enrolment is None:
        raise NotEnrolled(_("You are not enrolled in this course."))
    refusal = completion_refusal(user=user, lesson=lesson, enrolment=enrolment)
    if refusal is not None:
        raise refusal
    lesson_open(enrolment=enrolment, lesson=lesson, completed_at=timezone.now())
    completed_now = _update_progress(enrolment=enrolment, course=course)
    return LessonCompletion(enrolment=enrolment, course_completed_now=completed_now)


def _update_progress(*, enrolment: Enrolment, course: CoursePage) -> bool:
    required = required_lesson_keys(enrolment.course_key)
    done = set(
        LessonProgress.objects.filter(enrolment=enrolment, completed_at__isnull=False).values_list(
            "lesson_key", flat=True
        )
    )
    percent = round(100 * len(required & done) / len(required)) if required else 0
    Enrolment.objects.filter(pk=enrolment.pk).update(progress_percent=percent)
    enrolment.progress_percent = percent
    if not required or not required <= done:
        return False
    return course_complete(enrolment=enrolment, course=course)


def course_complete(*, enrolment: Enrolment, course: CoursePage) -> bool:
    """Record the completion once and keep it in the completion history; True only for the
    call that recorded it. The ``course_completed`` hook hears the enrolment and the
    completion inside the same transaction."""
    now = timezone.now()
    expires_at = (
        now + relativedelta(months=course.validity_months) if course.validity_months else None
    )
    recorded = Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(
        completed_at=now, expires_at=expires_at
    )
    if not recorded:
        return False
    enrolment.completed_at, enrolment.expires_at = now, expires_at
    completion = CourseCompletion.objects.create(
        enrolment=enrolment,
        user_id=enrolment.user_id,
        course_key=enrolment.course_key,
        completed_at=now,
        expires_at=expires_at,
    )
    for announce in hooks.get_hooks("course_completed"):
        announce(enrolment=enrolment, completion=completion)
    return True


def enrolment_restart(*, enrolment: Enrolment) -> bool:
    """Take a course again after its completion expired (a refresher): progress starts over,
    the earlier completion stays in the history, and a new run begins: only assessments
    passed from now on open this run's lessons (see ``courses.gate``). Only an expired
    completion restarts; True if this call restarted it (a second, simultaneous request
    does nothing)."""
    now = timezone.now()
    restarted = Enrolment.objects.filter(
        pk=enrolment.pk, completed_at__isnull=False, expires_at__lte=now
    ).update(
        completed_at=None,
        expires_at=None,
        progress_percent=0,
        last_lesson=None,
        run_started_at=now,
    )
    if not restarted:
        return False
    LessonProgress.objects.filter(enrolment=enrolment).update(completed_at=None)
    enrolment.refresh_from_db()
    return True


@transaction.atomic
def course_lessons_publish(
    *, course: CoursePage, user: User, revisions: list[int] | None = None
) -> list[LessonPage]:
    """Publish, in one transaction, the lessons of ``course`` the office reviewed with it:
    the lesson revisions in ``revisions`` (those the approval dialog showed), each as it
    stood when shown, even if a newer draft was saved since (that one stays a draft for the
    next review); a lesson added or moved under the course afterwards is not published.
    ``revisions=None`` (a caller outside the dialog) takes every lesson not live as it
    stands. A lesson also submitted on its own has that review approved by the same person
    when the revision published is its latest, so no stale review is left behind. Returns
    the lessons published."""
    published = []
    lessons = LessonPage.objects.child_of(course).filter(has_unpublished_changes=True)
    if revisions is not None:
        chosen = {
            revision.object_id: revision
            for revision in Revision.objects.filter(
                pk__in=revisions,
                base_content_type=ContentType.objects.get_for_model(Page),
                object_id__in=[str(pk) for pk in lessons.values_list("pk", flat=True)],
            )
        }
    for lesson in lessons.order_by("path"):
        if revisions is None:
            revision = lesson.get_latest_revision()
        else:
            revision = chosen.get(str(lesson.pk))
            if revision is None:
                continue  # not shown to the office: not reviewed
        latest = revision.pk == lesson.latest_revision_id
        state = lesson.current_workflow_state
        if latest and state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
            task_state = state.current_task_state
            if task_state is not None and task_state.status == task_state.STATUS_IN_PROGRESS:
                comment = _("Approved with its course, %(course)s.") % {"course": course.title}
                task_state.specific.approve(user=user, comment=comment)
                lesson.refresh_from_db()
        if not lesson.live or lesson.live_revision_id != revision.pk:
            revision.publish(user=user, skip_permission_checks=True)
        published.append(lesson)
    return published

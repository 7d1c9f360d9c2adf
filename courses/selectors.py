"""Reads that feed the course screens, each in a fixed number of queries."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Value, When
from django.utils import timezone, translation
from wagtail import hooks

from courses.models import (
    CourseCompletion,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
)
from courses.rules import localized_courses, prerequisite_gaps


def accredited_hours(course_keys) -> dict:
    """The office's accredited credit hours per course key, from the higher app that owns
    accreditation (hook ``course_credit_hours``); courses without accreditation are absent."""
    hours: dict = {}
    keys = list(course_keys)
    if not keys:
        return hours
    for provider in hooks.get_hooks("course_credit_hours"):
        hours.update(provider(course_keys=keys))
    return hours


def catalogue_url(request) -> str:
    """The address of the catalogue in the page's language (or else in any language), or an
    empty string when there is none. Asked by the site menu on every page, so it costs one
    query per request and is kept on the request."""
    cached = getattr(request, "_manara_catalogue_url", None)
    if cached is not None:
        return cached
    pages = CourseIndexPage.objects.live().only("url_path", "locale_id", "path", "depth")
    language = translation.get_language()
    # One query: the catalogue in the page's language sorts first.
    page = (
        pages.annotate(
            in_language=Case(When(locale__language_code=language, then=Value(0)), default=Value(1))
        )
        .order_by("in_language", "path")
        .first()
    )
    url = (page.get_url(request) if page else "") or ""
    if request is not None:
        request._manara_catalogue_url = url
    return url


@dataclass
class LessonRow:
    lesson: LessonPage
    opened: bool
    completed: bool


def _lesson_rows(course: CoursePage, enrolment: Enrolment | None) -> list[LessonRow]:
    lessons = list(
        LessonPage.objects.live()
        .child_of(course)
        .only("title", "slug", "url_path", "path", "depth", "translation_key", "is_required")
    )
    progress = {}
    if enrolment is not None:
        progress = {
            row.lesson_key: row
            for row in LessonProgress.objects.filter(enrolment=enrolment).only(
                "lesson_key", "completed_at"
            )
        }
    return [
        LessonRow(
            lesson=lesson,
            opened=lesson.translation_key in progress,
            completed=bool(
                progress.get(lesson.translation_key)
                and progress[lesson.translation_key].completed_at
            ),
        )
        for lesson in lessons
    ]


def enrolment_for(user, course_key) -> Enrolment | None:
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(user=user, course_key=course_key).first()


def course_page_context(*, user, course: CoursePage) -> dict:
    enrolment = enrolment_for(user, course.translation_key)
    rows = _lesson_rows(course, enrolment)
    next_lesson = None
    if enrolment is not None:
        next_lesson = next((row.lesson for row in rows if not row.completed), None)
    prerequisites = list(
        course.prerequisites.only("title", "url_path", "path", "translation_key", "live")
    )
    gaps = []
    if user.is_authenticated and enrolment is None:
        keys = [page.translation_key for page in prerequisites]
        gaps = prerequisite_gaps(user=user, course=course, keys=keys)
    expired = bool(enrolment and enrolment.expires_at and enrolment.expires_at <= timezone.now())
    return {
        "enrolment": enrolment,
        "expired": expired,
        "lessons": rows,
        "next_lesson": next_lesson,
        "gaps": gaps,
        "credit_hours": accredited_hours([course.translation_key]).get(course.translation_key),
        "prerequisites": [page for page in prerequisites if page.live],
    }


def lesson_page_context(*, course: CoursePage, lesson: LessonPage, enrolment) -> dict:
    rows = _lesson_rows(course, enrolment)
    keys = [row.lesson.pk for row in rows]
    index = keys.index(lesson.pk) if lesson.pk in keys else -1
    current = rows[index] if index >= 0 else None
    return {
        "course": course,
        "enrolment": enrolment,
        "lessons": rows,
        "opened": bool(current and current.opened),
        "completed": bool(current and current.completed),
        "previous_lesson": rows[index - 1].lesson if index > 0 else None,
        "next_lesson": rows[index + 1].lesson if 0 <= index < len(rows) - 1 else None,
    }


def catalogue(*, index_page: CourseIndexPage, user) -> list[dict]:
    courses = list(
        CoursePage.objects.live()
        .child_of(index_page)
        .only(
            "title",
            "slug",
            "url_path",
            "path",
            "depth",
            "translation_key",
            "summary",
            "estimated_effort_hours",
            "audience_section",
        )
    )
    enrolments = {}
    if user.is_authenticated:
        enrolments = {
            e.course_key: e
            for e in Enrolment.objects.filter(
                user=user, course_key__in=[c.translation_key for c in courses]
            )
        }
    hours = accredited_hours(c.translation_key for c in courses)
    return [
        {
            "page": course,
            "enrolment": enrolments.get(course.translation_key),
            "credit_hours": hours.get(course.translation_key),
        }
        for course in courses
    ]


@dataclass
class DashboardRow:
    enrolment: Enrolment
    page: CoursePage | None
    credit_hours: Decimal | None


def for_learner_dashboard(user) -> dict:
    """ "My learning": in progress, completed, expired and due again, and hours credited."""
    enrolments = list(
        Enrolment.objects.filter(user=user).select_related("last_lesson").order_by("-enrolled_at")
    )
    keys = [e.course_key for e in enrolments]
    pages = localized_courses(keys) if keys else {}
    hours = accredited_hours(keys)
    now = timezone.now()
    in_progress, completed, expired = [], [], []
    credited = Decimal("0")
    for enrolment in enrolments:
        row = DashboardRow(
            enrolment, pages.get(enrolment.course_key), hours.get(enrolment.course_key)
        )
        if enrolment.completed_at is None:
            in_progress.append(row)
            continue
        credited += row.credit_hours or 0
        if enrolment.expires_at and enrolment.expires_at <= now:
            expired.append(row)
        else:
            completed.append(row)
    return {
        "in_progress": in_progress,
        "completed": completed,
        "expired": expired,
        "enrolled_count": len(enrolments),
        "hours_credited": credited,
    }


def latest_completions(*, user_ids, course_keys) -> dict[tuple, tuple]:
    """For each (user id, course key), the newest completion as (completed_at, expires_at).
    ``user_ids`` may be a list or a queryset of ids (a subquery, for a whole roster); one
    query whatever the number of people."""
    latest: dict[tuple, tuple] = {}
    rows = (
        CourseCompletion.objects.filter(user_id__in=user_ids, course_key__in=course_keys)
        .order_by("user_id", "course_key", "completed_at")
        .values_list("user_id", "course_key", "completed_at", "expires_at")
    )
    for user_id, key, completed_at, expires_at in rows:
        latest[(user_id, key)] = (completed_at, expires_at)  # the newest wins
    return latest


def course_titles(course_key) -> dict[str, str]:
    """A course's title in each language it is translated into, by language code."""
    return dict(
        CoursePage.objects.filter(translation_key=course_key).values_list(
            "locale__language_code", "title"
        )
    )


def lessons_awaiting_publication(course: CoursePage) -> list[LessonPage]:
    """The lessons of ``course`` whose latest revision is not live: new drafts and unpublished
    changes, in course order. What the office's approval of the course publishes with it
    (``courses.services.course_lessons_publish``), each with its latest revision (whose
    ``object_str`` is the title as it will be published). One query."""
    return list(
        LessonPage.objects.child_of(course)
        .filter(has_unpublished_changes=True)
        .select_related("latest_revision")
        .order_by("path")
        .only("title", "live", "path", "depth", "latest_revision__object_str")
    )


def course_has_lessons(course: CoursePage) -> bool:
    """Whether ``course`` has any lesson at all, live or draft. One query."""
    return LessonPage.objects.child_of(course).exists()

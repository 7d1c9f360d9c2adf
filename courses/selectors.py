"""Reads that feed the course screens, each in a fixed number of queries."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, DateField, F, Max, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce, TruncDate
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
from courses.permissions import enrolments_visible_to
from courses.rules import DUE_AGAIN_WITHIN_DAYS, localized_courses, prerequisite_gaps
from lms.pagecache import PAGES, cached_per_page_tree, generation, site_for_request
from lms.pages import family_children, interface_url


def accredited_hours(course_keys) -> dict:
    """The office's accredited credit hours per course key, from the higher app that owns
    accreditation (hook ``course_credit_hours``); courses without accreditation are absent.
    From the shared cache (``lms.pagecache``) until a page or an accreditation changes."""
    keys = list(course_keys)
    if not keys:
        return {}

    def read() -> dict:
        hours: dict = {}
        for provider in hooks.get_hooks("course_credit_hours"):
            hours.update(provider(course_keys=keys))
        return hours

    # The same for everyone; the app that owns accreditation replaces the page tree's
    # generation when a decision is recorded (lms.signal_handlers.pages_shown_changed).
    return cached_per_page_tree("credit-hours", tuple(sorted(map(str, keys))), read)


def catalogue_url(request) -> str:
    """The address of the catalogue in the page's language (or else in any language), or an
    empty string when there is none. Asked by the site menu on every page, so it is read
    from the shared cache until the page tree changes (``lms.pagecache``), and kept on the
    request."""
    cached = getattr(request, "_manara_catalogue_url", None)
    if cached is not None:
        return cached
    if request is None:
        return _catalogue_url(request)
    # By host: the address is written relative to the request's site, found from it.
    host = (request._get_raw_host(), request.get_port())
    url = cached_per_page_tree("catalogue-url", host, lambda: _catalogue_url(request))
    request._manara_catalogue_url = url
    return url


def _catalogue_url(request) -> str:
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
    return interface_url(page, request) if page else ""


@dataclass
class LessonRow:
    lesson: LessonPage
    opened: bool
    completed: bool


# What a lesson is listed and linked with: no body.
LESSON_LISTED = (
    "locale_id",
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    "translation_key",
    "is_required",
)


def live_lessons(course: CoursePage, request=None) -> list[LessonPage]:
    """The course's live lessons in order: the same for every learner, so read from the
    shared cache until the page tree changes (``lms.pagecache``); one query otherwise."""
    return cached_per_page_tree(
        "course-lessons",
        (course.pk,),
        lambda: list(LessonPage.objects.live().child_of(course).only(*LESSON_LISTED)),
    )


_NOT_LIVE = 0  # a cached "not live": None cannot be told from a miss


def live_lesson(pk: int) -> LessonPage | None:
    """The lesson ``pk`` when it is live (with what its address needs), else None; cached
    like ``live_lessons``, so linking to a learner's last lesson costs no query."""
    found = cached_per_page_tree(
        "live-lesson",
        (pk,),
        lambda: LessonPage.objects.live().filter(pk=pk).only(*LESSON_LISTED).first() or _NOT_LIVE,
    )
    return found or None


def course_of(lesson: LessonPage, request=None) -> CoursePage:
    """The lesson's course (its parent page, specific), cached like ``live_lessons``: a
    lesson only changes course by a move, which changes the page tree."""
    parent = getattr(lesson, "_manara_course", None)
    if parent is None:
        parent = cached_per_page_tree(
            "lesson-course", (lesson.pk,), lambda: lesson.get_parent().specific
        )
        lesson._manara_course = parent
    return parent


def following_lesson(course: CoursePage, lesson: LessonPage, request=None) -> LessonPage | None:
    """The live lesson after ``lesson`` in its course, or None (no query when cached)."""
    lessons = live_lessons(course, request)
    index = next((i for i, page in enumerate(lessons) if page.pk == lesson.pk), None)
    return lessons[index + 1] if index is not None and index + 1 < len(lessons) else None


def prerequisites_of(course: CoursePage, request=None) -> list[CoursePage]:
    """The course's prerequisite courses, live or not (a prerequisite taken offline still
    bars the way), cached like ``live_lessons``."""

    def read() -> list[CoursePage]:
        return list(
            course.prerequisites.only("title", "url_path", "path", "translation_key", "live")
        )

    return cached_per_page_tree("course-prerequisites", (course.pk,), read)


def _lesson_rows(course: CoursePage, enrolment: Enrolment | None, request=None) -> list[LessonRow]:
    lessons = live_lessons(course, request)
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
    # At most one (courses_one_enrolment); unordered, so the unique index answers.
    return next(iter(Enrolment.objects.filter(user=user, course_key=course_key)[:1]), None)


def _fragment_version(request) -> str:
    """The page tree's generation and the site of the request (links inside a fragment are
    written relative to it)."""
    site = site_for_request(request)
    return f"{generation(PAGES)}.{site.pk if site else ''}"


def course_page_context(*, user, course: CoursePage, request=None) -> dict:
    """The course page: the lessons and prerequisites from the shared cache, the reader's
    enrolment and progress, and the accredited hours. Four queries for an enrolled
    learner, whatever the number of lessons and learners."""
    enrolment = enrolment_for(user, course.translation_key)
    rows = _lesson_rows(course, enrolment, request)
    next_lesson = None
    if enrolment is not None:
        next_lesson = next((row.lesson for row in rows if not row.completed), None)
    prerequisites = prerequisites_of(course, request)
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
        # What the page's cached fragments vary on besides the page, its revision and the
        # language: the page tree, and the reader's state of each lesson (enrolled or not,
        # completed or not), so readers who share a fragment see the same in it.
        "fragment_version": _fragment_version(request),
        "lessons_state": (
            "e" + "".join("1" if row.completed else "0" for row in rows) if enrolment else "-"
        ),
    }


# Lesson blocks that render the same for every reader; a quiz or an H5P activity shows the
# reader's own attempts, so a body holding one is rendered for each reader.
SHARED_BLOCK_TYPES = frozenset({"text", "image", "callout", "video", "handout"})


def lesson_page_context(*, course: CoursePage, lesson: LessonPage, enrolment, request=None) -> dict:
    """The lesson page: the course's lessons from the shared cache, the reader's progress,
    and whether the body may be rendered once for everyone (``body_shared``)."""
    rows = _lesson_rows(course, enrolment, request)
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
        "body_shared": all(
            block.get("type") in SHARED_BLOCK_TYPES for block in lesson.body.raw_data
        ),
        "fragment_version": _fragment_version(request),
    }


def catalogue(*, index_page: CourseIndexPage, user) -> list[dict]:
    """Every course of the catalogue's translation family, in the reader's language where
    translated, else in the language it is written in (``lms.pages.family_children``), with
    the reader's enrolment, the accredited hours and the reader's mark (locked, in progress,
    done, due again). The courses, their hours and prerequisites come from the shared cache
    (``lms.pagecache``); one query for the reader's enrolments, at most two more for the
    marks."""
    courses = cached_per_page_tree(
        "catalogue-courses",
        (index_page.pk,),
        lambda: list(
            family_children(CoursePage.objects.live().select_related("locale"), index_page).only(
                "locale",
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
        ),
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
    marks = catalogue_marks(user=user, courses=courses, enrolments=enrolments)
    return [
        {
            "page": course,
            "enrolment": enrolments.get(course.translation_key),
            "credit_hours": hours.get(course.translation_key),
            "mark": marks.get(course.translation_key),
        }
        for course in courses
    ]


@dataclass
class CourseMark:
    """Where a volunteer stands with a course in the catalogue. ``state`` is one of
    ``locked`` (``unlocked_by`` lists the prerequisite courses to complete, or renew,
    first), ``in_progress``, ``done`` or ``due_again`` (the completion ran out on
    ``expires_at``, or runs out then, within ``DUE_AGAIN_WITHIN_DAYS``)."""

    state: str
    expires_at: datetime.datetime | None = None
    expired: bool = False
    unlocked_by: list[CoursePage] = field(default_factory=list)


def _required_keys(course_ids: tuple) -> dict:
    """The translation keys of each course's prerequisites, by course id: the same for
    everyone, so from the shared cache until the page tree changes."""

    def read() -> dict:
        through = CoursePage.prerequisites.through
        required: dict = {}
        for course_id, key in through.objects.filter(from_coursepage_id__in=course_ids).values_list(
            "from_coursepage_id", "to_coursepage__translation_key"
        ):
            required.setdefault(course_id, []).append(key)
        return required

    return cached_per_page_tree("prerequisite-keys", course_ids, read)


def catalogue_marks(*, user, courses, enrolments: dict | None = None) -> dict:
    """The mark of each of ``courses`` for ``user``, by course key; none for a visitor, nor
    for a course the volunteer may simply enrol in. Three queries at most, whatever the
    number of courses and enrolments: the prerequisites of every course (from the shared
    cache when it has them), the volunteer's
    enrolments in the courses and their prerequisites (fewer when the caller passes the
    enrolments it has), and the pages of the prerequisites still to take."""
    if not user.is_authenticated or not courses:
        return {}
    required = _required_keys(tuple(course.pk for course in courses))
    known = dict(enrolments or {})
    wanted = {key for keys in required.values() for key in keys}
    wanted |= {course.translation_key for course in courses} if enrolments is None else set()
    wanted -= set(known)
    if wanted:
        known.update(
            (enrolment.course_key, enrolment)
            for enrolment in Enrolment.objects.filter(user=user, course_key__in=wanted).only(
                "course_key", "completed_at", "expires_at", "progress_percent"
            )
        )
    now = timezone.now()
    soon = now + datetime.timedelta(days=DUE_AGAIN_WITHIN_DAYS)

    def valid(key) -> bool:
        done = known.get(key)
        return bool(
            done and done.completed_at and (done.expires_at is None or done.expires_at > now)
        )

    lacking = {
        course.pk: [key for key in required.get(course.pk, []) if not valid(key)]
        for course in courses
    }
    pages = localized_courses({key for keys in lacking.values() for key in keys})
    marks = {}
    for course in courses:
        enrolment = known.get(course.translation_key)
        completed = enrolment is not None and enrolment.completed_at is not None
        if lacking[course.pk] and not completed:
            unlocked_by = [pages[key] for key in lacking[course.pk] if key in pages]
            marks[course.translation_key] = CourseMark("locked", unlocked_by=unlocked_by)
        elif completed and enrolment.expires_at and enrolment.expires_at <= soon:
            marks[course.translation_key] = CourseMark(
                "due_again", expires_at=enrolment.expires_at, expired=enrolment.expires_at <= now
            )
        elif completed:
            marks[course.translation_key] = CourseMark("done", expires_at=enrolment.expires_at)
        elif enrolment is not None:
            marks[course.translation_key] = CourseMark("in_progress")
    return marks


@dataclass
class DashboardRow:
    enrolment: Enrolment
    page: CoursePage | None
    credit_hours: Decimal | None
    last_lesson: LessonPage | None = None  # where to continue, when it is live


def for_learner_dashboard(user) -> dict:
    """ "My learning": in progress, completed, expired and due again, and hours credited.
    One query for the enrolments; the courses, their hours and the lessons to continue
    with come from the shared cache (joining the last lesson's page cost more than the
    rest of the query)."""
    enrolments = list(Enrolment.objects.filter(user=user).order_by("-enrolled_at"))
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
            if enrolment.last_lesson_id:
                row.last_lesson = live_lesson(enrolment.last_lesson_id)
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


# What ``latest_completion_expiry`` gives for a completion that never expires, to tell it
# apart from no completion at all (NULL).
NO_EXPIRY = datetime.date.max


def latest_completion_day(*, course_key, person: str = "pk") -> Subquery:
    """An annotation for a queryset of people (``person`` names the column holding each one's
    id): the day, in the active time zone, of each one's newest completion of the course (any
    translation), NULL for those who never completed it. Read in the query that lists the
    people, from the completions' (user, course, newest first) index."""
    day = TruncDate("completed_at", tzinfo=timezone.get_current_timezone())
    return _newest_completion(course_key, person, day)


def latest_completion_expiry(*, course_key, person: str = "pk") -> Subquery:
    """An annotation for a queryset of people, as ``latest_completion_day``: the day each
    one's newest completion of the course expires (in the active time zone), ``NO_EXPIRY``
    when it does not, NULL for those who never completed it."""
    expiry = TruncDate("expires_at", tzinfo=timezone.get_current_timezone())
    day = Coalesce(expiry, Value(NO_EXPIRY), output_field=DateField())
    return _newest_completion(course_key, person, day)


def _newest_completion(course_key, person: str, day) -> Subquery:
    newest = CourseCompletion.objects.filter(
        user_id=OuterRef(person), course_key=course_key
    ).order_by("-completed_at")
    return Subquery(newest.values(day=day)[:1], output_field=DateField())


def course_titles(course_key) -> dict[str, str]:
    """A course's title in each language it is translated into, by language code."""
    return dict(
        CoursePage.objects.filter(translation_key=course_key).values_list(
            "locale__language_code", "title"
        )
    )


def course_titles_in(course_keys, language: str) -> dict[str, str]:
    """The titles of these courses (by translation key) in ``language``, where translated.
    One query."""
    return {
        str(key): title
        for key, title in CoursePage.objects.filter(
            translation_key__in=list(course_keys), locale__language_code=language
        ).values_list("translation_key", "title")
    }


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


def next_lesson_for_home(user) -> dict:
    """The home page's "continue where you left off": the course in progress the volunteer
    worked on last (most recently opened lesson, else the latest enrolment), in the page's
    language where it is translated, and the lesson to read next there: the last one opened
    if it is not finished, else the first unfinished one after it, else the first unfinished
    one. Also how many other courses are in progress. Four queries, whatever the number of
    enrolments."""
    enrolments = list(
        Enrolment.objects.filter(user=user, completed_at__isnull=True)
        .annotate(last_seen=Max("lessons__opened_at"))
        .select_related("last_lesson")
        .only("course_key", "progress_percent", "enrolled_at", "last_lesson__translation_key")
        .order_by(F("last_seen").desc(nulls_last=True), "-enrolled_at")[:50]
    )
    if not enrolments:
        return {"enrolment": None, "course": None, "lesson": None, "others": 0}
    enrolment = enrolments[0]
    course = localized_courses([enrolment.course_key]).get(enrolment.course_key)
    lesson = None
    if course is not None:
        rows = _lesson_rows(course, enrolment)
        last_key = enrolment.last_lesson.translation_key if enrolment.last_lesson else None
        keys = [row.lesson.translation_key for row in rows]
        start = keys.index(last_key) if last_key in keys else 0
        unfinished = [row for row in rows[start:] + rows[:start] if not row.completed]
        lesson = unfinished[0].lesson if unfinished else None
    return {
        "enrolment": enrolment,
        "course": course,
        "lesson": lesson,
        "others": len(enrolments) - 1,
    }


def enrolments_of(user, *, limit: int = 100) -> list[Enrolment]:
    """A person's enrolments with their course, newest first, each with its completion and
    when it expires (the office's volunteer record). One query."""
    return list(
        Enrolment.objects.filter(user=user)
        .select_related("course")
        .order_by("-enrolled_at", "-pk")[:limit]
    )


# The office's dashboard and the list it opens ---------------------------------------------

EXPIRING_WITHIN_DAYS = 30


def completions_expiring(enrolments, *, days: int = EXPIRING_WITHIN_DAYS):
    """Of ``enrolments``, the completed ones whose validity ends within ``days`` from now: the
    requirements of field roles and licences that will lapse unless renewed."""
    now = timezone.now()
    return enrolments.filter(
        completed_at__isnull=False,
        expires_at__gte=now,
        expires_at__lte=now + datetime.timedelta(days=days),
    )


def completions_expiring_for_office_list(user):
    return (
        enrolments_visible_to(user)
        .filter(completed_at__isnull=False, expires_at__isnull=False)
        .select_related("user", "course")
        .order_by("expires_at", "pk")
    )


def completions_expiring_count(user) -> int:
    """Completions of ``user``'s section expiring within 30 days. One query."""
    return completions_expiring(enrolments_visible_to(user)).count()

"""Who may take a course: audience and prerequisites, explained in the learner's language."""

import datetime
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from courses.models import CoursePage, Enrolment
from lms.pagecache import cached_per_page_tree
from lms.pages import interface_url


@dataclass(frozen=True)
class PrerequisiteGap:
    """A prerequisite the learner has not completed, or whose completion has expired."""

    title: str
    url: str | None
    status: str  # "missing" or "expired"
    expired_on: datetime.datetime | None = None


# A completion that runs out within this many days is shown as due again, so a volunteer
# renews before the season rather than on the day their deployment is checked.
DUE_AGAIN_WITHIN_DAYS = 30


def localized_courses(course_keys) -> dict:
    """One live page per course key, in the page's language where a translation exists.
    The same for every reader of a language, so read from the shared cache until the page
    tree changes (``lms.pagecache``); one query otherwise."""
    keys = tuple(sorted({str(key) for key in course_keys}))
    if not keys:
        return {}

    def read() -> dict:
        language = translation.get_language()
        chosen: dict = {}
        pages = CoursePage.objects.live().filter(translation_key__in=keys)
        # The bodies are not read here: leaving them out spares decoding their JSON.
        for page in pages.defer_streamfields().select_related("locale"):
            current = chosen.get(page.translation_key)
            if current is None or (
                page.locale.language_code == language and current.locale.language_code != language
            ):
                chosen[page.translation_key] = page
        return chosen

    return cached_per_page_tree("localized-courses", keys, read)


def prerequisite_gaps(*, user, course: CoursePage, keys=None) -> list[PrerequisiteGap]:
    """The prerequisites of ``course`` that ``user`` lacks: never completed, or expired.
    ``keys``, when the caller has them, saves reading the prerequisites again."""
    if keys is None:
        keys = list(course.prerequisites.values_list("translation_key", flat=True))
    if not keys:
        return []
    now = timezone.now()
    completions = {
        enrolment.course_key: enrolment
        for enrolment in Enrolment.objects.filter(
            user=user, course_key__in=keys, completed_at__isnull=False
        ).only("course_key", "completed_at", "expires_at")
    }
    lacking = []
    for key in keys:
        done = completions.get(key)
        if done is None:
            lacking.append((key, "missing", None))
        elif done.expires_at and done.expires_at <= now:
            lacking.append((key, "expired", done.expires_at))
    if not lacking:
        return []
    pages = localized_courses(key for key, _status, _date in lacking)
    gaps = []
    for key, status, expired_on in lacking:
        page = pages.get(key)
        title = page.title if page else _("A course that is no longer published")
        gaps.append(
            PrerequisiteGap(title, interface_url(page) if page else None, status, expired_on)
        )
    return gaps


def audience_refusal(*, user, course: CoursePage) -> str | None:
    """Why ``user`` is outside the course's audience, or None."""
    if course.audience_section and user.section != course.audience_section:
        return _("This course is for the %(section)s only.") % {
            "section": course.get_audience_section_display()
        }
    organisation_ids = {o.pk for o in course.audience_organisations.all()}
    if organisation_ids and user.organisation_id not in organisation_ids:
        return _("This course is only for volunteers of particular organisations.")
    return None

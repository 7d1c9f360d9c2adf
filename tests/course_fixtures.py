from dataclasses import dataclass

import pytest
from django.conf import settings
from wagtail.models import Locale, Site

from courses.models import CourseIndexPage, CoursePage, LessonPage


@dataclass
class CourseTree:
    catalogue: CourseIndexPage
    course: CoursePage
    lessons: list[LessonPage]


def publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def locales(db):
    return {
        code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES
    }


@pytest.fixture
def catalogue(locales):
    home = Site.objects.get(is_default_site=True).root_page
    return publish_child(home, CourseIndexPage(title="الدورات", slug="courses"))


@pytest.fixture
def make_course(catalogue):
    counter = {"n": 0}

    def make(*, lessons=3, optional=(), **fields) -> CourseTree:
        counter["n"] += 1
        fields.setdefault("title", f"دورة {counter['n']}")
        fields.setdefault("slug", f"course-{counter['n']}")
        fields.setdefault("summary", "ملخص الدورة")
        prerequisites = fields.pop("prerequisites", [])
        course = publish_child(catalogue, CoursePage(**fields))
        if prerequisites:
            course.prerequisites.set(prerequisites)
            course.save_revision().publish()
        pages = [
            publish_child(
                course,
                LessonPage(
                    title=f"درس {index + 1}",
                    slug=f"lesson-{index + 1}",
                    is_required=index not in optional,
                    body=[("text", f"<p>الدرس {index + 1}</p>")],
                ),
            )
            for index in range(lessons)
        ]
        return CourseTree(catalogue, course, pages)

    return make


@pytest.fixture
def course(make_course):
    return make_course()


@pytest.fixture
def completion_announcements():
    """Capture the ``course_completed`` hook calls made during a test."""
    from wagtail import hooks

    calls = []

    def listener(enrolment, completion):
        calls.append(enrolment.pk)

    with hooks.register_temporarily("course_completed", listener):
        yield calls

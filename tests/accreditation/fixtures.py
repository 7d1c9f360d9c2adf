from decimal import Decimal

import pytest

from courses.services import enrolment_create, lesson_complete
from tests.factories import CourseAccreditationFactory


@pytest.fixture
def accredited(make_course, office_staff):
    """A three-lesson course the office accredited at 5 hours (after an earlier 4)."""
    tree = make_course(title="الإسعافات الأولية للمتطوعين", validity_months=24)
    for hours in ("4", "5"):
        CourseAccreditationFactory(
            course_key=tree.course.translation_key,
            credit_hours=Decimal(hours),
            accredited_by=office_staff,
        )
    return tree


@pytest.fixture
def complete_course(django_capture_on_commit_callbacks):
    """Enrol ``user`` and complete every lesson, running what is queued on commit (the PDF)."""

    def complete(user, tree):
        with django_capture_on_commit_callbacks(execute=True):
            enrolment = enrolment_create(user=user, course=tree.course)
            for lesson in tree.lessons:
                lesson_complete(user=user, lesson=lesson)
        enrolment.refresh_from_db()
        return enrolment

    return complete

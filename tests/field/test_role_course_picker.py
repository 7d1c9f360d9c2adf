"""The office picks a field role's required course by its title: each course once, not once
per translation (a translation counts for the family anyway)."""

import re

import pytest

from lms.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_requirement_picker_lists_each_course_once(client, course, locales):
    course.course.copy_for_translation(locales["ur"], copy_parents=True)
    client.force_login(UserFactory(roles=[Role.OFFICE_STAFF], is_staff=True))
    page = client.get("/admin/snippets/field/fieldrole/add/")
    assert page.status_code == 200
    html = page.content.decode()
    # The blank requirement form (the one the "add" button copies) names the course once.
    options = re.findall(rf'<option value="\d+">{re.escape(course.course.title)}</option>', html)
    assert len(options) >= 1
    values = set(
        re.findall(rf'<option value="(\d+)">{re.escape(course.course.title)}</option>', html)
    )
    assert values == {str(course.course.pk)}

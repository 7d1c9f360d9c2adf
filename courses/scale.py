"""Scale data for the course benchmarks: one course with 10 enrolled volunteers and one
with every scale volunteer (10,000 by default), each with five lessons."""

from django.db import transaction
from wagtail.models import Site

from courses.demo import child_page
from courses.models import CourseIndexPage, CoursePage, Enrolment, LessonPage
from lms.models import User

SIZES = {"bench-course-10": 10, "bench-course-all": None}


@transaction.atomic
def generate(*, volunteers: int) -> None:
    home = Site.objects.get(is_default_site=True).root_page
    catalogue = child_page(home, CourseIndexPage, "bench-courses", title="Bench courses")
    people = User.objects.filter(email__endswith="@scale.manara.test").order_by("pk")
    for slug, size in SIZES.items():
        course = child_page(catalogue, CoursePage, slug, title=slug, summary="bench")
        for index in range(5):
            child_page(course, LessonPage, f"lesson-{index}", title=f"Lesson {index}")
        chosen = people[: size or volunteers].values_list("pk", flat=True)
        have = set(
            Enrolment.objects.filter(course_key=course.translation_key).values_list(
                "user_id", flat=True
            )
        )
        Enrolment.objects.bulk_create(
            [
                Enrolment(user_id=pk, course=course, course_key=course.translation_key)
                for pk in chosen
                if pk not in have
            ],
            batch_size=2000,
        )

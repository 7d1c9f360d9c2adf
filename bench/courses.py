"""Course page, lesson page, catalogue and dashboard with 10 and 10,000 enrolled volunteers."""

from django.test import Client

from bench.registry import Figure, benchmark
from bench.timing import median_ms, query_count
from courses.models import CoursePage, Enrolment, LessonPage

# As ../shared/peer-bench measures the peer's pages: 50 warm-up requests, then 500 timed.
PEER = {"warmup": 50, "repeat": 500}


def _client_for(course: CoursePage) -> Client:
    enrolment = Enrolment.objects.filter(course_key=course.translation_key).order_by("pk").first()
    client = Client()
    client.force_login(enrolment.user)
    return client


def _get(client: Client, url: str):
    def request():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return request


@benchmark("course_pages")
def course_pages() -> list[Figure]:
    figures = []
    large = CoursePage.objects.get(slug="bench-course-all")
    small = CoursePage.objects.get(slug="bench-course-10")
    for course, label in ((small, "10"), (large, "10000")):
        enrolled = Enrolment.objects.filter(course_key=course.translation_key).count()
        client = _client_for(course)
        request = _get(client, course.url)
        context = {"enrolled": enrolled}
        figures.append(Figure(f"course_page_ms_{label}", median_ms(request, **PEER), "ms", context))
        figures.append(
            Figure(f"course_page_queries_{label}", query_count(request), "queries", context)
        )
    client = _client_for(large)
    lesson = LessonPage.objects.child_of(large).order_by("path")[1]
    enrolled = Enrolment.objects.filter(course_key=large.translation_key).count()
    context = {"enrolled": enrolled}
    pages = (
        ("lesson_page", lesson.url),
        ("dashboard", "/ar/learning/"),
        ("catalogue_page", large.get_parent().url),
    )
    for name, url in pages:
        request = _get(client, url)
        figures.append(Figure(f"{name}_ms_10000", median_ms(request, **PEER), "ms", context))
        figures.append(Figure(f"{name}_queries_10000", query_count(request), "queries", context))
    return figures

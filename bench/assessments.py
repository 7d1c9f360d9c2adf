"""xAPI statements stored per second and queries per statement; quiz submission latency
with 10,000 earlier attempts at the same quiz.

The bench course has 20 lessons; its tenth holds an H5P activity and a quiz. Statements go
through the whole stack (Django test client: session, the CSRF token of the lesson page
checked as in a browser, JSON endpoint),
one learner after another, so the figure includes authentication and enrolment checks.
"""

import json
import statistics
import time
import uuid
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from assessments import quizzes
from assessments.activity import activity_from_token, activity_token
from assessments.models import (
    Choice,
    H5PPackage,
    Question,
    QuestionBank,
    QuestionKind,
    QuizAttempt,
)
from assessments.services import package_create, statement_record
from bench.registry import Figure, benchmark
from courses.demo import child_page
from courses.models import CourseIndexPage, CoursePage, Enrolment, LessonPage
from lms.models import User

LESSONS = 20
LEARNERS = 200
PRIOR_ATTEMPTS = 10_000


def _package() -> H5PPackage:
    package = H5PPackage.objects.filter(title="Bench H5P").first()
    if package is not None:
        return package
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    files = {
        "h5p.json": json.dumps(
            {
                "title": "Bench H5P",
                "language": "ar",
                "mainLibrary": "H5P.B",
                "embedTypes": ["div"],
                "preloadedDependencies": [
                    {"machineName": "H5P.B", "majorVersion": 1, "minorVersion": 0}
                ],
            }
        ),
        "content/content.json": "{}",
        "H5P.B-1.0/library.json": json.dumps(
            {
                "title": "B",
                "machineName": "H5P.B",
                "majorVersion": 1,
                "minorVersion": 0,
                "patchVersion": 0,
                "runnable": 1,
                "preloadedJs": [{"path": "b.js"}],
            }
        ),
        "H5P.B-1.0/b.js": "var H5P = H5P || {};",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    upload = SimpleUploadedFile("bench.h5p", buffer.getvalue())
    return package_create(upload=upload, uploaded_by=None)


def _bank() -> QuestionBank:
    bank = QuestionBank.objects.filter(title="Bench bank").first()
    if bank is not None:
        return bank
    bank = QuestionBank.objects.create(title="Bench bank")
    for index in range(10):
        question = Question.objects.create(
            bank=bank, kind=QuestionKind.SINGLE, text=f"Q{index}", sort_order=index
        )
        for order in range(4):
            Choice.objects.create(
                question=question, text=f"C{order}", is_correct=order == 0, sort_order=order
            )
    return bank


def _setup():
    home = Site.objects.get(is_default_site=True).root_page
    catalogue = child_page(home, CourseIndexPage, "bench-courses", title="Bench courses")
    course = child_page(catalogue, CoursePage, "bench-assessments", title="Bench", summary="b")
    lessons = [
        child_page(course, LessonPage, f"lesson-{index}", title=f"Lesson {index}")
        for index in range(LESSONS)
    ]
    lesson = lessons[LESSONS // 2]
    if not any(block.block_type == "quiz" for block in lesson.body):
        lesson.body = [
            ("h5p", {"package": _package(), "required": True, "pass_mark": 100, "policy": "best"}),
            (
                "quiz",
                {
                    "bank": _bank(),
                    "draw": 5,
                    "pass_mark": 80,
                    "max_attempts": 0,
                    "cooldown_minutes": 0,
                    "time_limit_minutes": 0,
                    "feedback": "wrong",
                    "required": True,
                },
            ),
        ]
        lesson.save_revision().publish()
        lesson.refresh_from_db()
    people = list(User.objects.filter(email__endswith="@scale.manara.test").order_by("pk"))
    have = set(
        Enrolment.objects.filter(course_key=course.translation_key).values_list(
            "user_id", flat=True
        )
    )
    Enrolment.objects.bulk_create(
        [
            Enrolment(user=p, course=course, course_key=course.translation_key)
            for p in people[:LEARNERS]
            if p.pk not in have
        ]
    )
    return lesson, people


def _statement(raw: int) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
        "object": {"id": "http://bench/h5p"},
        "result": {
            "score": {"raw": raw, "max": 1, "min": 0},
            "success": raw == 1,
            "completion": True,
        },
    }


@benchmark("xapi")
def xapi() -> list[Figure]:
    lesson, people = _setup()
    h5p = lesson.body[0]
    package = h5p.value["package"]
    learners = people[:LEARNERS]
    url = reverse("h5p_xapi")
    clients = []
    for person in learners[:50]:
        # As a browser: the session cookie, and the CSRF token the lesson page handed out.
        client = Client(enforce_csrf_checks=True)
        client.force_login(person)
        assert client.get(lesson.url).status_code == 200
        client.defaults["HTTP_X_CSRFTOKEN"] = client.cookies["csrftoken"].value
        token = activity_token(
            user=person, lesson=lesson, block_id=h5p.id, package=package, value=h5p.value
        )
        clients.append((client, token))
    # Failed answers only: a pass would complete the lesson, which is the courses' cost.
    count = 0
    started = time.perf_counter()
    for _round in range(10):
        for client, token in clients:
            body = json.dumps({"activity": token, "statement": _statement(0)})
            response = client.post(url, body, content_type="application/json")
            assert response.status_code == 200, response.content
            count += 1
    per_second = count / (time.perf_counter() - started)
    person = learners[0]
    activity = activity_from_token(
        activity_token(
            user=person, lesson=lesson, block_id=h5p.id, package=package, value=h5p.value
        )
    )
    with CaptureQueriesContext(connection) as captured:
        statement_record(user=person, activity=activity, statement=_statement(0))
    client, token = clients[0]
    with CaptureQueriesContext(connection) as over_http:
        client.post(
            url,
            json.dumps({"activity": token, "statement": _statement(0)}),
            content_type="application/json",
        )
    context = {"lessons_in_course": LESSONS, "statements": count}
    return [
        Figure("xapi_statements_per_s", per_second, "statements/s", context),
        Figure("xapi_queries_per_statement", len(captured.captured_queries), "queries", context),
        Figure(
            "xapi_queries_per_request",
            len(over_http.captured_queries),
            "queries",
            {**context, "includes": "session and user"},
        ),
    ]


@benchmark("quiz_submit")
def quiz_submit() -> list[Figure]:
    lesson, people = _setup()
    quiz = lesson.body[1]
    existing = QuizAttempt.objects.filter(lesson_key=lesson.translation_key).count()
    if existing < PRIOR_ATTEMPTS:
        now = timezone.now()
        questions = quiz.value["bank"].questions.prefetch_related("choices")[:5]
        layout = [{"question": q.pk, "choices": [c.pk for c in q.choices.all()]} for q in questions]
        learners = people[:LEARNERS]
        QuizAttempt.objects.bulk_create(
            [
                QuizAttempt(
                    user=learners[index % len(learners)],
                    bank=quiz.value["bank"],
                    lesson_id=lesson.pk,
                    lesson_key=lesson.translation_key,
                    block_id=quiz.id,
                    started_at=now - timedelta(minutes=index + 5),
                    submitted_at=now - timedelta(minutes=index),
                    layout=layout,
                    max_score=5,
                    score=2,
                    percent=40,
                    pass_mark=80,
                    feedback_level="wrong",
                )
                for index in range(PRIOR_ATTEMPTS - existing)
            ],
            batch_size=2000,
        )
    person = people[1]
    samples = []
    for _ in range(30):
        attempt = quizzes.attempt_start(
            user=person, lesson=lesson, block_id=quiz.id, quiz=quiz.value
        )
        wrong = {
            str(entry["question"]): [
                c for c in entry["choices"] if not Choice.objects.get(pk=c).is_correct
            ][:1]
            for entry in attempt.layout
        }
        began = time.perf_counter()
        quizzes.attempt_submit(user=person, attempt_id=attempt.pk, answers=wrong)
        samples.append((time.perf_counter() - began) * 1000)
    prior = QuizAttempt.objects.filter(lesson_key=lesson.translation_key).count()
    return [
        Figure("quiz_submit_ms_10000", statistics.median(samples), "ms", {"prior_attempts": prior}),
    ]


@benchmark("h5p_storage")
def h5p_storage_figures() -> list[Figure]:
    """Bytes the real H5P packages of ../shared/fixtures/h5p take in the package storage,
    each keeping its own copy of every library (the old layout: what the packages unpack
    to) and with libraries shared (what is stored now). Archives as uploaded are kept in
    both layouts and counted apart. Runs in a throw-away folder and transaction."""
    import os
    import tempfile
    from pathlib import Path

    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from assessments import storage as package_storage
    from assessments.models import H5PLibrary

    shared = Path(os.environ.get("MANARA_SHARED_DIR") or Path(settings.BASE_DIR).parent / "shared")
    fixtures = shared / "fixtures" / "h5p"
    paths = sorted((fixtures / "real").glob("*.h5p")) + sorted((fixtures / "hostile").glob("*.h5p"))
    if not paths:
        return []

    def stored(root: Path, folder: str) -> int:
        return sum(p.stat().st_size for p in (root / folder).rglob("*") if p.is_file())

    class Rollback(Exception):
        pass

    figures: list[Figure] = []
    original_media_root = settings.MEDIA_ROOT
    with tempfile.TemporaryDirectory() as folder:
        settings.MEDIA_ROOT = str(Path(folder) / "media")
        package_storage._fallback.cache_clear()
        root = Path(folder) / "smedia" / "h5p"
        try:
            with transaction.atomic():
                packages = [
                    package_create(
                        upload=SimpleUploadedFile(path.name, path.read_bytes()),
                        uploaded_by=None,
                    )
                    for path in paths
                ]
                own_copies = sum(package.unpacked_bytes for package in packages)
                after = stored(root, "packages") + stored(root, "libraries")
                archives = stored(root, "archives")
                context = {
                    "packages": len(packages),
                    "libraries_bundled": sum(p.libraries.count() for p in packages),
                    "libraries_stored": H5PLibrary.objects.count(),
                    "archives_bytes": archives,
                }
                figures = [
                    Figure("h5p_storage_bytes_own_libraries", own_copies, "bytes", context),
                    Figure("h5p_storage_bytes_shared_libraries", after, "bytes", context),
                    Figure("h5p_storage_shared_ratio", after / own_copies, "ratio", context),
                ]
                raise Rollback
        except Rollback:
            pass
        finally:
            settings.MEDIA_ROOT = original_media_root
            package_storage._fallback.cache_clear()
    return figures

"""The data the load test needs, written in bulk through Django with the production
settings: volunteers with a known password (hashed once: every account shares the hash),
a course of three lessons (text; an H5P activity and a quiz; text) and an hours statement
per volunteer, issued as the office does (one bulk issue) and rendered by the worker."""

import io
import json
import zipfile
from decimal import Decimal

PASSWORD = "season-peak-1448"  # noqa: S105 - the load test's own accounts
DOMAIN = "load.manara.test"


def _package():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assessments.services import package_create

    files = {
        "h5p.json": json.dumps(
            {
                "title": "Season check",
                "language": "ar",
                "mainLibrary": "H5P.Load",
                "embedTypes": ["div"],
                "preloadedDependencies": [
                    {"machineName": "H5P.Load", "majorVersion": 1, "minorVersion": 0}
                ],
            }
        ),
        "content/content.json": "{}",
        "H5P.Load-1.0/library.json": json.dumps(
            {
                "title": "Load",
                "machineName": "H5P.Load",
                "majorVersion": 1,
                "minorVersion": 0,
                "patchVersion": 0,
                "runnable": 1,
                "preloadedJs": [{"path": "load.js"}],
            }
        ),
        "H5P.Load-1.0/load.js": "var H5P = H5P || {};",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return package_create(
        upload=SimpleUploadedFile("season.h5p", buffer.getvalue()), uploaded_by=None
    )


def _bank():
    from assessments.models import Choice, Question, QuestionBank, QuestionKind

    bank = QuestionBank.objects.create(title="Season check")
    for index in range(8):
        question = Question.objects.create(
            bank=bank, kind=QuestionKind.SINGLE, text=f"سؤال {index + 1}", sort_order=index
        )
        for n in range(4):
            Choice.objects.create(
                question=question, text=f"جواب {n + 1}", is_correct=n == 0, sort_order=n
            )
    return bank


def _course():
    from wagtail.models import Locale

    from courses.demo import child_page
    from courses.models import CourseIndexPage, CoursePage, LessonPage

    arabic = Locale.objects.get(language_code="ar")
    catalogue = CourseIndexPage.objects.filter(locale=arabic).live().first()
    course = child_page(
        catalogue,
        CoursePage,
        "season-readiness",
        title="الاستعداد للموسم",
        summary="ما يحتاجه المتطوع قبل موسم الحج",
        estimated_effort_hours=1,
        proposed_credit_hours=1,
    )
    text = "<p>" + "يرشد المتطوع الحاج إلى باب السلام بهدوء ويجيب عن سؤاله. " * 40 + "</p>"
    lessons = [
        child_page(course, LessonPage, "welcome", title="الترحيب", body=[("text", text)]),
        child_page(
            course,
            LessonPage,
            "check",
            title="تحقق من فهمك",
            body=[
                ("text", text),
                (
                    "h5p",
                    {"package": _package(), "required": False, "pass_mark": 50, "policy": "best"},
                ),
                (
                    "quiz",
                    {
                        "bank": _bank(),
                        "draw": 5,
                        "pass_mark": 60,
                        "max_attempts": 0,
                        "cooldown_minutes": 0,
                        "time_limit_minutes": 0,
                        "feedback": "wrong",
                        "required": False,
                    },
                ),
            ],
        ),
        child_page(course, LessonPage, "on-duty", title="في الخدمة", body=[("text", text)]),
    ]
    lessons = [LessonPage.objects.get(pk=lesson.pk) for lesson in lessons]
    return catalogue, course, lessons


def seed(*, volunteers: int, staff_email: str) -> dict:
    """Write everything and return the plan the simulated volunteers follow (JSON-able)."""
    from django.contrib.auth.hashers import make_password

    from accreditation.actions import BulkIssueStatements
    from accreditation.models import HoursEntry, ServiceCategory
    from lms.models import Organisation, Section, User
    from tests.factories import HoursEntryFactory

    catalogue, course, lessons = _course()
    organisation = Organisation.objects.create(
        slug="season-peak", name_ar="جمعية الموسم", name_en="Season peak society"
    )
    password = make_password(PASSWORD)
    User.objects.bulk_create(
        (
            User(
                email=f"volunteer{n}@{DOMAIN}",
                password=password,
                first_name="Season",
                last_name=f"Volunteer {n}",
                name_ar=f"متطوع الموسم {n}",
                organisation=organisation,
                section=Section.MEN,
                preferred_language="ar",
            )
            for n in range(volunteers)
        ),
        batch_size=1000,
    )
    people = list(User.objects.filter(organisation=organisation).order_by("pk"))
    category = ServiceCategory.objects.filter(slug="training").first()
    HoursEntry.objects.bulk_create(
        (
            HoursEntryFactory.build(
                approved=True,
                volunteer=person,
                hours=Decimal("6"),
                category=category,
                hourly_value_sar=Decimal("15"),
                season=1448,
                organisation=organisation,
                description="Guiding pilgrims at Bab al-Salam",
            )
            for person in people
        ),
        batch_size=1000,
    )
    staff = User.objects.get(email=staff_email)
    batch = BulkIssueStatements(user=staff, organisation=organisation).execute()
    return {
        "batch": batch.pk,
        "password": PASSWORD,
        "catalogue": catalogue.url,
        "course": course.url,
        "course_id": course.pk,
        "lessons": [{"id": lesson.pk, "url": lesson.url} for lesson in lessons],
        "volunteers": [person.email for person in people],
    }


def certificate_codes(*, batch: int) -> dict[str, str]:
    from certificates.models import Certificate

    return dict(Certificate.objects.filter(batch_id=batch).values_list("holder__email", "code"))

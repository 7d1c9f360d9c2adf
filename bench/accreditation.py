"""Certificates rendered per second, and the office's hours report over a million entries."""

import time
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from bench.registry import Figure, benchmark
from bench.timing import median_ms, query_count

LEDGER_SIZE = 1_000_000
LANGUAGES = ("ar", "ur", "en", "ha", "tr", "ms")


@benchmark("certificates")
def certificates() -> list[Figure]:
    """Render course certificates for different holders in turn through the six languages,
    on one process, as a worker does (fonts registered once, as in a worker)."""
    from certificates.content import certificate_pdf
    from certificates.models import Certificate
    from certificates.signing import new_code

    def certificate(n: int) -> Certificate:
        language = LANGUAGES[n % len(LANGUAGES)]
        return Certificate(
            code=new_code(),
            kind="course",
            holder_id=n,
            language=language,
            payload={
                "holder": {"name_ar": f"عبدالله {n} الحربي", "name_latin": f"Abdullah {n} Harbi"},
                "course": {
                    "key": "k",
                    "titles": {
                        "ar": "الإسعافات الأولية للمتطوعين",
                        "en": "First aid for volunteers",
                    },
                },
                "completed_on": "2026-11-27",
                "hours": "5",
            },
            issued_at=timezone.now(),
            expires_at=timezone.now() + timezone.timedelta(days=730),
        )

    certificate_pdf(certificate(0))  # register fonts, as a running worker already has
    batch = [certificate(n) for n in range(1, 301)]
    started = time.perf_counter()
    sizes = [len(certificate_pdf(c)) for c in batch]
    elapsed = time.perf_counter() - started
    context = {"certificates": len(batch), "mean_pdf_bytes": sum(sizes) // len(sizes)}
    return [Figure("certificates_per_s", len(batch) / elapsed, "per_s", context)]


def ensure_ledger(size: int) -> int:
    """Top the ledger up to ``size`` approved entries in one INSERT ... SELECT, spread over the
    scale data's volunteers, ten categories, organisations and nine seasons."""
    from accreditation.models import HoursEntry, HoursTotal, ServiceCategory
    from accreditation.services import hours_totals_rebuild
    from lms.models import Organisation, User

    have = HoursEntry.objects.count()
    if have >= size:
        if not HoursTotal.objects.exists():
            hours_totals_rebuild()
        return have
    if ServiceCategory.objects.count() < 2:
        from accreditation.demo import load_service_categories

        load_service_categories()
    volunteers = list(User.objects.order_by("pk").values_list("pk", flat=True)[:10_000])
    categories = list(ServiceCategory.objects.values_list("pk", flat=True))
    organisations = list(Organisation.objects.values_list("pk", flat=True)) or [None]
    missing = size - have
    table = HoursEntry._meta.db_table
    if connection.vendor == "postgresql":
        series = f"SELECT g FROM generate_series(1, {missing}) AS g"  # noqa: S608 (an int)
    else:
        recursion = "WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < {})"
        series = recursion.format(missing) + " SELECT g FROM s"  # noqa: S608 (an int)
    volunteer_list = ",".join(map(str, volunteers))
    category_list = ",".join(map(str, categories))
    organisation_list = ",".join("NULL" if o is None else str(o) for o in organisations)
    pick = "(ARRAY[{}])[1 + (g % {})]" if connection.vendor == "postgresql" else None
    if pick:
        volunteer = pick.format(volunteer_list, len(volunteers))
        category = pick.format(category_list, len(categories))
        organisation = pick.format(organisation_list, len(organisations))
    else:  # SQLite has no arrays: a JSON array does the same job.
        volunteer = f"json_extract('[{volunteer_list}]', '$[' || (g % {len(volunteers)}) || ']')"
        category = f"json_extract('[{category_list}]', '$[' || (g % {len(categories)}) || ']')"
        organisation = (
            f"json_extract('[{organisation_list.replace('NULL', 'null')}]', "
            f"'$[' || (g % {len(organisations)}) || ']')"
        )
    section = "CASE WHEN g % 2 = 0 THEN 'men' ELSE 'women' END"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (volunteer_id, kind, hours, category_id, hourly_value_sar, "  # noqa: S608
            "served_on, season, organisation_id, section, source, description, status, "
            "reason, created_at, decision_reason) "
            f"SELECT {volunteer}, 'field', 1 + (g % 8), {category}, 15 + (g % 5) * 10, "
            f"'2026-06-01', 1440 + (g % 9), {organisation}, {section}, 'manual', '', "
            f"CASE WHEN g % 10 = 0 THEN 'pending' ELSE 'approved' END, '', "
            f"CURRENT_TIMESTAMP, '' FROM ({series}) AS numbers"
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")
    hours_totals_rebuild()  # loaded past the services, which keep the totals as they write
    return HoursEntry.objects.count()


@benchmark("hours_report")
def hours_report() -> list[Figure]:
    from accreditation.selectors import hours_report as report

    entries = ensure_ledger(LEDGER_SIZE)
    figures = []
    context = {"ledger_entries": entries}
    for group_by in ("category", "organisation", "season"):

        def run(group_by=group_by):
            return report(group_by=group_by)

        name = "hours_report_ms_1m" if group_by == "category" else f"hours_report_{group_by}_ms_1m"
        figures.append(Figure(name, median_ms(run, repeat=7, warmup=1), "ms", context))
    figures.append(
        Figure(
            "hours_report_queries",
            query_count(lambda: report(group_by="category")),
            "queries",
            context,
        )
    )
    season = median_ms(lambda: report(group_by="category", season=1448), repeat=7, warmup=1)
    figures.append(Figure("hours_report_one_season_ms_1m", season, "ms", context))
    return figures


def _qualify(role, people: list[int]) -> None:
    """Make ``people`` meet every requirement of the bench role (once): both courses
    completed (one without an expiry, one expiring next year), the article acknowledged at
    its current version and six approved field hours."""
    from datetime import timedelta

    from courses.models import CourseCompletion

    courses = [r.course for r in role.requirements.select_related("course") if r.course]
    if CourseCompletion.objects.filter(
        user_id=people[-1], course_key__in=[c.translation_key for c in courses]
    ).count() == len(courses):
        return
    now = timezone.now()
    for index, course in enumerate(courses):
        _complete(
            course,
            people,
            lambda n, index=index: (
                now - timedelta(days=30 + n % 300, minutes=n),
                now + timedelta(days=365) if index else None,
            ),
        )
    _acknowledge(role, people)
    _field_hours(people, Decimal("6"))


def _fall_short(role, people: list[int]) -> None:
    """Give ``people`` histories that fall short of the bench role (once), each worded in its
    findings: the last course completed a year or two ago and expired since (on some 400
    different days), the first never completed, the article acknowledged by every other one,
    and two approved field hours of the four asked."""
    from datetime import timedelta

    from courses.models import CourseCompletion

    courses = [r.course for r in role.requirements.select_related("course").order_by("pk")]
    expired = [course for course in courses if course][-1]
    if CourseCompletion.objects.filter(
        user_id=people[-1], course_key=expired.translation_key
    ).exists():
        return
    now = timezone.now()

    def when(n):
        completed_at = now - timedelta(days=400 + n % 400, minutes=n)
        return completed_at, completed_at + timedelta(days=365)

    _complete(expired, people, when)
    _acknowledge(role, people[::2])
    _field_hours(people, Decimal("2"))


def _complete(course, people: list[int], when) -> None:
    """One completion of ``course`` for each of ``people`` (enrolled where they are not):
    ``when(n)`` gives the n-th one's (completed_at, expires_at)."""
    from courses.models import CourseCompletion, Enrolment

    have = set(
        Enrolment.objects.filter(course_key=course.translation_key, user_id__in=people).values_list(
            "user_id", flat=True
        )
    )
    Enrolment.objects.bulk_create(
        [
            Enrolment(user_id=pk, course=course, course_key=course.translation_key)
            for pk in people
            if pk not in have
        ],
        batch_size=2000,
    )
    enrolments = dict(
        Enrolment.objects.filter(course_key=course.translation_key, user_id__in=people).values_list(
            "user_id", "pk"
        )
    )
    CourseCompletion.objects.bulk_create(
        [
            CourseCompletion(
                enrolment_id=enrolments[pk],
                user_id=pk,
                course_key=course.translation_key,
                completed_at=when(n)[0],
                expires_at=when(n)[1],
            )
            for n, pk in enumerate(people)
        ],
        batch_size=2000,
    )


def _acknowledge(role, people: list[int]) -> None:
    """``people`` acknowledge the role's articles at their current version."""
    from knowledge_base.models import Acknowledgement
    from knowledge_base.selectors import current_versions

    for requirement in role.requirements.select_related("article"):
        if requirement.article:
            key = requirement.article.translation_key
            version = current_versions([key])[key]
            Acknowledgement.objects.bulk_create(
                [Acknowledgement(user_id=pk, article_key=key, version=version) for pk in people],
                batch_size=2000,
                ignore_conflicts=True,
            )


def _field_hours(people: list[int], hours: Decimal) -> None:
    """One approved field-hours entry of ``hours`` for each of ``people``."""
    from accreditation.models import HoursEntry, ServiceCategory
    from lms.models import User
    from tests.factories import HoursEntryFactory

    if not ServiceCategory.objects.exists():
        from accreditation.demo import load_service_categories

        load_service_categories()
    category = ServiceCategory.objects.order_by("pk").first()
    HoursEntry.objects.bulk_create(
        [
            HoursEntryFactory.build(
                approved=True,
                volunteer=person,
                kind=HoursEntry.Kind.FIELD,
                hours=hours,
                category=category,
                hourly_value_sar=Decimal("15"),
                season=1448,
                description="Guiding pilgrims at Bab al-Salam",
            )
            for person in User.objects.filter(pk__in=people).select_related("organisation")
        ],
        batch_size=2000,
    )


@benchmark("roster_check")
def roster_check() -> list[Figure]:
    """Check 10,000 volunteers against a role with four requirements: two courses, one
    acknowledged article and a minimum of approved field hours; half of them meet all, the
    other half have a history that falls short (an expired course, too few hours)."""
    from accreditation.models import ServiceCategory
    from courses.models import CoursePage
    from field.eligibility import evaluate
    from field.models import FieldRole, RoleRequirement
    from knowledge_base.models import ArticlePage
    from lms.models import User

    role = FieldRole.objects.filter(name_en="Bench role").first()
    if role is None:
        category = ServiceCategory.objects.order_by("pk").first()
        role = FieldRole.objects.create(
            name_ar="دور القياس",
            name_en="Bench role",
            category=category,
            minimum_field_hours=Decimal("4"),
        )
        for course in CoursePage.objects.filter(slug__in=["bench-course-all", "bench-course-10"]):
            RoleRequirement.objects.create(role=role, kind="course", course=course)
        article = ArticlePage.objects.order_by("pk").first()
        if article is not None:
            RoleRequirement.objects.create(role=role, kind="article", article=article)
    first = list(User.objects.order_by("pk").values_list("pk", flat=True)[:10_000])
    _qualify(role, first[::2])  # half the roster meets every requirement
    _fall_short(role, first[1::2])  # the other half falls short, in different ways
    # A roster as a subquery, as the roster page passes it (a deployment's assignments).
    volunteers = User.objects.filter(pk__gte=first[0], pk__lte=first[-1]).values("pk")
    context = {"volunteers": volunteers.count(), "requirements": role.requirements.count() + 1}

    def check():
        return evaluate(role=role, volunteer_ids=volunteers)

    answers = check()
    context["eligible"] = sum(answer.eligible for answer in answers.values())
    return [
        Figure("roster_check_ms_10000", median_ms(check, repeat=5, warmup=1), "ms", context),
        Figure("roster_check_queries_10000", query_count(check), "queries", context),
    ]

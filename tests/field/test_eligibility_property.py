"""Eligibility against a model: random rosters (completions of either translation of a course
at any moment, with or without an expiry and retaken; acknowledgements of old and current
versions; approved, pending and rejected hours, their corrections and corrections of those)
checked against random roles (courses with and without a validity of their own,
alternatives, articles, conditions) give exactly the findings a plain, volunteer-by-volunteer
reading of the rules gives, whether the roster is a list or a subquery, in any time zone, in
two queries."""

import datetime
from dataclasses import astuple
from datetime import timedelta
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accreditation.models import HoursEntry
from accreditation.selectors import hours_text
from courses.models import CourseCompletion, CoursePage, Enrolment
from field.eligibility import EXPIRED, EXPIRING, MET, MISSING, RANK, Finding, evaluate
from field.models import FieldRole, RoleRequirement
from knowledge_base.models import Acknowledgement, ArticlePage
from lms.models import User, age_on
from tests.factories import HoursEntryFactory, ServiceCategoryFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 27)
MIDNIGHT = datetime.datetime(2026, 11, 27, tzinfo=datetime.UTC)  # TODAY began, in UTC


@pytest.fixture
def world(make_course, make_article, locales):
    """Two courses and two articles, the first of each also in Urdu: what roles require."""
    first_aid = make_course(title="الإسعافات الأولية", slug="first-aid", lessons=0).course
    crowds = make_course(title="إدارة الحشود", slug="crowds", lessons=0).course
    first_aid_ur = first_aid.copy_for_translation(locales["ur"], copy_parents=True)
    first_aid_ur.title = "ابتدائی طبی امداد"
    first_aid_ur.save_revision().publish()
    first_aid_ur = CoursePage.objects.get(pk=first_aid_ur.pk)
    conduct = make_article(title="ميثاق المتطوع", requires_acknowledgement=True)
    visiting = make_article(title="آداب الزيارة", requires_acknowledgement=True)
    conduct_ur = conduct.copy_for_translation(locales["ur"], copy_parents=True)
    conduct_ur.save_revision().publish()
    conduct_ur = ArticlePage.objects.get(pk=conduct_ur.pk)
    return {
        # What a requirement may name: either translation of the first course and article.
        "pages": [first_aid, first_aid_ur, crowds, conduct, conduct_ur, visiting],
        "courses": [[first_aid, first_aid_ur], [crowds]],
        "articles": [[conduct, conduct_ur], [visiting]],
        "category": ServiceCategoryFactory(),
    }


# What the examples are made of ----------------------------------------------------------

# Times of day in UTC, often a minute either side of midnight in one of the time zones
# (Madinah UTC+3, New York UTC-5, Kiritimati UTC+14), where the day of a moment turns.
TIME_OF_DAY = st.sampled_from([0, 239, 240, 299, 300, 599, 600, 1259, 1260, 1439]) | st.integers(
    0, 1439
)


def moments(days):
    """Moments ``days`` days from the start of TODAY (UTC), at a time of day."""
    return st.builds(
        lambda day, minute: MIDNIGHT + timedelta(days=day, minutes=minute), days, TIME_OF_DAY
    )


# Completions a month, a year or two years before today, where a role's own validity ends
# on TODAY; expiries around today and the deployment's end (UNTIL), as well as far off.
COMPLETED = moments(st.sampled_from([-31, -30, -366, -365, -731, -730]) | st.integers(-1500, 60))
EXPIRES = moments(st.sampled_from([-1, 0, 1]) | st.integers(-3, 50) | st.integers(-400, 1000))
COMPLETION = st.tuples(
    st.integers(0, 1),  # which course
    st.integers(0, 1),  # which translation (where there is one)
    COMPLETED,
    st.none() | EXPIRES,
)
HOURS = st.sampled_from(["0.1", "0.25", "0.7", "1", "1.1", "2.2", "3.3", "6"])
ENTRY = st.tuples(
    st.sampled_from(["field", "training", "adjustment"]),
    st.sampled_from(["approved", "pending", "rejected"]),
    HOURS,
    # Corrections: none, one (reversed), or a reversed reversal; each with its status.
    st.lists(st.sampled_from(["approved", "pending", "rejected"]), max_size=2),
)
VOLUNTEER = st.fixed_dictionaries(
    {
        "section": st.sampled_from(["men", "women"]),
        "born": st.none() | st.dates(datetime.date(2006, 11, 1), datetime.date(2009, 1, 1)),
        "languages": st.sampled_from([[], ["ar"], ["ar", "ur"]]),
        "completions": st.lists(COMPLETION, max_size=5, unique_by=lambda c: (c[0], c[2])),
        "acknowledgements": st.lists(
            st.tuples(st.integers(0, 1), st.integers(1, 3)), max_size=3, unique=True
        ),
        "hours": st.lists(ENTRY, max_size=4),
    }
)
REQUIREMENT = st.tuples(
    st.integers(0, 5),  # which page (see world["pages"])
    st.none() | st.sampled_from([1, 12, 24]) | st.integers(1, 36),  # own validity (months)
    st.none() | st.integers(1, 2),  # alternatives
)
ROLE = st.fixed_dictionaries(
    {
        "requirements": st.lists(REQUIREMENT, max_size=5),
        "section": st.sampled_from(["", "men"]),
        "minimum_age": st.none() | st.just(18),
        "languages": st.sampled_from([[], ["ur"]]),
        "minimum_field_hours": st.none() | st.sampled_from(["0.8", "1", "3.3", "4", "5.5"]),
        # The current major version of each article page.
        "versions": st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3)),
    }
)
UNTIL = st.none() | (st.integers(0, 50) | st.integers(0, 800)).map(
    lambda days: TODAY + timedelta(days=days)
)
ZONE = st.sampled_from(["Asia/Riyadh", "America/New_York", "Pacific/Kiritimati"])


def build_role(world, spec) -> FieldRole:
    role = FieldRole.objects.create(
        name_ar="دور",
        name_en="Role",
        category=world["category"],
        section=spec["section"],
        minimum_age=spec["minimum_age"],
        languages=spec["languages"],
        minimum_field_hours=Decimal(spec["minimum_field_hours"] or "0"),
    )
    for page_index, validity, alternatives in spec["requirements"]:
        page = world["pages"][page_index]
        course = page if page_index < 3 else None
        RoleRequirement.objects.create(
            role=role,
            kind="course" if course else "article",
            course=course,
            article=None if course else page,
            validity_months=validity if course else None,
            alternatives=alternatives,
        )
    pages = [*world["articles"][0], *world["articles"][1]]
    for page, version in zip(pages, spec["versions"], strict=True):
        ArticlePage.objects.filter(pk=page.pk).update(major_version=version)
    return role


def build_volunteer(world, spec) -> User:
    person = UserFactory(
        section=spec["section"], date_of_birth=spec["born"], spoken_languages=spec["languages"]
    )
    for course_index, translation, completed_at, expires_at in spec["completions"]:
        family = world["courses"][course_index]
        page = family[translation % len(family)]
        enrolment, _new = Enrolment.objects.get_or_create(
            user=person, course_key=page.translation_key, defaults={"course": page}
        )
        CourseCompletion.objects.create(
            enrolment=enrolment,
            user=person,
            course_key=page.translation_key,
            completed_at=completed_at,
            expires_at=expires_at,
        )
    for article_index, version in spec["acknowledgements"]:
        article = world["articles"][article_index][0]
        Acknowledgement.objects.create(
            user=person, article_key=article.translation_key, version=version, article=article
        )
    for kind, status, hours, reversed_ in spec["hours"]:
        entry = HoursEntryFactory(
            volunteer=person,
            kind=kind,
            status=status,
            hours=Decimal(hours),
            category=world["category"],
        )
        for level, reversal_status in enumerate(reversed_):
            # A correction, with its own status; a further one reverses the one before.
            entry = HoursEntryFactory(
                volunteer=person,
                kind=HoursEntry.Kind.ADJUSTMENT,
                status=reversal_status,
                hours=Decimal(hours) * (-1 if level % 2 == 0 else 1),
                category=world["category"],
                reverses=entry,
            )
    return person


# The model: the rules read plainly, one volunteer and one requirement at a time -----------


def expected(role: FieldRole, person: User, on, until) -> list[Finding]:
    findings = []
    if role.section and person.section != role.section:
        findings.append(Finding("section", MISSING, needed=role.section))
    if role.minimum_age:
        age = age_on(person.date_of_birth, on)
        met = age is not None and age >= role.minimum_age
        findings.append(Finding("age", MET if met else MISSING, needed=str(role.minimum_age)))
    if role.languages:
        met = set(role.languages) <= set(person.spoken_languages or [])
        findings.append(
            Finding("languages", MET if met else MISSING, needed=",".join(role.languages))
        )
    if role.minimum_field_hours:
        # Approved entries whose chain of corrections starts at a field entry, as they are.
        approved = HoursEntry.objects.filter(volunteer=person, status="approved")
        total = sum((e.hours for e in approved if first_of_chain(e).kind == "field"), Decimal(0))
        met = total >= role.minimum_field_hours
        needed = hours_text(role.minimum_field_hours)
        findings.append(Finding("field_hours", MET if met else MISSING, needed=needed))
    groups: dict = {}
    for requirement in role.requirements.order_by("pk"):
        groups.setdefault(requirement.alternatives or ("alone", requirement.pk), []).append(
            requirement
        )
    for members in groups.values():
        candidates = [requirement_finding(r, person, on, until) for r in members]
        met = [finding for finding in candidates if finding.status == MET]
        if met:
            findings.append(met[0])
            continue
        best = min(candidates, key=lambda finding: RANK[finding.status])
        findings.extend([best] if best.status == EXPIRING else candidates)
    return findings


def first_of_chain(entry: HoursEntry) -> HoursEntry:
    while entry.reverses_id is not None:
        entry = HoursEntry.objects.get(pk=entry.reverses_id)
    return entry


def requirement_finding(requirement, person, on, until) -> Finding:
    if requirement.article:
        article = requirement.article
        current = max(
            ArticlePage.objects.filter(translation_key=article.translation_key).values_list(
                "major_version", flat=True
            )
        )
        done = Acknowledgement.objects.filter(
            user=person, article_key=article.translation_key, version__gte=current
        ).exists()
        return Finding("article", MET if done else MISSING, article.title)
    course = requirement.course
    key = str(course.translation_key)
    latest = (
        CourseCompletion.objects.filter(user=person, course_key=course.translation_key)
        .order_by("-completed_at")
        .first()
    )
    if latest is None:
        return Finding("course", MISSING, course.title, key=key)
    if requirement.validity_months:
        expiry = timezone.localdate(latest.completed_at) + relativedelta(
            months=requirement.validity_months
        )
    else:
        expiry = timezone.localdate(latest.expires_at) if latest.expires_at else None
    if expiry is not None and expiry <= on:
        return Finding("course", EXPIRED, course.title, expiry, key=key)
    if expiry is not None and until is not None and expiry <= until:
        return Finding("course", EXPIRING, course.title, expiry, key=key)
    return Finding("course", MET, course.title, expiry, key=key)


def described(findings) -> list[tuple]:
    """Every field of each finding, its course key too (which equality leaves out)."""
    return [astuple(finding) for finding in findings]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(role_spec=ROLE, people=st.lists(VOLUNTEER, min_size=1, max_size=4), until=UNTIL, zone=ZONE)
def test_evaluate_finds_what_the_rules_read_plainly_find(world, role_spec, people, until, zone):
    with transaction.atomic(), timezone.override(zone):
        role = build_role(world, role_spec)
        volunteers = [build_volunteer(world, spec) for spec in people]
        ids = [person.pk for person in volunteers]
        with CaptureQueriesContext(connection) as listed:
            answers = evaluate(role=role, volunteer_ids=ids, on=TODAY, until=until)
        roster = User.objects.filter(pk__in=ids).values("pk")
        with CaptureQueriesContext(connection) as subquery:
            same = evaluate(role=role, volunteer_ids=roster, on=TODAY, until=until)
        for person in volunteers:
            want = expected(role, person, TODAY, until)
            assert described(answers[person.pk].findings) == described(want)
            assert described(same[person.pk].findings) == described(want)
            assert answers[person.pk].eligible == all(
                f.status not in (MISSING, EXPIRED) for f in want
            )
        assert len(listed.captured_queries) == len(subquery.captured_queries) == 2
        transaction.set_rollback(True)

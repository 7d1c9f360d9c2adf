"""Demo data of accreditation: the office's service categories and their hourly values."""

from decimal import Decimal

from accreditation.models import ServiceCategory

FIGURES_1437 = "Office figures for 1437H"
ASSUMED = "Assumption: no published figure; set by analogy with a similar category"

# (slug, Arabic, English, SAR per hour, source)
SERVICE_CATEGORIES = [
    ("guiding-lost-pilgrims", "إرشاد التائهين", "Guiding lost pilgrims", "15", ASSUMED),
    (
        "medical-nursing",
        "الخدمات الطبية: التوعية الصحية والتمريض",
        "Medical services: health awareness and nursing",
        "55",
        FIGURES_1437,
    ),
    (
        "medical-dentistry",
        "الخدمات الطبية: طب الأسنان",
        "Medical services: dentistry",
        "120",
        FIGURES_1437,
    ),
    ("ambulance", "الخدمات الإسعافية", "Ambulance services", "45", FIGURES_1437),
    ("training", "الخدمات التدريبية", "Training services", "55", ASSUMED),
    ("welcoming", "استقبال الحجاج والزوار", "Welcoming pilgrims and visitors", "15", FIGURES_1437),
    ("translation", "الترجمة", "Translation", "40", ASSUMED),
    ("awareness", "التوعية", "Awareness", "20", FIGURES_1437),
    ("engineering", "الخدمات الهندسية", "Engineering services", "60", ASSUMED),
    ("scouting", "الخدمات الكشفية", "Scouting", "10", FIGURES_1437),
]


def load_service_categories() -> int:
    for slug, name_ar, name_en, value, source in SERVICE_CATEGORIES:
        ServiceCategory.objects.update_or_create(
            slug=slug,
            defaults={
                "name_ar": name_ar,
                "name_en": name_en,
                "hourly_value_sar": Decimal(value),
                "value_is_assumption": source == ASSUMED,
                "value_source": source,
            },
        )
    return len(SERVICE_CATEGORIES)


def accredit_demo_courses() -> None:
    """Put the demo catalogue under the office's workflow and accredit its courses, as if
    office staff had accepted them (at hours that differ from the trainers' proposals)."""
    from accreditation.actions import AccreditCourse
    from accreditation.models import CourseAccreditation
    from accreditation.services import catalogue_setup
    from courses.models import CourseIndexPage, CoursePage
    from lms.models import User

    for catalogue in CourseIndexPage.objects.all():
        catalogue_setup(page=catalogue)
    staff = User.objects.get(email="staff.men@demo.manara.sa")
    decided = {"first-aid": Decimal("5"), "guiding-lost-pilgrims": Decimal("3")}
    for course in CoursePage.objects.filter(slug__in=decided, locale__language_code="ar"):
        if not CourseAccreditation.objects.filter(course_key=course.translation_key).exists():
            AccreditCourse(course=course, user=staff, credit_hours=decided[course.slug]).execute()


# Field service the demo volunteers served in earlier seasons, as approved by the office:
# (email, category, hours, Hijri season, date, description)
DEMO_FIELD_SERVICE = [
    (
        "volunteer.men@demo.manara.sa",
        "guiding-lost-pilgrims",
        "24",
        1446,
        "2025-06-02",
        "إرشاد التائهين عند باب السلام",
    ),
    (
        "volunteer.men@demo.manara.sa",
        "welcoming",
        "16",
        1447,
        "2025-09-20",
        "استقبال الزوار في المسجد النبوي",
    ),
    (
        "volunteer.women@demo.manara.sa",
        "medical-nursing",
        "30",
        1447,
        "2025-12-01",
        "التوعية الصحية في مصلى النساء",
    ),
    (
        "volunteer.women@demo.manara.sa",
        "translation",
        "12",
        1448,
        "2026-07-10",
        "الترجمة للزائرات بالأردية",
    ),
]


def load_demo_hours() -> int:
    """Approved field hours for the demo volunteers, so the ledger, the statements and the
    office's report have something to show. Runs once: a second load adds nothing."""
    from accreditation.models import HoursEntry
    from lms.models import User

    if HoursEntry.objects.filter(source=HoursEntry.Source.MANUAL, reason=DEMO_REASON).exists():
        return 0
    staff = User.objects.get(email="staff.men@demo.manara.sa")
    categories = {c.slug: c for c in ServiceCategory.objects.all()}
    people = {u.email: u for u in User.objects.filter(email__endswith="@demo.manara.sa")}
    entries = []
    for email, slug, hours, season, day, description in DEMO_FIELD_SERVICE:
        volunteer, category = people[email], categories[slug]
        entries.append(
            HoursEntry(
                volunteer=volunteer,
                kind=HoursEntry.Kind.FIELD,
                hours=Decimal(hours),
                category=category,
                hourly_value_sar=category.hourly_value_sar,
                served_on=day,
                season=season,
                organisation=volunteer.organisation,
                section=volunteer.section,
                source=HoursEntry.Source.MANUAL,
                description=description,
                status=HoursEntry.Status.APPROVED,
                reason=DEMO_REASON,
                created_by=staff,
                decided_by=staff,
            )
        )
    from accreditation.services import hours_totals_add

    HoursEntry.objects.bulk_create(entries)
    hours_totals_add(entries)
    return len(entries)


DEMO_REASON = "Demo data: field service recorded by the office"

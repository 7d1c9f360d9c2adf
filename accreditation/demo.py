"""Demo data of accreditation: the office's service categories and their hourly values."""

from decimal import Decimal

from accreditation.models import ServiceCategory

FIGURES_1437 = "Office figures for 1437H"
ASSUMED = "Assumption: no published figure; set by analogy with a similar category"

# (slug, Arabic, English, SAR per hour, source)
SERVICE_CATEGORIES = [
    ("guiding-lost-pilgrims", "إرشاد التائهين", "Guiding lost pilgrims", "15", ASSUMED),
    ("medical-nursing", "الخدمات الطبية: التوعية الصحية والتمريض",
     "Medical services: health awareness and nursing", "55", FIGURES_1437),
    ("medical-dentistry", "الخدمات الطبية: طب الأسنان", "Medical services: dentistry", "120",
     FIGURES_1437),
    ("ambulance", "الخدمات الإسعافية", "Ambulance services", "45", FIGURES_1437),
    ("training", "الخدمات التدريبية", "Training services", "55", ASSUMED),
    ("welcoming", "استقبال الحجاج والزوار", "Welcoming pilgrims and visitors", "15", FIGURES_1437),
    ("translation", "الترجمة", "Translation", "40", ASSUMED),
    ("awareness", "التوعية", "Awareness", "20", FIGURES_1437),
    ("engineering", "الخدمات الهندسية", "Engineering services", "60", ASSUMED),
    ("scouting", "الخدمات الكشفية", "Scouting", "10", FIGURES_1437),
]  # fmt: skip


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

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

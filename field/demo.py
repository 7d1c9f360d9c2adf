"""Demo data of field service: a field role, licence levels and two deployments."""

import datetime

from django.utils import timezone

from accreditation.selectors import service_category
from courses.models import CoursePage
from field.models import Deployment, FieldRole, LicencePolicy, RoleRequirement, ShiftTemplate
from lms.models import User

# The shifts of the Prophet's Mosque's day: around the prayers, the night one across midnight.
DEMO_SHIFTS = (
    ("الفجر", datetime.time(3), datetime.time(9)),
    ("الظهر", datetime.time(9), datetime.time(15)),
    ("العصر والمغرب", datetime.time(15), datetime.time(21)),
    ("الليل", datetime.time(21), datetime.time(3)),
)


def load_demo_field_service() -> int:
    """A field role that needs the first-aid course, the licence levels resting on the same
    requirements, and two deployments a month ahead, one per section, with the day's four
    shifts, for team leaders and office staff to staff. Runs once."""
    if FieldRole.objects.filter(name_en="First aider at the Prophet's Mosque").exists():
        return 0
    first_aid = CoursePage.objects.filter(slug="first-aid", locale__language_code="ar").first()
    role = FieldRole.objects.create(
        name_ar="مسعف في المسجد النبوي",
        name_en="First aider at the Prophet's Mosque",
        category=service_category("ambulance"),
        minimum_age=18,
    )
    if first_aid is not None:
        RoleRequirement.objects.create(role=role, kind="course", course=first_aid)
    for level, months in (("practitioner", 24), ("team_leader", 24), ("management", 36)):
        LicencePolicy.objects.get_or_create(
            level=level, defaults={"requirements": role, "validity_months": months}
        )
    staff = User.objects.get(email="staff.men@demo.manara.sa")
    start = timezone.localdate() + datetime.timedelta(days=30)
    for section, point in (("men", "باب السلام"), ("women", "مصلى النساء، باب عثمان")):
        deployment = Deployment.objects.create(
            role=role,
            service_point=point,
            section=section,
            starts_on=start,
            ends_on=start + datetime.timedelta(days=14),
            capacity=20,
            created_by=staff,
        )
        ShiftTemplate.objects.bulk_create(
            ShiftTemplate(deployment=deployment, name=name, starts=starts, ends=ends)
            for name, starts, ends in DEMO_SHIFTS
        )
    return 2

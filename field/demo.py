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


# Ratings: mostly good, a few poor; most were helped. Comments in the pilgrims' languages,
# some read and published by the office, some still unread.
DEMO_COMMENTS = (
    ("ur", "بہت اچھی رہنمائی کی، اللہ آپ کو جزائے خیر دے۔", True),
    ("ar", "جزاكم الله خيراً، ساعدني المتطوع في الوصول إلى الروضة.", True),
    ("en", "The volunteer found my father when we were separated. Thank you!", True),
    ("tr", "Gönüllüler çok yardımsever ama kuyruk çok uzundu.", False),
    ("ms", "Terima kasih, sukarelawan sangat membantu warga emas.", False),
    ("ha", "Na gode sosai, sun taimaka mini in sami ƙofar.", False),
)


def load_demo_feedback() -> int:
    """Two deployments under way (the Red Crescent's at Bab Jibril, Health Affairs' at the
    women's prayer hall) with the beneficiaries' ratings, and six comments: three published
    by the office, three still unread. Runs once; returns the feedback recorded."""
    import random

    from field.feedback import feedback_moderate, feedback_record
    from field.models import Feedback
    from lms.models import Organisation

    role = FieldRole.objects.filter(name_en="First aider at the Prophet's Mosque").first()
    if role is None or Feedback.objects.exists():
        return 0
    staff = User.objects.get(email="staff.men@demo.manara.sa")
    today = timezone.localdate()
    organisations = {
        o.slug: o for o in Organisation.objects.filter(slug__in=["red-crescent", "health-affairs"])
    }
    picks = random.Random(1448)  # noqa: S311 - demo data, the same every time
    recorded = 0
    for section, point, slug, answers in (
        ("men", "باب جبريل", "red-crescent", 64),
        ("women", "مصلى النساء، باب ٢٥", "health-affairs", 38),
    ):
        deployment = Deployment.objects.create(
            role=role,
            service_point=point,
            section=section,
            organisation=organisations.get(slug),
            starts_on=today - datetime.timedelta(days=10),
            ends_on=today + datetime.timedelta(days=4),
            capacity=20,
            created_by=staff,
        )
        ShiftTemplate.objects.bulk_create(
            ShiftTemplate(deployment=deployment, name=name, starts=starts, ends=ends)
            for name, starts, ends in DEMO_SHIFTS
        )
        for number in range(answers):
            rating = picks.choices((1, 2, 3, 4, 5), weights=(2, 3, 8, 30, 57))[0]
            feedback_record(
                deployment=deployment,
                rating=rating,
                helped=rating >= 3 or picks.random() < 0.3,
                language=picks.choice(("ar", "ur", "en", "tr", "ms", "ha")),
                submitted_at=timezone.now() - datetime.timedelta(hours=3 * number + 1),
            )
            recorded += 1
    men = Deployment.objects.filter(service_point="باب جبريل").first()
    for language, text, publish in DEMO_COMMENTS:
        comment = feedback_record(
            deployment=men, rating=5 if publish else 4, helped=True, comment=text, language=language
        )
        recorded += 1
        if publish:
            feedback_moderate(feedback=comment, actor=staff, publish=True)
    return recorded

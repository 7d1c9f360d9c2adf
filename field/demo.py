"""Demo data of field service: a field role, licence levels and two deployments."""

import datetime

from django.utils import timezone

from accreditation.selectors import service_category
from courses.models import CoursePage
from field.models import (
    Assignment,
    Attendance,
    BeneficiaryKind,
    Deployment,
    FieldRole,
    LicencePolicy,
    RoleRequirement,
    ShiftTemplate,
)
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
        beneficiary_kind=BeneficiaryKind.TREATED,
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


def load_demo_opportunities() -> int:
    """Opportunities of two organisations and of the office, through the services as in
    real use: the Red Crescent's (approved) is full, with two volunteers on its waiting
    list; Taibah University's second one waits for the office's approval; the office's own
    needs the first-aid course (the demo volunteer is told so). Runs once."""
    from field.models import Opportunity
    from field.opportunities import (
        application_create,
        opportunity_decide,
        opportunity_save,
        opportunity_submit,
    )
    from lms.models import Skill

    if Opportunity.objects.exists():
        return 0
    guide, _created = FieldRole.objects.get_or_create(
        name_en="Guide for lost pilgrims",
        defaults={
            "name_ar": "مرشد التائهين",
            "category": service_category("welcoming"),
            "minimum_age": 18,
        },
    )
    first_aider = FieldRole.objects.get(name_en="First aider at the Prophet's Mosque")
    staff = User.objects.get(email="staff.men@demo.manara.sa")
    staff_women = User.objects.get(email="staff.women@demo.manara.sa")
    red_crescent = User.objects.get(email="rep.redcrescent@demo.manara.sa")
    taibah = User.objects.get(email="rep.taibah@demo.manara.sa")
    start = timezone.localdate() + datetime.timedelta(days=20)
    shifts = [[name, f"{a:%H:%M}", f"{b:%H:%M}"] for name, a, b in DEMO_SHIFTS[:2]]

    def draft(rep, **fields) -> Opportunity:
        values = {
            "role": guide,
            "category": service_category("welcoming"),
            "section": "men",
            "starts_on": start,
            "ends_on": start + datetime.timedelta(days=10),
            "shifts": shifts,
        }
        values.update(fields)
        return opportunity_save(actor=rep, opportunity=Opportunity(**values))

    full = draft(
        red_crescent,
        title={
            "ar": "إرشاد التائهين عند باب السلام",
            "en": "Guiding lost pilgrims at Bab al-Salam",
        },
        description={
            "ar": "يرشد المتطوعون الحجاج التائهين إلى مساكنهم وذويهم.",
            "en": "Volunteers guide lost pilgrims back to their lodgings and families.",
        },
        service_point="باب السلام",
        places=2,
        auto_accept=True,
    )
    opportunity_submit(actor=red_crescent, opportunity=full)
    full = opportunity_decide(actor=staff, opportunity=full, approve=True)
    for email in (
        "volunteer.men@demo.manara.sa",
        "leader.men@demo.manara.sa",
        "deputy.men@demo.manara.sa",
        "staff.men@demo.manara.sa",
    ):
        application_create(volunteer=User.objects.get(email=email), opportunity=full)

    urdu = draft(
        taibah,
        title={
            "ar": "ترجمة للحجاج الناطقين بالأردية",
            "en": "Interpreting for Urdu-speaking pilgrims",
        },
        description={"ar": "مرافقة الحجاج الناطقين بالأردية عند مصلى النساء."},
        service_point="مصلى النساء، باب عثمان",
        section="women",
        category=service_category("translation"),
        places=6,
        languages=["ur"],
    )
    if skill := Skill.objects.filter(slug="language-ur").first():
        urdu.skills.add(skill)
    opportunity_submit(actor=taibah, opportunity=urdu)
    opportunity_decide(actor=staff_women, opportunity=urdu, approve=True)
    later = draft(
        taibah,
        title={"ar": "استقبال الزوار في قباء", "en": "Welcoming visitors at Quba"},
        service_point="مسجد قباء",
        places=10,
        starts_on=start + datetime.timedelta(days=30),
        ends_on=start + datetime.timedelta(days=40),
    )
    opportunity_submit(actor=taibah, opportunity=later)
    opportunity_save(
        actor=staff,
        opportunity=Opportunity(
            title={"ar": "إسعاف أولي في المسجد النبوي", "en": "First aid at the Prophet's Mosque"},
            description={"ar": "يتطلب إتمام دورة الإسعافات الأولية."},
            role=first_aider,
            category=service_category("ambulance"),
            service_point="الساحات الشمالية",
            section="men",
            starts_on=start,
            ends_on=start + datetime.timedelta(days=14),
            shifts=shifts,
            places=8,
        ),
    )
    return Opportunity.objects.count()


# A season's service already approved, with the people served in each shift, for the impact
# pages: (organisation slug, role, section, service point, first day, volunteers,
# people served in each shift of each volunteer, day by day).
DEMO_IMPACT = (
    (
        "taibah-university",
        ("مرشد التائهين", "Guide for lost pilgrims", "guiding-lost-pilgrims", "guided"),
        "men",
        "باب السلام",
        datetime.date(2026, 10, 1),
        ("volunteer.men@demo.manara.sa", "leader.men@demo.manara.sa"),
        (96, 140, 75, 212, 118),
    ),
    (
        "red-crescent",
        ("مسعفة في مصلى النساء", "First aider, women's prayer hall", "ambulance", "treated"),
        "women",
        "مصلى النساء، باب عثمان",
        datetime.date(2026, 10, 3),
        (
            "volunteer.women@demo.manara.sa",
            "fatimah.alomari@demo.manara.sa",
            "maryam.alansari@demo.manara.sa",
        ),
        (9, 14, 6, 11),
    ),
    (
        "scouts",
        ("مستقبل الزوار", "Welcomer of visitors", "welcoming", "welcomed"),
        "men",
        "الساحات الشمالية",
        datetime.date(2026, 10, 5),
        ("volunteer.men@demo.manara.sa",),
        (310, 265, 402),
    ),
)


def load_demo_impact() -> int:
    """Past deployments of this season whose shifts the office approved, with the people
    served, so the impact pages have a season to show. The shifts are credited through the
    ledger's service (as the office's approval does), which moves the impact totals. Runs
    once; returns the shifts added."""
    from field.services import attendance_credit
    from lms.models import Organisation

    if Attendance.objects.filter(beneficiaries__isnull=False).exists():
        return 0
    people = {u.email: u for u in User.objects.filter(email__endswith="@demo.manara.sa")}
    staff, deputies = (
        people["staff.men@demo.manara.sa"],
        {
            "men": people["deputy.men@demo.manara.sa"],
            "women": people["deputy.women@demo.manara.sa"],
        },
    )
    leader = people["leader.men@demo.manara.sa"]
    added = 0
    for slug, role_names, section, point, first_day, emails, counts in DEMO_IMPACT:
        name_ar, name_en, category, kind = role_names
        # The opportunities' demo may have made the role already: the same role.
        role, _created = FieldRole.objects.update_or_create(
            name_en=name_en,
            defaults={
                "name_ar": name_ar,
                "category": service_category(category),
                "beneficiary_kind": kind,
            },
        )
        deployment = Deployment.objects.create(
            role=role,
            service_point=point,
            organisation=Organisation.objects.filter(slug=slug).first(),
            section=section,
            starts_on=first_day,
            ends_on=first_day + datetime.timedelta(days=len(counts)),
            capacity=10,
            created_by=staff,
        )
        for email in emails:
            assignment = Assignment.objects.create(
                deployment=deployment, volunteer=people[email], assigned_by=staff
            )
            for offset, count in enumerate(counts):
                starts_at = timezone.make_aware(
                    datetime.datetime.combine(
                        first_day + datetime.timedelta(days=offset), datetime.time(9)
                    )
                )
                attendance = Attendance.objects.create(
                    assignment=assignment,
                    day=first_day + datetime.timedelta(days=offset),
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(hours=6),
                    hours=6,
                    beneficiaries=count + 7 * len(email) % 13,
                    status=Attendance.Status.APPROVED,
                    recorded_by=leader if email != leader.email else staff,
                    confirmed_by=deputies[section],
                    confirmed_at=starts_at,
                    decided_by=staff,
                    decided_at=starts_at,
                )
                attendance_credit(attendance=attendance, actor=staff)
                added += 1
    return added


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

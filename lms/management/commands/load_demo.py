"""Create a believable Madinah volunteer office to try the platform with. Idempotent."""

import datetime

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail import hooks

from lms.models import IdentityType, Organisation, Section, Skill, Team, User
from lms.roles import Role
from lms.services import team_member_add

DEMO_PASSWORD = "manara-demo-1448"  # noqa: S105 - printed for newcomers, demo data only

ORGANISATIONS = [
    ("taibah-university", "جامعة طيبة", "Taibah University", Organisation.Kind.UNIVERSITY),
    (
        "health-affairs",
        "الشؤون الصحية بمنطقة المدينة المنورة",
        "Health Affairs, Madinah Region",
        Organisation.Kind.HEALTH,
    ),
    (
        "red-crescent",
        "هيئة الهلال الأحمر السعودي - فرع المدينة المنورة",
        "Saudi Red Crescent Authority, Madinah branch",
        Organisation.Kind.RED_CRESCENT,
    ),
    (
        "education",
        "الإدارة العامة للتعليم بمنطقة المدينة المنورة",
        "General Directorate of Education, Madinah Region",
        Organisation.Kind.EDUCATION,
    ),
    (
        "hajj-umrah",
        "وزارة الحج والعمرة",
        "Ministry of Hajj and Umrah",
        Organisation.Kind.GOVERNMENT,
    ),
    (
        "civil-defence",
        "المديرية العامة للدفاع المدني",
        "General Directorate of Civil Defence",
        Organisation.Kind.CIVIL_DEFENCE,
    ),
    (
        "scouts",
        "جمعية الكشافة العربية السعودية",
        "Saudi Arabian Scouts Association",
        Organisation.Kind.SCOUTS,
    ),
]

# (email, Arabic name, first, last, section, role, staff section, language, national ID)
PEOPLE = [
    (
        "volunteer.men@demo.manara.sa",
        "عبدالله الحربي",
        "Abdullah",
        "Al-Harbi",
        Section.MEN,
        Role.VOLUNTEER,
        "",
        "ar",
        "1000000008",
    ),
    (
        "volunteer.women@demo.manara.sa",
        "نورة الجهني",
        "Noura",
        "Al-Juhani",
        Section.WOMEN,
        Role.VOLUNTEER,
        "",
        "ar",
        "1000000016",
    ),
    (
        "trainer.men@demo.manara.sa",
        "خالد المطيري",
        "Khalid",
        "Al-Mutairi",
        Section.MEN,
        Role.TRAINER,
        "",
        "ar",
        "1000000024",
    ),
    (
        "trainer.women@demo.manara.sa",
        "سارة العتيبي",
        "Sarah",
        "Al-Otaibi",
        Section.WOMEN,
        Role.TRAINER,
        "",
        "en",
        "1000000032",
    ),
    (
        "leader.men@demo.manara.sa",
        "محمد الأنصاري",
        "Muhammad",
        "Al-Ansari",
        Section.MEN,
        Role.TEAM_LEADER,
        "",
        "ur",
        "1000000040",
    ),
    (
        "leader.women@demo.manara.sa",
        "فاطمة الشريف",
        "Fatimah",
        "Al-Sharif",
        Section.WOMEN,
        Role.TEAM_LEADER,
        "",
        "ar",
        "1000000057",
    ),
    (
        "staff.men@demo.manara.sa",
        "يوسف القحطاني",
        "Yusuf",
        "Al-Qahtani",
        Section.MEN,
        Role.OFFICE_STAFF,
        Section.MEN,
        "ar",
        "1000000065",
    ),
    (
        "staff.women@demo.manara.sa",
        "مريم الزهراني",
        "Maryam",
        "Al-Zahrani",
        Section.WOMEN,
        Role.OFFICE_STAFF,
        Section.WOMEN,
        "ar",
        "1000000073",
    ),
    (
        "deputy.men@demo.manara.sa",
        "عمر البلوي",
        "Omar",
        "Al-Balawi",
        Section.MEN,
        Role.SECTION_DEPUTY,
        Section.MEN,
        "ar",
        "1000000081",
    ),
    (
        "deputy.women@demo.manara.sa",
        "هند السلمي",
        "Hind",
        "Al-Sulami",
        Section.WOMEN,
        Role.SECTION_DEPUTY,
        Section.WOMEN,
        "ar",
        "1000000099",
    ),
]

# Representatives of partner organisations (the plan's "ambassadors"): they publish their
# organisation's opportunities. Their organisation, by slug:
REPRESENTATIVES = {
    "rep.redcrescent@demo.manara.sa": "red-crescent",
    "rep.taibah@demo.manara.sa": "taibah-university",
}
PEOPLE += [
    (
        "rep.redcrescent@demo.manara.sa",
        "خالد الجهني",
        "Khalid",
        "Al-Juhani",
        Section.MEN,
        Role.REPRESENTATIVE,
        "",
        "ar",
        "1000003010",
    ),
    (
        "rep.taibah@demo.manara.sa",
        "أسماء الحربي",
        "Asma",
        "Al-Harbi",
        Section.WOMEN,
        Role.REPRESENTATIVE,
        "",
        "en",
        "1000003028",
    ),
]

# Volunteers of the women's section whose names are written with diacritics, as the office
# types them in its records: its search finds them typed without.
PEOPLE += [
    (
        "fatimah.alomari@demo.manara.sa",
        "فَاطِمَةُ الزَّهْرَاءِ العُمَرِي",
        "Fatimah",
        "Al-Omari",
        Section.WOMEN,
        Role.VOLUNTEER,
        "",
        "ar",
        "1000002012",
    ),
    (
        "maryam.alansari@demo.manara.sa",
        "مَرْيَم الأَنْصَارِي",
        "Maryam",
        "Al-Ansari",
        Section.WOMEN,
        Role.VOLUNTEER,
        "",
        "ur",
        "1000002020",
    ),
]

# What the office records about the demo volunteers: skills (lms.Skill slugs), languages
# spoken, an emergency contact, and the day they consented to the record being kept.
PROFILES = {
    "volunteer.men@demo.manara.sa": (["first-aid", "language-ur"], ["ar", "ur"], "محمد الحربي"),
    "volunteer.women@demo.manara.sa": (["first-aid", "sign-language"], ["ar", "en"], "سارة"),
    "fatimah.alomari@demo.manara.sa": (["crowd-management", "language-en"], ["ar", "en"], "علي"),
    "maryam.alansari@demo.manara.sa": (["language-ur", "driving"], ["ar", "ur"], "خديجة"),
    "leader.men@demo.manara.sa": (["crowd-management", "driving"], ["ar"], "سعد"),
    "leader.women@demo.manara.sa": (["first-aid", "crowd-management"], ["ar", "en"], "نورة"),
}

# (organisation slug, team name, section, leader email, member emails)
TEAMS = [
    (
        "taibah-university",
        "فريق جامعة طيبة لإرشاد التائهين",
        Section.MEN,
        "leader.men@demo.manara.sa",
        ["volunteer.men@demo.manara.sa"],
    ),
    (
        "red-crescent",
        "فريق الهلال الأحمر النسائي للإسعاف",
        Section.WOMEN,
        "leader.women@demo.manara.sa",
        [
            "volunteer.women@demo.manara.sa",
            "fatimah.alomari@demo.manara.sa",
            "maryam.alansari@demo.manara.sa",
        ],
    ),
    ("scouts", "فريق الكشافة لخدمة الزوار", Section.MEN, None, []),
]


class Command(BaseCommand):
    help = "Load the demo office: organisations, people in every role and section, teams."

    @transaction.atomic
    def handle(self, *args, **options):
        organisations = {}
        for slug, name_ar, name_en, kind in ORGANISATIONS:
            organisations[slug], _created = Organisation.objects.update_or_create(
                slug=slug, defaults={"name_ar": name_ar, "name_en": name_en, "kind": kind}
            )
        people = {}
        for email, name_ar, first, last, section, role, staff_section, language, id_no in PEOPLE:
            user, created = User.objects.get_or_create(
                email=email,
                defaults={
                    "name_ar": name_ar,
                    "first_name": first,
                    "last_name": last,
                    "section": section,
                    "staff_section": staff_section,
                    "preferred_language": language,
                    "id_type": IdentityType.NATIONAL_ID,
                    "id_number": id_no,
                    "mobile": "+9665" + id_no[-8:],
                    "date_of_birth": datetime.date(1995, 3, 14),
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=role.value))
            if email in REPRESENTATIVES:
                user.organisation = organisations[REPRESENTATIVES[email]]
                user.save(update_fields=["organisation"])
            elif role != Role.VOLUNTEER:
                # Staff, trainers and leaders are volunteers of the office too.
                user.groups.add(Group.objects.get(name=Role.VOLUNTEER.value))
            people[email] = user
        for org_slug, name, section, leader, members in TEAMS:
            team, _created = Team.objects.get_or_create(
                organisation=organisations[org_slug], name=name, defaults={"section": section}
            )
            if leader:
                team_member_add(team=team, user=people[leader], as_leader=True)
            for member in members:
                team_member_add(team=team, user=people[member])

        skills = {skill.slug: skill for skill in Skill.objects.all()}
        for email, (slugs, languages, contact) in PROFILES.items():
            person = people[email]
            person.skills.add(*(skills[slug] for slug in slugs if slug in skills))
            person.spoken_languages = languages
            person.emergency_contact_name = contact
            person.emergency_contact_phone = "+9665" + person.id_number[-8:][::-1]
            person.consent_given_on = datetime.date(2026, 5, 1)
            person.save(
                update_fields=[
                    "spoken_languages",
                    "emergency_contact_name",
                    "emergency_contact_phone",
                    "consent_given_on",
                ]
            )

        self.stdout.write(f"  organisations: {len(ORGANISATIONS)}, teams: {len(TEAMS)}")
        for hook in hooks.get_hooks("manara_load_demo"):
            hook(self.stdout)

        self.stdout.write(self.style.SUCCESS("Demo office loaded. Sign in with any of these:"))
        for email, *_rest in PEOPLE:
            self.stdout.write(f"  {email}")
        self.stdout.write(f"  password: {DEMO_PASSWORD}")

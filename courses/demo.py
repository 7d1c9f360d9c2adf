"""Demo courses: a catalogue with an accredited first-aid course (Arabic, translated into
Urdu) and a guiding course that requires it. Idempotent."""

from django.db import transaction
from wagtail.models import Locale, Page, Site

from courses.models import CourseIndexPage, CoursePage, LessonPage

FIRST_AID = {
    "slug": "first-aid",
    "title": "الإسعافات الأولية للمتطوعين",
    "title_ur": "رضاکاروں کے لیے ابتدائی طبی امداد",
    "summary": "كيف تتعامل مع الإغماء والجروح وضربات الشمس بين الحجاج والزوار حتى يصل الإسعاف.",
    "summary_ur": (
        "حجاج اور زائرین میں بے ہوشی، زخموں اور لُو لگنے سے کیسے نمٹیں جب تک ایمبولینس پہنچے۔"
    ),
    "validity_months": 24,
    "proposed": 6,
    "lessons": [
        ("assess-the-scene", "تقييم الموقف وطلب المساعدة", "صورتحال کا جائزہ اور مدد طلب کرنا"),
        ("heat-stroke", "ضربات الشمس والإجهاد الحراري", "لُو لگنا اور گرمی کی تھکن"),
        ("bleeding", "إيقاف النزيف وتضميد الجروح", "خون روکنا اور زخموں کی پٹی"),
    ],
}
GUIDING = {
    "slug": "guiding-lost-pilgrims",
    "title": "إرشاد التائهين في المسجد النبوي",
    "summary": "خرائط المسجد النبوي وأبوابه، وكيف ترافق التائه إلى مكتب الإرشاد أو إلى سكنه.",
    "validity_months": None,
    "proposed": 4,
    "lessons": [
        ("gates-and-landmarks", "أبواب المسجد النبوي ومعالمه", None),
        ("accompanying", "مرافقة التائه وتسليمه", None),
    ],
}


def _checklist_pdf() -> bytes:
    """A one-page PDF handout, drawn here so the repository holds no binary files."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont("Helvetica-Bold", 18)
    pdf.drawString(72, 770, "First aid checklist for volunteers")
    pdf.setFont("Helvetica", 12)
    steps = [
        "Check the scene is safe",
        "Call 997 (Red Crescent)",
        "Shade and cool the person",
        "Press on bleeding with a clean cloth",
        "Stay until help arrives",
    ]
    for line, step in enumerate(steps):
        pdf.drawString(90, 730 - 24 * line, f"{line + 1}. {step}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _add_handout(lesson: LessonPage) -> None:
    from django.core.files.base import ContentFile

    from courses.models import CourseFile, course_files_folder

    if any(block.block_type == "handout" for block in lesson.body):
        return
    handout = CourseFile.objects.filter(original_filename="first-aid-checklist.pdf").first()
    if handout is None:
        handout = CourseFile.objects.create(
            folder=course_files_folder(),
            file=ContentFile(_checklist_pdf(), name="first-aid-checklist.pdf"),
            original_filename="first-aid-checklist.pdf",
            name="First aid checklist",
            is_public=False,
        )
    lesson.body.append(("handout", {"file": handout, "title": ""}))
    lesson.save_revision().publish()


def _paragraph(text: str) -> list:
    return [("text", f"<p>{text}</p>")]


def _ensure_locales() -> dict:
    from django.conf import settings

    return {
        code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES
    }


def child_page(parent: Page, model, slug: str, **fields):
    """The published child of ``parent`` with this slug, created and published if missing."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def _course(catalogue: CourseIndexPage, spec: dict, prerequisites=()) -> CoursePage:
    course = child_page(
        catalogue,
        CoursePage,
        spec["slug"],
        title=spec["title"],
        summary=spec["summary"],
        estimated_effort_hours=spec["proposed"],
        proposed_credit_hours=spec["proposed"],
        validity_months=spec["validity_months"],
    )
    if prerequisites and not course.prerequisites.exists():
        course.prerequisites.set(prerequisites)
        course.save_revision().publish()
    for slug, title, _title_ur in spec["lessons"]:
        child_page(course, LessonPage, slug, title=title, body=_paragraph(title))
    return course


def _translate(page: Page, locale: Locale, **fields) -> Page:
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translation = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation


@transaction.atomic
def load_courses() -> list[CoursePage]:
    locales = _ensure_locales()
    home = Site.objects.get(is_default_site=True).root_page.specific
    catalogue = child_page(home, CourseIndexPage, "courses", title="الدورات التدريبية")
    first_aid = _course(catalogue, FIRST_AID)
    guiding = _course(catalogue, GUIDING, prerequisites=[first_aid])

    _add_handout(LessonPage.objects.child_of(first_aid).order_by("path").first())
    for page in (home, catalogue):
        _translate(page, locales["ur"])
    _translate(
        first_aid, locales["ur"], title=FIRST_AID["title_ur"], summary=FIRST_AID["summary_ur"]
    )
    for lesson, (_slug, _title, title_ur) in zip(
        LessonPage.objects.child_of(first_aid).order_by("path"), FIRST_AID["lessons"], strict=True
    ):
        _translate(lesson, locales["ur"], title=title_ur, body=_paragraph(title_ur))
    return [first_aid, guiding]

"""Demo courses: a catalogue with an accredited first-aid course and a guiding course that
requires it, both in Arabic with Urdu and English translations. Each lesson has several
paragraphs, a callout and a picture drawn at load time; each course a handout (a PDF drawn
here) on its first lesson; the quizzes are added by ``assessments.demo``. The words, and the
public first-aid guidance they follow, are in ``courses.demo_content``. Idempotent: what
exists is kept as it is."""

from django.db import transaction
from wagtail.models import Locale, Page, Site

from courses.demo_content import FIRST_AID_COURSE, GUIDING_COURSE, HANDOUTS, LESSONS
from courses.models import CourseIndexPage, CoursePage, LessonPage

TRANSLATIONS = ("ur", "en")
CATALOGUE_TITLES = {"ar": "الدورات التدريبية", "ur": "تربیتی کورسز", "en": "Training courses"}

FIRST_AID = {
    "slug": "first-aid",
    "words": FIRST_AID_COURSE,
    "validity_months": 24,
    "proposed": 6,
    "lessons": ["assess-the-scene", "heat-stroke", "bleeding"],
}
GUIDING = {
    "slug": "guiding-lost-pilgrims",
    "words": GUIDING_COURSE,
    "validity_months": None,
    "proposed": 4,
    "lessons": ["gates-and-landmarks", "accompanying"],
}


def _handout_pdf(spec: dict) -> bytes:
    """A one-page PDF handout, drawn here so the repository holds no binary files."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont("Helvetica-Bold", 18)
    pdf.drawString(72, 770, spec["heading"])
    pdf.setFont("Helvetica", 12)
    for line, step in enumerate(spec["lines"]):
        pdf.drawString(90, 730 - 24 * line, f"{line + 1}. {step}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _handout(course_slug: str):
    """The course's handout in Course files, uploaded once."""
    from django.core.files.base import ContentFile

    from courses.models import CourseFile, course_files_folder

    spec = HANDOUTS[course_slug]
    handout = CourseFile.objects.filter(original_filename=spec["filename"]).first()
    if handout is None:
        handout = CourseFile.objects.create(
            folder=course_files_folder(),
            file=ContentFile(_handout_pdf(spec), name=spec["filename"]),
            original_filename=spec["filename"],
            name=spec["name"],
            is_public=False,
        )
    return handout


def _picture(lesson_slug: str):
    """The lesson's picture in the trainers' image collection, drawn once."""
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    from courses.demo_images import DRAWINGS
    from courses.models import trainers_collection

    spec = LESSONS[lesson_slug]
    title = spec["ar"]["alt"]
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is None:
        import io

        data = DRAWINGS[spec["image"]]()
        image = Image(
            title=title,
            collection=trainers_collection() or Collection.get_first_root_node(),
            file=ImageFile(io.BytesIO(data), name=f"demo-{spec['image']}.png"),
        )
        image.save()
    return image


def lesson_body(lesson_slug: str, language: str, *, handout=None) -> list:
    """A lesson's stream in ``language``: its paragraphs, the picture after the first one, the
    callout, and the handout when there is one."""
    words = LESSONS[lesson_slug][language]
    paragraphs = [f"<p>{text}</p>" for text in words["paragraphs"]]
    body = [
        ("text", paragraphs[0]),
        (
            "image",
            {"image": _picture(lesson_slug), "decorative": False, "alt_text": words["alt"]},
        ),
        ("text", "".join(paragraphs[1:])),
        ("callout", {"kind": "warning", "title": "", "text": f"<p>{words['callout']}</p>"}),
    ]
    if handout is not None:
        body.append(("handout", {"file": handout, "title": ""}))
    return body


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
    words = spec["words"]["ar"]
    course = child_page(
        catalogue,
        CoursePage,
        spec["slug"],
        title=words["title"],
        summary=words["summary"],
        estimated_effort_hours=spec["proposed"],
        proposed_credit_hours=spec["proposed"],
        validity_months=spec["validity_months"],
    )
    if prerequisites and not course.prerequisites.exists():
        course.prerequisites.set(prerequisites)
        course.save_revision().publish()
    handout = _handout(spec["slug"])
    for position, slug in enumerate(spec["lessons"]):
        child_page(
            course,
            LessonPage,
            slug,
            title=LESSONS[slug]["ar"]["title"],
            body=lesson_body(slug, "ar", handout=handout if position == 0 else None),
        )
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


def _translate_course(course: CoursePage, spec: dict, locale: Locale) -> None:
    language = locale.language_code
    words = spec["words"][language]
    _translate(course, locale, title=words["title"], summary=words["summary"])
    handout = _handout(spec["slug"])
    lessons = LessonPage.objects.child_of(course).order_by("path")
    for position, (lesson, slug) in enumerate(zip(lessons, spec["lessons"], strict=True)):
        _translate(
            lesson,
            locale,
            title=LESSONS[slug][language]["title"],
            body=lesson_body(slug, language, handout=handout if position == 0 else None),
        )


@transaction.atomic
def load_courses() -> list[CoursePage]:
    locales = _ensure_locales()
    home = Site.objects.get(is_default_site=True).root_page.specific
    catalogue = child_page(home, CourseIndexPage, "courses", title=CATALOGUE_TITLES["ar"])
    first_aid = _course(catalogue, FIRST_AID)
    guiding = _course(catalogue, GUIDING, prerequisites=[first_aid])
    for language in TRANSLATIONS:
        _translate(home, locales[language])
        _translate(catalogue, locales[language], title=CATALOGUE_TITLES[language])
        _translate_course(first_aid, FIRST_AID, locales[language])
        _translate_course(guiding, GUIDING, locales[language])
    return [first_aid, guiding]

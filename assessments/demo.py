"""Demo assessments: a question bank for each demo course, in Arabic with Urdu and English
translations (same translation keys, as wagtail-localize would make them), and a required
quiz at the end of the last lesson of each course in each language. Idempotent. Lessons are
found through Wagtail's page tree by their slugs (assessments does not import courses).
The first-aid answers follow the guidance named in ``courses.demo_content``."""

from django.db import transaction
from wagtail.models import Locale, Page

from assessments.models import Choice, Question, QuestionBank, QuestionKind

LANGUAGES = ("ar", "ur", "en")

# Each question: its kind, then per language (text, explanation, [choice, ...]); the right
# choices are marked once, in ``right``, and are the same in every language.
FIRST_AID_BANK = {
    "course": "first-aid",
    "lesson": "bleeding",
    "title": {
        "ar": "أسئلة الإسعافات الأولية",
        "ur": "ابتدائی طبی امداد کے سوالات",
        "en": "First aid questions",
    },
    "questions": [
        {
            "kind": QuestionKind.SINGLE,
            "right": [0],
            "ar": (
                "ما الرقم الذي تتصل به لطلب إسعاف الهلال الأحمر؟",
                "رقم الهلال الأحمر السعودي 997.",
                ["997", "999", "911"],
            ),
            "ur": (
                "ہلال احمر کی ایمبولینس کے لیے کون سا نمبر ملائیں؟",
                "سعودی ہلال احمر کا نمبر 997 ہے۔",
                ["997", "999", "911"],
            ),
            "en": (
                "Which number do you call for a Red Crescent ambulance?",
                "The Saudi Red Crescent's number is 997.",
                ["997", "999", "911"],
            ),
        },
        {
            "kind": QuestionKind.TRUE_FALSE,
            "right": [1],
            "ar": (
                "يُعطى المغمى عليه ماءً ليشربه حتى يفيق.",
                "لا يُسقى فاقد الوعي شيئًا خشية الاختناق.",
                ["صح", "خطأ"],
            ),
            "ur": (
                "بے ہوش شخص کو ہوش میں لانے کے لیے پانی پلایا جائے۔",
                "بے ہوش شخص کو کچھ نہ پلائیں، اس کا دم گھٹ سکتا ہے۔",
                ["درست", "غلط"],
            ),
            "en": (
                "Give a person who has fainted water to drink to bring them round.",
                "Give nothing by mouth to someone who is not fully awake: they may choke.",
                ["True", "False"],
            ),
        },
        {
            "kind": QuestionKind.MULTIPLE,
            "right": [0, 1],
            "ar": (
                "ما الذي تفعله مع حاج أصابته ضربة شمس؟",
                "الظل والتبريد وطلب الإسعاف؛ لا يُترك وحده.",
                ["أنقله إلى الظل", "أبرّد جسمه بالماء", "أتركه ليرتاح وحده"],
            ),
            "ur": (
                "جس حاجی کو لُو لگ جائے اس کے لیے آپ کیا کریں گے؟",
                "سایہ، ٹھنڈا کرنا اور ایمبولینس بلانا؛ اسے اکیلا نہ چھوڑیں۔",
                [
                    "اسے سائے میں لے جاؤں",
                    "پانی سے اس کا جسم ٹھنڈا کروں",
                    "اسے آرام کے لیے اکیلا چھوڑ دوں",
                ],
            ),
            "en": (
                "What do you do for a pilgrim with heat stroke?",
                "Shade, cooling and an ambulance; never leave them alone.",
                [
                    "Move them into the shade",
                    "Cool their body with water",
                    "Leave them to rest alone",
                ],
            ),
        },
        {
            "kind": QuestionKind.ORDERING,
            "right": [0, 1, 2, 3],
            "ar": (
                "رتّب خطوات التعامل مع نزيف في اليد.",
                "",
                [
                    "تأكد من سلامة المكان",
                    "اضغط على الجرح بقطعة قماش نظيفة",
                    "ضع ضمادة أخرى فوق الأولى إن تشربت بالدم",
                    "اطلب الإسعاف إن لم يتوقف النزيف",
                ],
            ),
            "ur": (
                "ہاتھ سے خون بہنے کی صورت میں اقدامات کو ترتیب دیں۔",
                "",
                [
                    "یقینی بنائیں کہ جگہ محفوظ ہے",
                    "صاف کپڑے سے زخم پر دبائیں",
                    "خون باہر آ جائے تو پہلی پٹی کے اوپر دوسری رکھیں",
                    "خون نہ رکے تو ایمبولینس بلائیں",
                ],
            ),
            "en": (
                "Put the steps for a bleeding hand in order.",
                "",
                [
                    "Make sure the place is safe",
                    "Press on the wound with a clean cloth",
                    "Add a second dressing on top if blood soaks through",
                    "Call an ambulance if the bleeding does not stop",
                ],
            ),
        },
    ],
}

GUIDING_BANK = {
    "course": "guiding-lost-pilgrims",
    "lesson": "accompanying",
    "title": {
        "ar": "أسئلة إرشاد التائهين",
        "ur": "رہنمائی کے سوالات",
        "en": "Guiding questions",
    },
    "questions": [
        {
            "kind": QuestionKind.SINGLE,
            "right": [1],
            "ar": (
                "كيف ترشد زائرًا إلى باب؟",
                "معلم واحد ورقم باب واحد وإشارة باليد.",
                [
                    "أصف له الطريق كله بالتفصيل",
                    "أذكر معلمًا واحدًا ورقم الباب وأشير بيدي",
                    "أطلب منه أن يسأل غيري",
                ],
            ),
            "ur": (
                "کسی زائر کو دروازے کا راستہ کیسے بتائیں؟",
                "ایک نشانی، ایک دروازے کا نمبر اور ہاتھ سے اشارہ۔",
                [
                    "پورا راستہ تفصیل سے سمجھاؤں",
                    "ایک نشانی اور دروازے کا نمبر بتا کر اشارہ کروں",
                    "اسے کسی اور سے پوچھنے کا کہوں",
                ],
            ),
            "en": (
                "How do you direct a visitor to a gate?",
                "One landmark, one gate number, and point.",
                [
                    "Describe the whole way in detail",
                    "Give one landmark and the gate number, and point",
                    "Ask them to ask someone else",
                ],
            ),
        },
        {
            "kind": QuestionKind.TRUE_FALSE,
            "right": [1],
            "ar": (
                "يجوز أن توصل التائه إلى فندقه بسيارتك إن كان قريبًا.",
                "لا يُركب التائه سيارة أبدًا، ولا يُؤخذ بعيدًا عن أنظار الفريق.",
                ["صح", "خطأ"],
            ),
            "ur": (
                "اگر ہوٹل قریب ہو تو راستہ بھولے زائر کو اپنی گاڑی میں چھوڑ سکتے ہیں۔",
                "زائر کو کبھی گاڑی میں نہ بٹھائیں اور ٹیم کی نظروں سے دور نہ لے جائیں۔",
                ["درست", "غلط"],
            ),
            "en": (
                "You may drive a lost pilgrim to their hotel if it is close.",
                "Never take a lost pilgrim into a car, nor out of your team's sight.",
                ["True", "False"],
            ),
        },
        {
            "kind": QuestionKind.MULTIPLE,
            "right": [0, 1, 3],
            "ar": (
                "ماذا تسأل التائه أو تطلب منه؟",
                "الاسم والبلد والمجموعة والفندق، وبطاقة الشركة أو السوار.",
                [
                    "اسمه وبلده",
                    "اسم مجموعته أو شركته وفندقه",
                    "رقم جوازه وتأشيرته",
                    "أن يريك سواره أو بطاقة شركته",
                ],
            ),
            "ur": (
                "راستہ بھولے زائر سے کیا پوچھیں یا کیا مانگیں؟",
                "نام، ملک، گروپ اور ہوٹل، اور کمپنی کا کارڈ یا کڑا۔",
                [
                    "اس کا نام اور ملک",
                    "اس کے گروپ یا کمپنی اور ہوٹل کا نام",
                    "اس کا پاسپورٹ اور ویزا نمبر",
                    "کہ وہ اپنا کڑا یا کمپنی کا کارڈ دکھائے",
                ],
            ),
            "en": (
                "What do you ask a lost pilgrim, or ask to see?",
                "Name, country, group and hotel, and the company card or wristband.",
                [
                    "Their name and country",
                    "Their group or company and their hotel",
                    "Their passport and visa numbers",
                    "Their wristband or company card",
                ],
            ),
        },
    ],
}

BANKS = (FIRST_AID_BANK, GUIDING_BANK)
QUIZ = {
    "draw": 0,
    "pass_mark": 75,
    "max_attempts": 3,
    "cooldown_minutes": 5,
    "time_limit_minutes": 15,
    "feedback": "full",
    "required": True,
}


def _bank(spec: dict, language: str, source: QuestionBank | None) -> QuestionBank:
    """The bank in ``language``, created with its questions if missing; a translation shares
    the source's translation keys, bank, questions and choices alike."""
    locale = Locale.objects.get_or_create(language_code=language)[0]
    title = spec["title"][language]
    bank = QuestionBank.objects.filter(title=title, locale=locale).first()
    if bank is not None:
        return bank
    keys = {"translation_key": source.translation_key} if source else {}
    bank = QuestionBank.objects.create(
        title=title, course_name=spec["course"], locale=locale, **keys
    )
    source_questions = list(source.questions.order_by("sort_order")) if source else []
    for order, question_spec in enumerate(spec["questions"]):
        text, explanation, choices = question_spec[language]
        source_question = source_questions[order] if source else None
        question = Question.objects.create(
            bank=bank,
            locale=locale,
            kind=question_spec["kind"],
            text=text,
            explanation=explanation,
            sort_order=order,
            **({"translation_key": source_question.translation_key} if source_question else {}),
        )
        source_choices = list(source_question.choices.order_by("sort_order")) if source else []
        for position, label in enumerate(choices):
            Choice.objects.create(
                question=question,
                locale=locale,
                text=label,
                is_correct=position in question_spec["right"],
                sort_order=position,
                **(
                    {"translation_key": source_choices[position].translation_key}
                    if source_choices
                    else {}
                ),
            )
    return bank


def _place_quiz(bank: QuestionBank, spec: dict, language: str) -> None:
    course = Page.objects.filter(slug=spec["course"], locale__language_code=language).first()
    if course is None:
        return
    lesson = Page.objects.child_of(course).filter(slug=spec["lesson"]).first()
    lesson = lesson.specific if lesson is not None else None
    body = getattr(lesson, "body", None)
    if body is None or any(block.block_type == "quiz" for block in body):
        return
    # A translation's quiz is the same block as the Arabic lesson's (same id): the family's
    # gate counts one quiz passed in any language, not one per language.
    source_id = next(
        (
            block.id
            for page in Page.objects.filter(
                translation_key=lesson.translation_key, locale__language_code="ar"
            ).exclude(pk=lesson.pk)
            for block in getattr(page.specific, "body", [])
            if block.block_type == "quiz"
        ),
        None,
    )
    if source_id is not None:
        body.append(("quiz", {"bank": bank, **QUIZ}, source_id))
    else:
        body.append(("quiz", {"bank": bank, **QUIZ}))
    lesson.save_revision().publish()


@transaction.atomic
def load_assessments() -> QuestionBank:
    """Load the banks and quizzes; returns the Arabic first-aid bank."""
    first = None
    for spec in BANKS:
        source = _bank(spec, "ar", None)
        first = first or source
        for language in LANGUAGES:
            bank = source if language == "ar" else _bank(spec, language, source)
            _place_quiz(bank, spec, language)
    return first

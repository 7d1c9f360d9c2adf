"""Demo assessments: a first-aid question bank and a required quiz at the end of the demo
first-aid course's last lesson. Idempotent. The lesson is found through Wagtail's page
tree by its slug (assessments does not import courses)."""

from django.db import transaction
from wagtail.models import Page

from assessments.models import Choice, Question, QuestionBank, QuestionKind

QUESTIONS = [
    (
        QuestionKind.SINGLE,
        "ما الرقم الذي تتصل به لطلب إسعاف الهلال الأحمر؟",
        "رقم الهلال الأحمر السعودي 997.",
        [("997", True), ("999", False), ("911", False)],
    ),
    (
        QuestionKind.TRUE_FALSE,
        "يُعطى المغمى عليه ماءً ليشربه حتى يفيق.",
        "لا يُسقى فاقد الوعي شيئًا خشية الاختناق.",
        [("صح", False), ("خطأ", True)],
    ),
    (
        QuestionKind.MULTIPLE,
        "ما الذي تفعله مع حاج أصابته ضربة شمس؟",
        "الظل والتبريد وطلب الإسعاف؛ لا يُترك وحده.",
        [("أنقله إلى الظل", True), ("أبرّد جسمه بالماء", True), ("أتركه ليرتاح وحده", False)],
    ),
    (
        QuestionKind.ORDERING,
        "رتّب خطوات التعامل مع نزيف في اليد.",
        "",
        [
            ("تأكد من سلامة المكان", True),
            ("اضغط على الجرح بقطعة قماش نظيفة", True),
            ("ارفع اليد فوق مستوى القلب", True),
            ("اطلب الإسعاف إن لم يتوقف النزيف", True),
        ],
    ),
]


@transaction.atomic
def load_assessments() -> QuestionBank | None:
    bank = QuestionBank.objects.filter(title="أسئلة الإسعافات الأولية").first()
    if bank is None:
        bank = QuestionBank.objects.create(
            title="أسئلة الإسعافات الأولية", course_name="الإسعافات الأولية للمتطوعين"
        )
        for order, (kind, text, explanation, choices) in enumerate(QUESTIONS):
            question = Question.objects.create(
                bank=bank, kind=kind, text=text, explanation=explanation, sort_order=order
            )
            for position, (label, right) in enumerate(choices):
                Choice.objects.create(
                    question=question, text=label, is_correct=right, sort_order=position
                )
    course = Page.objects.filter(slug="first-aid", locale__language_code="ar").first()
    if course is None:
        return bank
    lesson = Page.objects.child_of(course).filter(slug="bleeding").first()
    lesson = lesson.specific if lesson is not None else None
    body = getattr(lesson, "body", None)
    if body is None or any(block.block_type == "quiz" for block in body):
        return bank
    body.append(
        (
            "quiz",
            {
                "bank": bank,
                "draw": 0,
                "pass_mark": 75,
                "max_attempts": 3,
                "cooldown_minutes": 5,
                "time_limit_minutes": 15,
                "feedback": "full",
                "required": True,
            },
        )
    )
    lesson.save_revision().publish()
    return bank

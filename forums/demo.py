"""Demo forums: a board for all team leaders, one per section, and a few Arabic topics.
Idempotent: boards are found by slug and topics by title."""

from django.db import transaction

from forums import services
from forums.models import Board, Topic
from lms.models import Section, User

BOARDS = [
    (
        "all-leaders",
        "ملتقى قادة الفرق",
        "تبادل الخبرات بين قادة الفرق في الرجال والنساء.",
        Board.Scope.ALL_LEADERS,
        "",
    ),
    ("men", "قسم الرجال", "شؤون فرق قسم الرجال.", Board.Scope.SECTION, Section.MEN),
    ("women", "القسم النسائي", "شؤون فرق القسم النسائي.", Board.Scope.SECTION, Section.WOMEN),
]

# (board slug, author email, title, first post, replies as (author email, text))
TOPICS = [
    (
        "all-leaders",
        "leader.men@demo.manara.sa",
        "دروس موسم الحج الماضي",
        "ما أهم ما تعلمتموه في **الموسم الماضي**؟ عندي ثلاث ملاحظات:\n\n"
        "- توزيع المتطوعين على الأبواب قبل صلاة الفجر\n- قوارير الماء مع كل فريق\n"
        "- نقطة تجمع واضحة للتائهين",
        [
            (
                "leader.women@demo.manara.sa",
                "أضيف: تدريب الفريق على *الإسعافات الأولية* قبل الموسم بأسبوعين على الأقل.",
            ),
            ("staff.men@demo.manara.sa", "شكراً لكما، سنجمع الملاحظات في دليل الموسم القادم."),
        ],
    ),
    (
        "men",
        "leader.men@demo.manara.sa",
        "جدول مناوبات باب السلام",
        "أقترح مناوبات من أربع ساعات عند باب السلام في أيام الذروة. ما رأيكم؟",
        [],
    ),
    (
        "women",
        "leader.women@demo.manara.sa",
        "استقبال الزائرات في المصلى النسائي",
        "نحتاج متطوعات يتحدثن الأردية والإندونيسية عند مداخل المصلى النسائي.",
        [("staff.women@demo.manara.sa", "سنرسل لكِ قائمة المتطوعات المتاحات هذا الأسبوع.")],
    ),
]


@transaction.atomic
def load_forums() -> list[Board]:
    boards = {}
    for position, (slug, title, description, scope, section) in enumerate(BOARDS):
        boards[slug], _created = Board.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "description": description,
                "scope": scope,
                "section": section,
                "position": position,
            },
        )
    people = {user.email: user for user in User.objects.filter(email__endswith="@demo.manara.sa")}
    for slug, author, title, body, replies in TOPICS:
        board = boards[slug]
        if author not in people or Topic.objects.filter(board=board, title=title).exists():
            continue
        # Demo posts skip the rate limit and the emails: they are written in one go.
        topic = services.topic_create(
            board=board, author=people[author], title=title, body=body, demo_data=True
        )
        for replier, text in replies:
            services.post_create(topic=topic, author=people[replier], body=text, demo_data=True)
    return list(boards.values())

"""Demo knowledge base: the volunteer's rights, duties, procedures and common questions in
Arabic, with the code of conduct and the training right also in English. Idempotent."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from knowledge_base.models import (
    ArticleKind,
    ArticlePage,
    Audience,
    KnowledgeBaseIndexPage,
    TopicPage,
)
from knowledge_base.services import knowledge_base_setup
from lms.models import Section

INDEX = {
    "slug": "knowledge-base",
    "title": "دليل المتطوع: الحقوق والواجبات",
    "title_en": "Volunteer guide: rights and duties",
    "intro": "<p>ما لك وما عليك قبل أن تخدم ضيوف الرحمن في المدينة المنورة.</p>",
    "intro_en": "<p>What you are owed and what you owe before you serve the guests of Madinah.</p>",
}

TOPICS = [
    ("rights", "حقوق المتطوع", "Your rights", "ما تلتزم به إدارة التطوع تجاهك."),
    ("duties", "واجبات المتطوع", "Your duties", "ما يلتزم به كل متطوع في الميدان."),
    ("procedures", "الإجراءات الميدانية", "Field procedures", "خطوات العمل في المواقف المتكررة."),
    ("questions", "أسئلة شائعة", "Common questions", "إجابات مختصرة عن أكثر ما يُسأل عنه."),
]

# (topic, slug, kind, audience, section, requires acknowledgement, title, summary, body)
ARTICLES = [
    (
        "rights",
        "training-before-service",
        ArticleKind.RIGHT,
        Audience.EVERYONE,
        "",
        False,
        "حقك في التدريب قبل المشاركة الميدانية",
        "لا يُكلَّف متطوع بمهمة ميدانية قبل أن يُتمّ تدريبها المعتمد.",
        "<p>تلتزم إدارة التطوع بأن تُدرِّبك تدريبًا معتمدًا قبل أي مهمة في الميدان، وأن تُخبرك "
        "بمكان المهمة ومدتها ومسؤولك المباشر.</p><ul><li>تدريب الإسعافات الأولية قبل مهام "
        "الإسعاف.</li><li>تدريب الإرشاد قبل مهام إرشاد التائهين في المسجد النبوي.</li></ul>",
    ),
    (
        "rights",
        "rest-and-meals",
        ArticleKind.RIGHT,
        Audience.VOLUNTEERS,
        "",
        False,
        "حقك في الراحة والوجبات وساعات المناوبة المعقولة",
        "لا تزيد المناوبة على ست ساعات متصلة، ولك استراحة ووجبة وماء بارد.",
        "<p>لا تتجاوز المناوبة الواحدة ست ساعات متصلة، وبين المناوبتين ثماني ساعات على الأقل. "
        "يوفّر لك قائد الفريق الماء البارد والوجبة ومكان الاستراحة المظلل، خاصة في أوقات الظهيرة "
        "في ساحات المسجد النبوي.</p>",
    ),
    (
        "rights",
        "hours-certificate",
        ArticleKind.RIGHT,
        Audience.VOLUNTEERS,
        "",
        False,
        "حقك في شهادة بساعاتك التطوعية",
        "تُحتسب ساعات التدريب المعتمد والخدمة الميدانية المعتمدة في سجلك.",
        "<p>تُسجَّل ساعاتك بعد اعتماد الحضور من قائد الفريق ومكتب التطوع، وتصدر لك شهادة "
        "يمكن لأي جهة التحقق منها عبر رمز الاستجابة السريعة.</p>",
    ),
    (
        "duties",
        "code-of-conduct",
        ArticleKind.DUTY,
        Audience.VOLUNTEERS,
        "",
        True,
        "ميثاق سلوك المتطوع في المسجد النبوي",
        "الأدب مع الزائرين، واحترام حرمة المسجد، والمحافظة على خصوصية الناس.",
        "<p>أتعهّد بأن أُحسن معاملة الزائرين والحجاج، وأن أحترم حُرمة المسجد النبوي الشريف، "
        "وألا أُصوّر الزوار دون إذنهم، وألا أقبل هدية أو مالًا مقابل خدمتي، وأن ألتزم "
        "بتعليمات مسؤولي الموقع.</p><p>مخالفة هذا الميثاق قد توقف مشاركتك في الموسم.</p>",
    ),
    (
        "duties",
        "uniform-and-badge",
        ArticleKind.DUTY,
        Audience.VOLUNTEERS,
        "",
        False,
        "الالتزام بالزي الرسمي والبطاقة التعريفية",
        "الصدرية والبطاقة ظاهرة طوال المناوبة.",
        "<p>ارتدِ صدرية المتطوع والبطاقة التعريفية ظاهرة طوال مناوبتك، ولا تُعِرهما لغيرك. "
        "البطاقة تُعرّف الزائر بك وتُيسّر دخولك إلى مواقع الخدمة.</p>",
    ),
    (
        "duties",
        "team-leader-handover",
        ArticleKind.DUTY,
        Audience.TEAM_LEADERS,
        "",
        True,
        "مسؤوليات قائد الفريق في التحضير والتسليم",
        "تحضير الفريق، وتسجيل الحضور، وتسليم الموقع للفريق التالي.",
        "<p>يسجّل قائد الفريق حضور أعضائه في بداية المناوبة، ويتأكد من جاهزيتهم وتدريبهم، "
        "ويُسلّم الموقع للفريق التالي بملاحظات مكتوبة عن الحالات المفتوحة.</p>",
    ),
    (
        "procedures",
        "lost-pilgrim",
        ArticleKind.PROCEDURE,
        Audience.VOLUNTEERS,
        "",
        False,
        "إجراء التعامل مع التائه",
        "اطمئن، واسأل عن مكان السكن، ورافقه إلى مكتب الإرشاد.",
        "<ol><li>رحّب بالتائه وطمئنه بلغته إن استطعت.</li><li>اسأل عن اسم الفندق أو رقم الحملة."
        "</li><li>رافقه إلى أقرب مكتب إرشاد، ولا تتركه قبل تسليمه.</li></ol>",
    ),
    (
        "procedures",
        "report-emergency",
        ArticleKind.PROCEDURE,
        Audience.EVERYONE,
        "",
        False,
        "الإبلاغ عن حالة إسعافية",
        "اتصل بالرقم 997، وحدد موقعك بالباب أو الساحة.",
        "<p>عند الإغماء أو ضربة الشمس: أبعد الزحام، واتصل بالهلال الأحمر على الرقم 997، وحدد "
        "موقعك برقم الباب أو الساحة، وابقَ مع المريض حتى يصل الإسعاف.</p>",
    ),
    (
        "procedures",
        "women-prayer-halls",
        ArticleKind.PROCEDURE,
        Audience.VOLUNTEERS,
        Section.WOMEN,
        False,
        "ترتيبات القسم النسائي عند مصليات النساء",
        "مواقع الاستقبال وأوقات التبديل للمتطوعات.",
        "<p>تستقبل المتطوعات الزائرات عند أبواب مصليات النساء، ويكون التبديل بعد كل صلاة، "
        "وتُرفع الملاحظات إلى مشرفة القسم النسائي.</p>",
    ),
    (
        "questions",
        "outside-season",
        ArticleKind.QUESTION,
        Audience.EVERYONE,
        "",
        False,
        "هل يمكنني التطوع خارج مواسم الحج والعمرة؟",
        "نعم، في برامج الزيارة طوال العام.",
        "<p>نعم. تستقبل إدارة التطوع المتطوعين في برامج الزيارة طوال العام، وتُعلن الفرص في "
        "المنصة قبل كل شهر.</p>",
    ),
    (
        "questions",
        "missed-shift",
        ArticleKind.QUESTION,
        Audience.VOLUNTEERS,
        "",
        False,
        "ماذا أفعل إذا لم أستطع الحضور إلى مناوبتي؟",
        "أبلغ قائد فريقك قبل المناوبة بأربع وعشرين ساعة.",
        "<p>أبلغ قائد فريقك قبل موعد المناوبة بأربع وعشرين ساعة على الأقل ليُكلّف بديلًا، "
        "ولا تُرسل أحدًا مكانك دون علمه.</p>",
    ),
]

ENGLISH = {
    "training-before-service": (
        "Your right to training before field service",
        "No volunteer is given a field task before completing its accredited training.",
        "<p>The volunteer office trains you, with accredited training, before any task in the "
        "field, and tells you where it is, how long it lasts and who your supervisor is.</p>",
    ),
    "code-of-conduct": (
        "Volunteer code of conduct at the Prophet's Mosque",
        "Courtesy to visitors, respect for the mosque, and people's privacy.",
        "<p>I undertake to treat visitors and pilgrims kindly, to respect the sanctity of the "
        "Prophet's Mosque, not to photograph visitors without their permission, not to accept "
        "gifts or money for my service, and to follow the instructions of the site's "
        "supervisors.</p><p>Breaking this code may end your service for the season.</p>",
    ),
}


def _child_page(parent: Page, model, slug: str, **fields) -> Page:
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
    return page


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
def load_knowledge_base() -> int:
    """Create the demo knowledge base if missing; returns the number of Arabic articles."""
    locales = {
        code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES
    }
    home = Site.objects.get(is_default_site=True).root_page.specific
    index = _child_page(
        home, KnowledgeBaseIndexPage, INDEX["slug"], title=INDEX["title"], intro=INDEX["intro"]
    )
    topics = {
        slug: _child_page(index, TopicPage, slug, title=title, intro=intro)
        for slug, title, _title_en, intro in TOPICS
    }
    articles = {}
    for topic, slug, kind, audience, section, asks, title, summary, body in ARTICLES:
        articles[slug] = _child_page(
            topics[topic],
            ArticlePage,
            slug,
            title=title,
            kind=kind,
            audience=audience,
            section=section,
            requires_acknowledgement=asks,
            summary=summary,
            body=body,
        )

    english = locales["en"]
    _translate(home, english)
    index_en = _translate(index, english, title=INDEX["title_en"], intro=INDEX["intro_en"])
    for slug, _title, title_en, _intro in TOPICS:
        _translate(topics[slug], english, title=title_en, intro="")
    for slug, (title, summary, body) in ENGLISH.items():
        _translate(articles[slug], english, title=title, summary=summary, body=body)
    for page in (index, index_en):
        knowledge_base_setup(index_page=page)
    return len(ARTICLES)

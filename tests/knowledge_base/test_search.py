"""Search over the knowledge base: each Arabic folding through the search page, ranking,
the other languages, and what the reader may see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge_base.models import ArticlePage, ArticleTerm, Audience
from knowledge_base.selectors import articles_in_order, search_ranking
from lms.models import Section
from tests.knowledge_base.fixtures import publish_revision

pytestmark = pytest.mark.django_db


def titles(client, query: str, language: str = "ar") -> list[str]:
    response = client.get(f"/{language}/kb/search/", {"q": query})
    assert response.status_code == 200
    return [article.title for article in response.context["results"]]


@pytest.mark.parametrize(
    ("spelled", "typed"),
    [
        ("المَسْجِدُ النَّبَوِيُّ الشَّرِيف", "المسجد النبوي"),  # tashkeel
        ("آداب المـــسجد", "المسجد"),  # tatweel
        ("إرشاد التائهين", "ارشاد"),  # alef with hamza below
        ("أدوات الإسعاف", "ادوات"),  # alef with hamza above
        ("آداب الزيارة", "اداب"),  # alef with madda
        ("ٱلصبر على الزحام", "الصبر"),  # alef wasla
        ("السلامة في الساحة", "السلامه"),  # taa marbuta typed as haa
        ("الوصول إلى مستشفى الملك فهد", "مستشفي"),  # alef maqsura typed as yaa
        ("المسؤولية عن المفقودات", "المسووليه"),  # hamza on waw, and taa marbuta
        ("مسؤوليات المتطوع", "مسئوليات"),  # hamza on waw typed on yaa
        ("مسئوليات القائد", "مسؤوليات"),  # and the other way
        ("للحجاج حق الإرشاد", "الحجاج"),  # prefixes
        ("الصلاة في المسجد", "بالمسجد"),
        ("فرق الإسعاف", "والإسعاف"),
        ("الإسعافات الأولية", "اسعاف"),  # suffixes
    ],
)
def test_arabic_search_finds_the_article_spelled_otherwise(
    client, volunteer, make_article, spelled, typed
):
    make_article(title=spelled)
    make_article(title="مقالة أخرى", body="<p>لا علاقة لها</p>")
    client.force_login(volunteer)
    assert titles(client, typed) == [spelled]


def test_the_reverse_also_holds_a_query_with_diacritics_finds_plain_text(
    client, volunteer, make_article
):
    make_article(title="ارشاد التائه الى الفندق")
    client.force_login(volunteer)
    assert titles(client, "إِرْشَادُ التَّائِهِ إلى الفُنْدُق") == ["ارشاد التائه الى الفندق"]


def test_articles_with_every_word_are_preferred_else_some_words_with_a_notice(
    client, volunteer, make_article
):
    make_article(title="الزي الرسمي", body="<p>البطاقة التعريفية ظاهرة</p>")
    make_article(title="الزي الشتوي", body="<p>معطف</p>")
    client.force_login(volunteer)
    response = client.get("/ar/kb/search/", {"q": "الزي البطاقة"})
    assert [a.title for a in response.context["results"]] == ["الزي الرسمي"]
    assert response.context["some_words"] is False
    with translation.override("en"):
        response = client.get("/en/kb/search/", {"q": "الزي الحملة"})
    assert [a.title for a in response.context["results"]] == ["الزي الرسمي", "الزي الشتوي"]
    assert response.context["some_words"] is True
    assert "showing results for some of your words" in response.content.decode()
    assert titles(client, "الحملة المطر") == []


def test_a_natural_question_finds_articles(client, volunteer, make_article, locales):
    make_article(title="إبلاغ عن طفل تائه", body="<p>خطوات الإبلاغ عن الأطفال التائهين</p>")
    make_article(title="جدول المناوبات")
    client.force_login(volunteer)
    assert titles(client, "كيف أبلغ عن طفل تائه في الساحة؟") == ["إبلاغ عن طفل تائه"]
    assert titles(client, "ماذا أفعل إذا وجدت طفلا تائها؟") == ["إبلاغ عن طفل تائه"]


def test_for_hajj_the_guide_ranks_before_booking_appointments(client, volunteer, make_article):
    make_article(title="حجز المواعيد", body="<p>مواعيد العيادة</p>")
    make_article(title="دليل الحج", body="<p>مناسك</p>")
    make_article(title="أوقات العمل", body="<p>لا شيء هنا</p>")
    client.force_login(volunteer)
    assert titles(client, "حج") == ["دليل الحج", "حجز المواعيد"]


def test_ties_are_broken_by_relevance_never_by_the_alphabet(volunteer, make_article):
    make_article(title="أ- الماء", body="<p>عن الظل</p>")
    make_article(title="ي- الماء", body="<p>الماء البارد والماء المبرد للماء</p>")
    ranking = search_ranking(query="الماء", user=volunteer, language="ar")
    assert [a.title for a in articles_in_order(ranking.ids)] == ["ي- الماء", "أ- الماء"]


def test_title_matches_rank_before_body_matches(client, volunteer, make_article):
    make_article(title="أ- تعليمات عامة", body="<p>عن الإسعاف في الساحات</p>")
    make_article(title="ب- الإسعاف الأولي", body="<p>خطوات</p>")
    make_article(title="ج- الإسعاف والإبلاغ", body="<p>الإسعاف</p>")
    make_article(title="د- لا شيء", body="<p>خطوات</p>")
    client.force_login(volunteer)
    assert titles(client, "اسعاف") == [
        "ج- الإسعاف والإبلاغ",  # in the title, and once more in the text
        "ب- الإسعاف الأولي",
        "أ- تعليمات عامة",
    ]


def test_more_title_words_rank_higher(volunteer, make_article):
    make_article(title="الماء", body="<p>البارد</p>")
    make_article(title="الماء البارد", body="<p>للزوار</p>")
    with translation.override("ar"):
        ranking = search_ranking(query="الماء البارد", user=volunteer, language="ar")
        assert [a.title for a in articles_in_order(ranking.ids)] == ["الماء البارد", "الماء"]


def test_document_frequencies_are_counted_once_until_the_index_changes(volunteer, make_article):
    make_article(title="الماء البارد")
    make_article(title="الماء", body="<p>البارد</p>")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            search_ranking(query="الماء البارد", user=volunteer, language="ar")
        return len(captured.captured_queries)

    search_ranking(query="الماء", user=volunteer, language="ar")  # one word: no frequencies
    first = queries()
    assert queries() == first - 1  # the frequencies are remembered
    make_article(title="البارد")
    assert queries() == first  # and counted again once an article is published
    ranking = search_ranking(query="الماء البارد", user=volunteer, language="ar")
    assert len(ranking.ids) == 2 and not ranking.some_words


def test_search_reads_the_published_version_only(client, volunteer, make_article):
    article = make_article(title="الحضور المبكر")
    draft = ArticlePage.objects.get(pk=article.pk)
    draft.title = "موضوع سري لم ينشر"
    draft.save_revision()
    client.force_login(volunteer)
    assert titles(client, "سري") == []
    assert titles(client, "المبكر") == ["الحضور المبكر"]
    publish_revision(article, title="الحضور قبل الموعد")
    assert titles(client, "المبكر") == []
    assert titles(client, "الموعد") == ["الحضور قبل الموعد"]


def test_search_keeps_to_what_the_reader_may_see(
    client, volunteer, team_leader, office_staff, make_article
):
    make_article(title="تسليم الموقع للقادة", audience=Audience.TEAM_LEADERS)
    make_article(title="تسليم الموقع للمتطوعات", section=Section.WOMEN)
    make_article(title="تسليم الموقع للجميع", audience=Audience.EVERYONE)
    assert titles(client, "تسليم") == ["تسليم الموقع للجميع"]  # a visitor
    client.force_login(volunteer)  # men's section
    assert titles(client, "تسليم") == ["تسليم الموقع للجميع"]
    client.force_login(team_leader)
    assert sorted(titles(client, "تسليم")) == ["تسليم الموقع للجميع", "تسليم الموقع للقادة"]
    client.force_login(office_staff)
    assert len(titles(client, "تسليم")) == 3


def test_search_answers_in_the_pages_language(client, volunteer, make_article, locales):
    article = make_article(title="حقوق المتطوع", slug="rights")
    english = article.copy_for_translation(locales["en"], copy_parents=True)
    english.title = "Volunteer rights"
    english.body = "<p>What the office owes you.</p>"
    english.save_revision().publish()
    client.force_login(volunteer)
    assert titles(client, "rights", "en") == ["Volunteer rights"]
    assert titles(client, "VOLUNTEER", "en") == ["Volunteer rights"]
    assert titles(client, "volunteers' right", "en") == ["Volunteer rights"]  # stemmed
    assert titles(client, "rights", "ar") == []
    assert titles(client, "حقوق", "en") == []  # it has an English translation


def test_an_english_page_shows_arabic_only_articles_after_english_ones_marked(
    client, volunteer, make_article, locales
):
    translated = make_article(title="حقوق المتطوع في المسجد", slug="rights")
    english = translated.copy_for_translation(locales["en"], copy_parents=True)
    english.title = "Volunteer rights in the mosque (المسجد)"
    english.save_revision().publish()
    make_article(title="آداب المسجد النبوي", slug="manners")  # Arabic only
    make_article(title="المسجد: للمتطوعات", slug="women", section=Section.WOMEN)  # not theirs
    client.force_login(volunteer)
    with translation.override("en"):
        response = client.get("/en/kb/search/", {"q": "المسجد"})
    results = list(response.context["results"])
    assert [a.title for a in results] == [english.title, "آداب المسجد النبوي"]
    assert [a.is_original for a in results] == [False, True]
    page = response.content.decode()
    assert page.count("In Arabic: not yet translated") == 1
    assert page.index(english.title.split(" (")[0]) < page.index("آداب")


def test_results_show_a_snippet_with_the_matched_words_marked(client, volunteer, make_article):
    make_article(
        title="الإسعافات الأولية",
        summary="",
        body="<p>" + "مقدمة طويلة " * 40 + "</p><p>اتصل <b>بالإسعاف</b> فورا &amp; "
        "انتظر &lt;script&gt;</p>",
    )
    client.force_login(volunteer)
    page = client.get("/ar/kb/search/", {"q": "إسعاف"}).content.decode()
    assert "<mark>الإسعافات</mark> الأولية" in page
    assert "اتصل <mark>بالإسعاف</mark> فورا &amp; انتظر &lt;script&gt;" in page
    assert "<script>" not in page.split("<main", 1)[-1].split("</main>")[0]


@pytest.mark.parametrize(
    ("language", "title", "typed"),
    [
        ("tr", "Gönüllü hakları ve ışık", "gonullu ISIK"),
        ("tr", "İstanbul'dan gelen ziyaretçiler", "istanbul"),
        ("ms", "Hak Sukarelawan", "sukarelawan"),
        ("ur", "رضاکاروں کے حقوق", "رضاكاروں"),
        ("ha", "Haƙƙoƙin ɗan agaji", "haƙƙoƙin"),
    ],
)
def test_other_languages_fold_case_and_accents(
    client, volunteer, make_article, locales, language, title, typed
):
    article = make_article(title="حقوق", slug="rights")
    translated = article.copy_for_translation(locales[language], copy_parents=True)
    translated.title = title
    translated.save_revision().publish()
    client.force_login(volunteer)
    assert titles(client, typed, language) == [title]


def test_hausa_hooked_letters_are_not_plain_letters(client, volunteer, make_article, locales):
    article = make_article(title="حقوق", slug="rights")
    hausa = article.copy_for_translation(locales["ha"], copy_parents=True)
    hausa.title = "Ƙasa"
    hausa.save_revision().publish()
    client.force_login(volunteer)
    assert titles(client, "kasa", "ha") == []


def test_a_query_of_punctuation_gets_a_clear_error(client):
    response = client.get("/en/kb/search/", {"q": "?!،"})
    assert response.status_code == 200
    assert "Type at least one word to search for." in response.content.decode()
    assert response.context["results"] is None


def test_results_are_paginated(client, volunteer, make_article):
    for number in range(23):
        make_article(title=f"الصبر {number:02d}")
    client.force_login(volunteer)
    first = client.get("/ar/kb/search/", {"q": "الصبر"}).context["results"]
    second = client.get("/ar/kb/search/", {"q": "الصبر", "page": 2}).context["results"]
    assert first.paginator.count == 23
    assert len(first) == 20 and len(second) == 3
    assert client.get("/ar/kb/search/", {"q": "الصبر", "page": "x"}).status_code == 200
    # Only the page shown is ranked out of the database: the pages are the whole ranking.
    with translation.override("ar"):
        whole = search_ranking(query="الصبر", user=volunteer, language="ar", stop=100)
    assert whole.count == 23
    assert [a.pk for a in first] + [a.pk for a in second] == whole.ids
    past = client.get("/ar/kb/search/", {"q": "الصبر", "page": 9}).context["results"]
    assert past.number == 2 and [a.title for a in past] == [a.title for a in second]


def test_the_count_is_of_the_articles_holding_every_word_else_of_all(
    client, volunteer, make_article
):
    for number in range(22):
        make_article(title=f"الصبر والزحام {number:02d}")
    for number in range(3):
        make_article(title=f"الصبر وحده {number:02d}")
    client.force_login(volunteer)
    every = client.get("/ar/kb/search/", {"q": "الصبر الزحام"})
    assert every.context["results"].paginator.count == 22
    assert every.context["some_words"] is False
    assert (
        len(client.get("/ar/kb/search/", {"q": "الصبر الزحام", "page": 2}).context["results"]) == 2
    )
    some = client.get("/ar/kb/search/", {"q": "وحده المطر"})
    assert some.context["results"].paginator.count == 3
    assert some.context["some_words"] is True
    assert client.get("/ar/kb/search/", {"q": "المطر"}).context["results"].paginator.count == 0


def test_saving_an_article_carries_its_audience_and_section_to_the_index(
    client, volunteer, make_article
):
    article = make_article(title="تسليم العهدة", audience=Audience.EVERYONE)
    assert titles(client, "تسليم") == ["تسليم العهدة"]  # a visitor
    article.audience = Audience.TEAM_LEADERS
    article.save()
    assert titles(client, "تسليم") == []
    assert set(
        ArticleTerm.objects.filter(article_id=article.pk).values_list("audience", flat=True)
    ) == {Audience.TEAM_LEADERS}
    article.audience, article.section = Audience.VOLUNTEERS, Section.WOMEN
    article.save()
    client.force_login(volunteer)  # men's section
    assert titles(client, "تسليم") == []


def test_paragraphs_stay_separate_words_and_entities_are_read(client, volunteer, make_article):
    make_article(title="عنوان", body="<p>الماء</p><p>البارد &amp; الظل&nbsp;الوارف</p>")
    terms = set(ArticleTerm.objects.values_list("term", flat=True))
    assert {"ماء", "بارد", "ظل", "وارف"} <= terms
    assert "amp" not in terms and "nbsp" not in terms
    client.force_login(volunteer)
    assert titles(client, "الماء البارد") == ["عنوان"]


def test_unpublished_and_deleted_articles_leave_the_index(client, volunteer, make_article):
    first = make_article(title="المناوبة الليلية")
    second = make_article(title="المناوبة الصباحية")
    client.force_login(volunteer)
    assert len(titles(client, "المناوبة")) == 2
    ArticlePage.objects.get(pk=first.pk).unpublish()
    assert not ArticleTerm.objects.filter(article_id=first.pk).exists()
    ArticlePage.objects.get(pk=second.pk).delete()
    assert titles(client, "المناوبة") == []
    assert not ArticleTerm.objects.exists()


def test_rebuilding_the_index_gives_the_same_results(client, volunteer, make_article):
    from django.core.management import call_command

    make_article(title="الإرشاد المكاني", body="<p>الخرائط</p>")
    make_article(title="الخرائط الورقية")
    client.force_login(volunteer)
    before = titles(client, "الخرائط")
    ArticleTerm.objects.all().delete()
    assert titles(client, "الخرائط") == []
    call_command("rebuild_search_index", verbosity=0)
    assert titles(client, "الخرائط") == before and len(before) == 2


TITLE_WORDS = ["مسجد", "حجاج", "إسعاف", "متطوع", "مستشفى", "زيارة", "مسؤولية", "ضيوف"]


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(st.sampled_from(TITLE_WORDS), min_size=2, max_size=3, unique=True),
    st.sampled_from(["", "ال", "و", "وال", "بال", "لل", "فال"]),
    st.sampled_from(["", "\u064e", "\u0651", "\u0640"]),
    st.data(),
)
def test_any_article_is_found_by_any_title_word_with_any_prefix_or_marks(
    volunteer, make_article, title_words, prefix, mark, data
):
    ArticlePage.objects.filter(slug__startswith="prop-").delete()
    article = make_article(title=" ".join(title_words), slug=f"prop-{len(title_words)}")
    make_article(title="نص آخر تماما", slug="prop-other")
    word = data.draw(st.sampled_from(title_words))
    typed = mark.join(prefix + word) if mark else prefix + word
    ranking = search_ranking(query=typed, user=volunteer, language="ar")
    assert article.pk in ranking.ids


@pytest.mark.parametrize(
    ("language", "title", "body", "question"),
    [
        (
            "ur",
            "گمشدہ بچے کی اطلاع",
            "<p>گمشدہ بچوں کی اطلاع دینے کا طریقہ</p>",
            "مجھے گمشدہ بچے کی اطلاع کیسے دینی ہے؟",
        ),
        (
            "tr",
            "Kayıp çocukların bildirilmesi",
            "<p>Kayıp bir çocuğu bulduğunuzda ne yapmalısınız</p>",
            "Kayıp çocuk için ne yapmalıyım?",
        ),
        (
            "ha",
            "Yadda ake ba da rahoton yaro da ya ɓace",
            "<p>Matakan da za a ɗauka</p>",
            "Me zan yi idan yaro ya ɓace?",
        ),
        (
            "en",
            "Reporting lost children",
            "<p>What to do when you find a lost child</p>",
            "What should I do for a lost child?",
        ),
    ],
)
def test_a_natural_question_finds_the_article_in_each_language(
    client, volunteer, make_article, locales, language, title, body, question
):
    article = make_article(title="الإبلاغ عن طفل تائه", slug="lost-child")
    translated = article.copy_for_translation(locales[language], copy_parents=True)
    translated.title = title
    translated.body = body
    translated.save_revision().publish()
    other = make_article(title="جدول المناوبات", slug="shifts")
    other_translated = other.copy_for_translation(locales[language], copy_parents=True)
    other_translated.title = "Shifts / Nöbetler / شفٹیں / Canje"
    other_translated.save_revision().publish()
    client.force_login(volunteer)
    with translation.override(language):
        assert titles(client, question, language) == [title]


@pytest.mark.parametrize(
    ("language", "title", "typed"),
    [
        ("tr", "Gönüllülerin hakları", "gönüllü hakları"),
        ("tr", "Gönüllülerin hakları", "gonullu"),  # typed without ö ü: found by its start
        ("ur", "رضاکاروں کے حقوق", "رضاكاروں حقوق"),
        ("ha", "Haƙƙoƙin ɗan agaji", "haƙƙoƙin agaji"),
        ("en", "Volunteers' rights", "volunteer's right"),
    ],
)
def test_inflected_words_are_found_in_each_language(
    client, volunteer, make_article, locales, language, title, typed
):
    article = make_article(title="حقوق", slug="rights")
    translated = article.copy_for_translation(locales[language], copy_parents=True)
    translated.title = title
    translated.save_revision().publish()
    client.force_login(volunteer)
    with translation.override(language):
        assert titles(client, typed, language) == [title]


def test_the_migration_indexes_the_articles_already_published(client, volunteer, make_article):
    import importlib

    from django.apps import apps

    indexing = importlib.import_module("knowledge_base.migrations.0003_search_terms")
    completing = importlib.import_module("knowledge_base.migrations.0004_search_visibility")
    make_article(title="الإرشاد المكاني", body="<p>الخرائط</p>", section=Section.WOMEN)
    make_article(title="للجميع", audience=Audience.EVERYONE)
    fields = ("article_id", "term", "weight", "in_title", "language", "audience", "section")
    expected = sorted(ArticleTerm.objects.values_list(*fields))
    assert ("", Section.WOMEN) in {(row[1], row[6]) for row in expected}
    ArticleTerm.objects.all().delete()
    indexing.index_live_articles(apps, None)
    completing.complete_the_index(apps, None)
    assert sorted(ArticleTerm.objects.values_list(*fields)) == expected

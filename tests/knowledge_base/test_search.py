"""Search over the knowledge base: each Arabic folding through the search page, ranking,
the other languages, and what the reader may see."""

import pytest
from django.utils import translation

from knowledge_base.models import ArticlePage, Audience
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


def test_every_word_must_match_somewhere(client, volunteer, make_article):
    make_article(title="الزي الرسمي", body="<p>البطاقة التعريفية ظاهرة</p>")
    client.force_login(volunteer)
    assert titles(client, "الزي البطاقة") == ["الزي الرسمي"]
    assert titles(client, "الزي الحملة") == []


def test_title_matches_rank_before_body_matches(client, volunteer, make_article):
    make_article(title="أ- تعليمات عامة", body="<p>عن الإسعاف في الساحات</p>")
    make_article(title="ب- الإسعاف الأولي", body="<p>خطوات</p>")
    make_article(title="ج- الإسعاف والإبلاغ", body="<p>الإسعاف</p>")
    make_article(title="د- لا شيء", body="<p>خطوات</p>")
    client.force_login(volunteer)
    assert titles(client, "اسعاف") == [
        "ب- الإسعاف الأولي",
        "ج- الإسعاف والإبلاغ",
        "أ- تعليمات عامة",
    ]


def test_more_title_words_rank_higher(volunteer, make_article):
    make_article(title="الماء", body="<p>البارد</p>")
    make_article(title="الماء البارد", body="<p>للزوار</p>")
    with translation.override("ar"):
        ranking = search_ranking(query="الماء البارد", user=volunteer, language="ar")
        assert [a.title for a in articles_in_order(ranking)] == ["الماء البارد", "الماء"]


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
    assert titles(client, "تسليم") == ["تسليم الموقع للجميع", "تسليم الموقع للقادة"]
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
    assert titles(client, "rights", "ar") == []
    assert titles(client, "حقوق", "en") == []


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


def test_paragraphs_stay_separate_words_and_entities_are_read(client, volunteer, make_article):
    make_article(title="عنوان", body="<p>الماء</p><p>البارد &amp; الظل&nbsp;الوارف</p>")
    article = ArticlePage.objects.get(title="عنوان")
    assert "الماء البارد" in article.search_text
    assert "الظل الوارف" in article.search_text
    assert "amp" not in article.search_text
    client.force_login(volunteer)
    assert titles(client, "الماء البارد") == ["عنوان"]

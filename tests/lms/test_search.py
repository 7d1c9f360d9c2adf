"""The search engine's language rules (lms.search), each on its own: a word typed one way
matches the word written another; stems, stop words, queries and snippets."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lms.search import (
    STOP_WORDS,
    fold,
    index_terms,
    parse_query,
    snippet,
    stem,
    words,
)


@pytest.mark.parametrize(
    ("typed", "spelled"),
    [
        # Diacritics (tashkeel), shadda and sukun included, and superscript alef.
        ("المسجد النبوي", "المَسْجِدُ النَّبَوِيُّ"),
        ("رحمن", "رَحْمٰن"),
        # Tatweel (kashida) stretching a word.
        ("المدينة", "المـــديـنة"),
        # Hamza forms of alef, and alef wasla.
        ("ارشاد", "إرشاد"),
        ("اداب", "آداب"),
        ("اسعاف", "أسعاف"),
        ("استقبال", "ٱستقبال"),
        # The hamza seats: on waw, on yaa, and on the line are one letter.
        ("مسئوليات", "مسؤوليات"),
        ("مسءول", "مسؤول"),
        ("مسؤول", "مسؤول"),  # precomposed and decomposed (و + hamza above)
        # Taa marbuta and haa.
        ("المدينه", "المدينة"),
        # Alef maqsura and yaa.
        ("مستشفي", "مستشفى"),
        # Urdu letters typed on an Arabic keyboard: yeh, yeh barree, keheh, heh goal and
        # heh doachashmee.
        ("رضاكاروں", "رضاکاروں"),
        ("كي", "کی"),
        ("كي", "کے"),
        ("ه", "ہ"),
        ("بهائي", "بھائی"),
        # Eastern Arabic digits, Arabic and Urdu forms.
        ("997", "٩٩٧"),
        ("997", "۹۹۷"),
        # Latin scripts: case and accents; Turkish dotted and dotless i.
        ("gonullu", "Gönüllü"),
        ("istanbul", "İSTANBUL"),
        ("isik", "Işık"),
        ("hakki", "hakkı"),
        ("calisma", "Çalışma"),
        ("sukarelawan", "SUKARELAWAN"),
    ],
)
def test_a_word_typed_otherwise_folds_to_the_same_text(typed, spelled):
    assert fold(typed) == fold(spelled)


def test_hausa_hooked_letters_stay_distinct_letters():
    assert fold("ƙasa") == "ƙasa"
    assert fold("ƙasa") != fold("kasa")
    assert fold("Ɗan ɓarawo ƴaƴa") == "ɗan ɓarawo ƴaƴa"
    assert fold("ʼyaʼya") == fold("'ya'ya")


def test_punctuation_separates_words_and_spaces_collapse():
    assert fold("  حقوق،  المتطوع؛ (واجباته)! ") == "حقوق المتطوع واجباته"


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_folded_text_has_no_marks_no_seats_and_single_spaces(text):
    folded = fold(text)
    assert "  " not in folded and folded == folded.strip()
    assert not set(folded) & set("أإآٱؤئةىیکۃہ\u064b\u064e\u0650\u0651\u0652\u0640")


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        # The article and attached prepositions and conjunctions.
        ("للحجاج", "الحجاج"),
        ("بالمسجد", "مسجد"),
        ("والإسعاف", "اسعاف"),
        ("وبالمستشفى", "المستشفي"),
        ("كالعادة", "العاده"),
        ("فالمتطوع", "متطوع"),
        ("الحج", "حج"),
        ("لمسجد", "مسجد"),
        # Common suffixes: plurals, the feminine, possessive pronouns.
        ("المتطوعين", "متطوع"),
        ("المتطوعون", "المتطوعة"),
        ("إسعافات", "الإسعاف"),
        ("مسؤولياتها", "مسئولية"),
    ],
)
def test_arabic_light_stemming_finds_the_word_with_prefixes_and_suffixes(written, typed):
    assert stem(fold(written), "ar") == stem(fold(typed), "ar")


def test_light_stemming_keeps_different_words_apart():
    assert stem("حجز", "ar") != stem("حج", "ar")
    assert stem(fold("كتاب"), "ar") == "كتاب"  # a short word keeps its first letter
    assert len(stem("وه", "ar")) == 2


ROOT_WORDS = ["مسجد", "حجاج", "اسعاف", "متطوع", "مستشفى", "زيارة", "مسؤولية", "ضيوف", "قائد"]
PREFIXES = ["", "ال", "و", "وال", "بال", "لل", "فال", "كال", "وبال"]
MARKS = ["", "\u064e", "\u0650", "\u064f", "\u0652", "\u0651", "\u0640"]


@given(
    st.sampled_from(ROOT_WORDS),
    st.sampled_from(PREFIXES),
    st.lists(st.sampled_from(MARKS), min_size=8, max_size=8),
)
def test_any_prefix_and_diacritics_variant_of_a_word_has_its_stem(word, prefix, marks):
    variant = "".join(letter + mark for letter, mark in zip(prefix + word, marks * 3, strict=False))
    assert stem(fold(variant), "ar") == stem(fold(word), "ar")


@pytest.mark.parametrize(
    ("language", "written", "typed"),
    [
        ("en", "Volunteers' rights", "volunteer right"),
        ("tr", "Gönüllülerin hakları", "gonullu hak"),
        ("ms", "Hak-hak sukarelawan", "sukarelawan"),
        ("ha", "Haƙƙoƙin ɗan agaji", "haƙƙoƙin"),
        ("ur", "رضاکاروں کے حقوق", "رضاكاروں"),
    ],
)
def test_each_language_stems_its_own_words(language, written, typed):
    query = parse_query(typed, language)
    assert query
    assert all(word.terms & set(index_terms(written, language)) for word in query.words)


def test_hamza_seats_are_indexed_also_as_typed_without_hamza():
    terms = index_terms("المسؤولية عن المفقودات", "ar")
    assert stem(fold("مسئوليه"), "ar") in terms
    assert stem(fold("المسووليه"), "ar") in terms


@pytest.mark.parametrize("language", ["ar", "en", "ur", "tr", "ms", "ha"])
def test_every_language_has_stop_words_and_they_are_neither_indexed_nor_sought(language):
    assert STOP_WORDS[language]
    word = sorted(STOP_WORDS[language])[0]
    assert not index_terms(word, language)
    assert [w.word for w in parse_query(f"{word} zzzq", language).words] == ["zzzq"]


def test_a_natural_question_keeps_only_the_words_that_matter():
    assert [w.word for w in parse_query("كيف أبلغ عن طفل تائه؟", "ar").words] == [
        "ابلغ",
        "طفل",
        "تاءه",
    ]
    assert [w.word for w in parse_query("What should I do for a lost child?", "en").words] == [
        "lost",
        "child",
    ]
    assert [w.word for w in parse_query("Kayıp çocuk için ne yapmalıyım?", "tr").words] == [
        "kayip",
        "cocuk",
        "yapmaliyim",
    ]
    assert [w.word for w in parse_query("Me zan yi idan yaro ya ɓace?", "ha").words] == [
        "yi",
        "yaro",
        "ɓace",
    ]


def test_a_query_of_stop_words_only_keeps_them():
    assert [w.word for w in parse_query("من هو", "ar").words] == ["من", "هو"]


def test_query_words_are_folded_distinct_and_limited():
    assert [w.word for w in parse_query("الإسعاف الاسعاف   المدينة", "ar").words] == [
        "الاسعاف",
        "المدينه",
    ]
    assert not parse_query("... ؟؟", "ar")
    assert len(parse_query(" ".join(f"w{n}" for n in range(20)), "en").words) == 8
    assert words("'ya'ya") == ["ya'ya"]


def test_snippet_marks_matched_words_as_written_and_escapes_the_rest():
    text = "<script>x</script> " + "كلام " * 80 + "عن إسعافِ الحُجّاج & غيرهم " + "بقية " * 80
    shown = snippet(text, parse_query("اسعاف الحجاج", "ar"), "ar")
    assert "<mark>إسعافِ</mark> <mark>الحُجّاج</mark> &amp; غيرهم" in shown
    assert "<script>" not in shown
    assert shown.startswith("\u2026 ") and shown.endswith(" \u2026")
    assert len(shown) < 400


def test_snippet_without_a_match_is_the_start_of_the_text_escaped():
    shown = snippet("<b>نص</b> قصير", parse_query("غائب", "ar"), "ar")
    assert shown == "&lt;b&gt;نص&lt;/b&gt; قصير"


@given(st.text(max_size=300), st.sampled_from(["اسعاف", "help", "<mark>"]))
def test_snippet_never_lets_markup_through(text, query):
    shown = snippet(text, parse_query(query, "en"), "en")
    assert "<" not in shown.replace("<mark>", "").replace("</mark>", "")

"""Each folding rule on its own: a word typed one way matches the word spelled another."""

import pytest

from knowledge_base.text import fold, query_words


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
        # Taa marbuta and haa.
        ("المدينه", "المدينة"),
        # Alef maqsura and yaa.
        ("مستشفي", "مستشفى"),
        # Hamza on waw and yaa fold the same way (NFKD), typed without hamza.
        ("مسوول", "مسؤول"),
        # Urdu letters typed on an Arabic keyboard: yeh, keheh, heh goal.
        ("رضاكاروں", "رضاکاروں"),
        ("كي", "کی"),
        ("ه", "ہ"),
        # Eastern Arabic digits.
        ("997", "٩٩٧"),
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


def test_query_words_are_folded_distinct_and_limited():
    assert query_words("الإسعاف الاسعاف   المدينة") == ["الاسعاف", "المدينه"]
    assert query_words("... ؟؟") == []
    assert len(query_words(" ".join(f"w{n}" for n in range(20)))) == 8

"""Search text folding for the six languages of the knowledge base.

Articles keep a folded copy of their words (``ArticlePage.search_title`` and
``search_text``), written whenever the page is saved, and a query is folded the same way
before it is compared. One fold serves every language, because a volunteer may type Arabic
words on an English page and Hausa words on an Arabic one.

Arabic is folded the way Arabic search engines do (Lucene's ArabicNormalizer is the usual
reference): diacritics (tashkeel) and tatweel are removed, the hamza forms of alef
(أ إ آ ٱ) become bare alef, taa marbuta becomes haa and alef maqsura becomes yaa. The
Persian-style letters Urdu writes (ی ک ہ ۃ) fold onto their Arabic counterparts, so an
Urdu word typed on an Arabic keyboard still matches. Eastern Arabic digits become 0-9.

Latin-script languages are folded to lower case without accents (Turkish ş ğ ç ö ü, Malay
and Hausa vowels with tone marks), and Turkish dotted and dotless i (İ i I ı) are all one
``i``, because most volunteers type Turkish on keyboards without ı. Letters that are not a
base letter plus a mark, such as Hausa's hooked ɓ ɗ ƙ ƴ, are distinct letters and are kept.
"""

import re
import unicodedata

# Marks that do not change which word it is: tashkeel (fathatan .. sukun, and the extended
# marks), superscript alef, Quranic annotation marks, and tatweel (kashida).
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")

_LETTERS = str.maketrans(
    {
        "\u0671": "\u0627",  # ٱ alef wasla → ا (it has no Unicode decomposition)
        "\u0672": "\u0627",  # ٲ alef with wavy hamza above
        "\u0673": "\u0627",  # ٳ alef with wavy hamza below
        "\u0629": "\u0647",  # ة taa marbuta → ه
        "\u06c3": "\u0647",  # ۃ Urdu taa marbuta goal → ه
        "\u06c1": "\u0647",  # ہ Urdu heh goal → ه
        "\u06d5": "\u0647",  # ە ae → ه
        "\u0649": "\u064a",  # ى alef maqsura → ي
        "\u06cc": "\u064a",  # ی Farsi yeh (Urdu) → ي
        "\u06a9": "\u0643",  # ک keheh (Urdu) → ك
        "\u0131": "i",  # ı Turkish dotless i
        "\u2019": "'",  # ’ and ʼ (Hausa ʼy) → '
        "\u02bc": "'",
    }
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Everything that is not a letter, a digit or an apostrophe separates words.
_SEPARATORS = re.compile(r"[^\w']+|_")


def fold(text: str) -> str:
    """``text`` folded for comparison: one space between words, no marks, lower case."""
    if not text:
        return ""
    # NFKD splits أ into ا + hamza above, é into e + acute, ﻻ into لا, İ into I + dot above;
    # the combining marks are then dropped, which folds the hamza forms and Latin accents.
    text = unicodedata.normalize("NFKD", text)
    text = _ARABIC_MARKS.sub("", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.translate(_LETTERS).translate(_DIGITS).lower().translate(_LETTERS)
    return " ".join(_SEPARATORS.sub(" ", text).split())


def query_words(query: str, *, limit: int = 8) -> list[str]:
    """The distinct folded words of a search query, at most ``limit`` of them."""
    words: list[str] = []
    for word in fold(query).split():
        word = word.strip("'")
        if word and word not in words:
            words.append(word)
    return words[:limit]

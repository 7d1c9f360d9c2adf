"""Text folding for forum search, so a word matches however it was spelled.

Arabic: diacritics (harakat, tanwin, shadda, sukun, dagger alef) and tatweel are dropped;
alef forms (أ إ آ ٱ) become ا, taa marbuta ة becomes ه, alef maqsura ى becomes ي, and the
hamza carriers ؤ ئ become و ي. Urdu's letters fold the same way (ی ے → ي, ہ ۃ → ه, ک → ك).
Latin text is case-folded and its accents removed (Turkish ı and İ too). The folded text
is stored on each post when it is saved, and queries are folded the same way.
"""

import re
import unicodedata

ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ۃ": "ه",
        "ہ": "ه",
        "ھ": "ه",
        "ى": "ي",
        "ی": "ي",
        "ے": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ک": "ك",
        "ı": "i",
    }
)
SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    text = ARABIC_MARKS.sub("", text or "")
    text = unicodedata.normalize("NFKD", text.translate(FOLD))
    text = "".join(char for char in text if not unicodedata.combining(char))
    # NFKD splits some Arabic letters into a letter and a combining hamza: fold again.
    return SPACES.sub(" ", text.translate(FOLD).casefold()).strip()


def terms(query: str, *, limit: int = 6) -> list[str]:
    """The folded words of a query (at most ``limit``, each at least two letters)."""
    return [word for word in fold(query).split(" ") if len(word) >= 2][:limit]

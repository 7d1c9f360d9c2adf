"""Language facts Django does not ship: Hausa's entry, and which languages read right to left.

Imported by the settings, so Hausa is known before Django asks about it.
"""

import django.conf.locale
from django.utils.translation import gettext_lazy as _

EXTRA_LANG_INFO = {
    "ha": {"bidi": False, "code": "ha", "name": "Hausa", "name_local": "Hausa"},
}
django.conf.locale.LANG_INFO = {**django.conf.locale.LANG_INFO, **EXTRA_LANG_INFO}


def reads_arabic_script(language_code: str | None = None) -> bool:
    """Whether the reader (the active language by default) reads Arabic script, so names
    stored in Arabic and Latin script are shown in Arabic."""
    from django.utils.translation import get_language

    return text_direction(language_code or get_language() or "ar") == "rtl"


def text_direction(language_code: str) -> str:
    """``rtl`` or ``ltr`` for a code such as ``ar`` or ``en-gb``, from Django's LANG_INFO."""
    info = django.conf.locale.LANG_INFO.get(language_code.split("-")[0].lower(), {})
    return "rtl" if info.get("bidi") else "ltr"


# Languages volunteers speak to pilgrims in: more than the six the platform is written in.
SPOKEN_LANGUAGES = [
    ("ar", _("Arabic")),
    ("en", _("English")),
    ("ur", _("Urdu")),
    ("tr", _("Turkish")),
    ("ms", _("Malay")),
    ("ha", _("Hausa")),
    ("id", _("Indonesian")),
    ("bn", _("Bengali")),
    ("fa", _("Persian")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("sw", _("Swahili")),
]

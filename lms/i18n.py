"""Language facts Django does not ship: Hausa's entry, and which languages read right to left.

Imported by the settings, so Hausa is known before Django asks about it.
"""

import django.conf.locale

EXTRA_LANG_INFO = {
    "ha": {"bidi": False, "code": "ha", "name": "Hausa", "name_local": "Hausa"},
}
django.conf.locale.LANG_INFO = {**django.conf.locale.LANG_INFO, **EXTRA_LANG_INFO}


def text_direction(language_code: str) -> str:
    """``rtl`` or ``ltr`` for a code such as ``ar`` or ``en-gb``, from Django's LANG_INFO."""
    info = django.conf.locale.LANG_INFO.get(language_code.split("-")[0].lower(), {})
    return "rtl" if info.get("bidi") else "ltr"

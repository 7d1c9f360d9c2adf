"""Template helpers of the knowledge base."""

from django import template

from lms.i18n import text_direction

register = template.Library()


@register.filter
def content_direction(page) -> str:
    """``rtl`` or ``ltr`` for the language a page is written in, which may differ from the
    page's interface language (an Arabic article shown on a Hausa page, say). The page's
    locale should be loaded with it (``select_related("locale")``)."""
    return text_direction(page.locale.language_code)

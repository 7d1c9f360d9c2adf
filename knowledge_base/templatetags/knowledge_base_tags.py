from django import template
from django.db.models import Case, IntegerField, Value, When
from django.utils import translation

from knowledge_base.models import KnowledgeBaseIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def knowledge_base_url(context) -> str:
    """The knowledge base in the page's language (or any language), or an empty string.
    One query, remembered for the rest of the request."""
    request = context.get("request")
    cached = getattr(request, "_manara_knowledge_base_url", None)
    if cached is not None:
        return cached
    language = translation.get_language()
    page = (
        KnowledgeBaseIndexPage.objects.live()
        .only("url_path", "locale_id", "path", "depth")
        .annotate(
            in_language=Case(
                When(locale__language_code=language, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("in_language", "path")
        .first()
    )
    url = (page.get_url(request) if page else "") or ""
    if request is not None:
        request._manara_knowledge_base_url = url
    return url

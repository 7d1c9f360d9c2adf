from django import template
from django.db.models import Case, Value, When
from django.utils import translation

from courses.models import CourseIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def course_catalogue_url(context) -> str:
    """The catalogue in the page's language (or any language), or an empty string."""
    request = context.get("request")
    cached = getattr(request, "_manara_catalogue_url", None)
    if cached is not None:
        return cached
    pages = CourseIndexPage.objects.live().only("url_path", "locale_id", "path", "depth")
    language = translation.get_language()
    # One query: the catalogue in the page's language sorts first.
    page = (
        pages.annotate(
            in_language=Case(When(locale__language_code=language, then=Value(0)), default=Value(1))
        )
        .order_by("in_language", "path")
        .first()
    )
    url = page.get_url(request) if page else ""
    if request is not None:
        request._manara_catalogue_url = url or ""
    return url or ""

from django import template
from wagtail.models import Locale

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
    locale = Locale.get_active()
    page = pages.filter(locale=locale).first() or pages.first()
    url = page.get_url(request) if page else ""
    if request is not None:
        request._manara_catalogue_url = url or ""
    return url or ""

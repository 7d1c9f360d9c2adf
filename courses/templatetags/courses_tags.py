from django import template

from courses.selectors import catalogue_url

register = template.Library()


@register.simple_tag(takes_context=True)
def course_catalogue_url(context) -> str:
    """The catalogue in the page's language (or any language), or an empty string."""
    return catalogue_url(context.get("request"))

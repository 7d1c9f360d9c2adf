"""``{% rating_chart summary %}``: the distribution of a ``field.feedback.RatingSummary`` as
an SVG bar chart (``lms.charts``), for ``field/feedback/includes/ratings.html``."""

from django import template
from django.utils.translation import gettext as _

from lms.charts import bar_chart

register = template.Library()


@register.simple_tag
def rating_chart(summary, width: int = 420, height: int = 220):
    return bar_chart(
        title=_("Ratings from 1 (very bad) to 5 (very good)"),
        description=_("How many beneficiaries gave each rating."),
        labels=[str(score) for score, _count in summary.scores],
        values=list(summary.by_score),
        width=width,
        height=height,
    )

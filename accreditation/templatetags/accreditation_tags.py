"""Fragments of the office's screens that read their own data (templates hold no queries)."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import ngettext

from accreditation.selectors import course_review

register = template.Library()


@register.filter
def hours_label(value) -> str:
    """ "4.5 hours", "5 ساعات", "11 ساعة". A fraction takes the plural form of 100 (CLDR's
    "other"). The same message as ``lms.numbers.format_hours`` on the words branch, which
    should replace this once both are merged."""
    number = Decimal(value).normalize()
    whole = number == number.to_integral_value()
    count = abs(int(number)) if whole else 100
    places = 0 if whole else max(0, -number.as_tuple().exponent)
    shown = number_format(number, places, use_l10n=True)
    return ngettext("%(hours)s hour", "%(hours)s hours", count) % {"hours": shown}


@register.inclusion_tag("accreditation/admin/includes/accredit_form.html", takes_context=True)
def accredit_dialog(context) -> dict:
    """The body of the accreditation dialog: the proposed and current hours of the course, the
    lessons its approval publishes with it, and the form; for a course without lessons, why
    it cannot be accredited, and no form."""
    page = getattr(context["object"], "specific", context["object"])
    review = course_review(page) if hasattr(page, "proposed_credit_hours") else None
    if review is not None:
        review["proposed_label"] = hours_label(review["proposed_hours"])
        current = review["current_hours"]
        review["current_label"] = hours_label(current) if current is not None else ""
        form = context["form"]
        if not form.is_bound and "credit_hours" in form.fields:
            # The office starts from the hours in force, or else from the author's proposal.
            form.initial.setdefault("credit_hours", current or review["proposed_hours"])
    return {
        "review": review,
        "form": context["form"],
        "submit_url": context["submit_url"],
        "action_verbose": context["action_verbose"],
        "csrf_token": context.get("csrf_token"),
    }

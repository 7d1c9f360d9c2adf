"""Fragments of the office's screens that read their own data (templates hold no queries)."""

from django import template

from accreditation.selectors import course_review
from lms.numbers import format_hours

register = template.Library()


@register.inclusion_tag("accreditation/admin/includes/accredit_form.html", takes_context=True)
def accredit_dialog(context) -> dict:
    """The body of the accreditation dialog: the proposed and current hours of the course, the
    lessons its approval publishes with it, and the form; for a course without lessons, why
    it cannot be accredited, and no form."""
    page = getattr(context["object"], "specific", context["object"])
    review = course_review(page) if hasattr(page, "proposed_credit_hours") else None
    if review is not None:
        review["proposed_label"] = format_hours(review["proposed_hours"])
        current = review["current_hours"]
        review["current_label"] = format_hours(current) if current is not None else ""
        form = context["form"]
        if not form.is_bound and "credit_hours" in form.fields:
            # The office starts from the hours in force, or else from the author's proposal.
            form.initial.setdefault("credit_hours", current or review["proposed_hours"])
        if not form.is_bound and "lesson_revisions" in form.fields:
            form.initial["lesson_revisions"] = ",".join(
                str(lesson.latest_revision_id) for lesson in review["lessons"]
            )
    return {
        "review": review,
        "form": context["form"],
        "submit_url": context["submit_url"],
        "action_verbose": context["action_verbose"],
        "csrf_token": context.get("csrf_token"),
    }

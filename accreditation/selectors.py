from decimal import Decimal

from accreditation.models import CourseAccreditation


def credit_hours_by_course(course_keys) -> dict:
    """The accredited hours in force (the newest decision) for each course key."""
    hours: dict = {}
    rows = (
        CourseAccreditation.objects.filter(course_key__in=list(course_keys))
        .order_by("course_key", "-accredited_at", "-pk")
        .values_list("course_key", "credit_hours")
    )
    for key, value in rows:
        hours.setdefault(key, Decimal(value))
    return hours

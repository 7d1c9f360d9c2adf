"""Who may see which results. Pure functions of the user (roles are cached on the user), so
views and the site menu decide without a query."""

from lms.roles import ADMIN_ROLES, has_role


def may_read_reports(user) -> bool:
    """Trainers and office staff (and superusers) read every learner's quiz and activity
    results; a volunteer sees only their own."""
    return any(has_role(user, role) for role in ADMIN_ROLES)


def may_change_question_bank(user) -> bool:
    """Trainers and office staff (whose groups may change question banks) write questions."""
    return user.is_authenticated and user.has_perm("assessments.change_questionbank")

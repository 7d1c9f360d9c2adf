"""Who may use the forums and read a board. Pure functions of the user and the board, so
pages decide access without a query of their own (roles are cached on the user)."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forums.models import Board
from lms.roles import Role, has_role, in_section, is_office_staff, section_of

FORUM_ROLES = (Role.TEAM_LEADER, Role.OFFICE_STAFF, Role.TRAINER)


def may_use_forums(user) -> bool:
    """Team leaders, office staff and trainers; never a plain volunteer."""
    return any(has_role(user, role) for role in FORUM_ROLES)


def may_moderate(user) -> bool:
    return is_office_staff(user)


def board_filter(user) -> Q:
    """The boards ``user`` may read, as a filter on Board."""
    if not may_use_forums(user):
        return Q(pk__in=[])
    if may_moderate(user):
        # Office staff moderate every board, but those limited to a section never reach a
        # board of the other section.
        limit = section_of(user)
        return ~Q(scope=Board.Scope.SECTION) | Q(section=limit) if limit else Q()
    scope = Q(scope=Board.Scope.ALL_LEADERS)
    if user.section:
        scope |= Q(scope=Board.Scope.SECTION, section=user.section)
    if user.organisation_id:
        scope |= Q(scope=Board.Scope.ORGANISATION, organisation_id=user.organisation_id)
    return scope


def may_read_board(user, board: Board) -> bool:
    if not may_use_forums(user):
        return False
    if may_moderate(user):
        return board.scope != Board.Scope.SECTION or in_section(user, board.section)
    if board.scope == Board.Scope.ALL_LEADERS:
        return True
    if board.scope == Board.Scope.SECTION:
        return bool(user.section) and board.section == user.section
    return board.organisation_id is not None and board.organisation_id == user.organisation_id


def may_post_in(user, board: Board) -> bool:
    return board.is_active and may_read_board(user, board)


def edit_refusal(*, post, user, now=None) -> str | None:
    """Why ``user`` may not edit ``post`` now, or None. Only the author, within the window,
    while the post is shown and the topic open."""
    if post.author_id != user.pk:
        return _("Only the author of a post may edit it.")
    if post.is_hidden:
        return _("A hidden post cannot be edited.")
    if post.topic.is_locked:
        return _("This topic is locked: nobody can reply to it any more.")
    minutes = settings.MANARA_FORUM_EDIT_WINDOW_MINUTES
    if (now or timezone.now()) - post.created_at > datetime.timedelta(minutes=minutes):
        return ngettext(
            "Posts can be edited for %(minutes)d minute after posting.",
            "Posts can be edited for %(minutes)d minutes after posting.",
            minutes,
        ) % {"minutes": minutes}
    return None


def boards_visible_to(user):
    """The boards a person may see in the admin (office staff: all but the other section's)."""
    return Board.objects.filter(board_filter(user))

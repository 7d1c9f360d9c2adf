"""Who may read which article: the article's audience and section against the reader."""

from django.db.models import Q

from knowledge_base.models import Audience
from lms.roles import ADMIN_ROLES, Role, has_role


def sees_everything(user) -> bool:
    """Trainers and office staff write the knowledge base, so they read all of it."""
    return any(has_role(user, role) for role in ADMIN_ROLES)


def audiences_for(user) -> set[str]:
    """The audiences whose articles ``user`` may read (before the section is considered)."""
    if not user.is_authenticated:
        return {Audience.EVERYONE}
    if sees_everything(user) or has_role(user, Role.TEAM_LEADER):
        return set(Audience.values)
    return {Audience.EVERYONE, Audience.VOLUNTEERS}


def visible_to(user, prefix: str = "") -> Q:
    """A filter on ArticlePage (or, with ``prefix``, a relation to it) keeping the articles
    ``user`` may read: their audiences, and no other section than theirs. Office staff and
    trainers see every article; visitors only those for everyone in both sections."""
    if sees_everything(user):
        return Q()
    audience = Q(**{f"{prefix}audience__in": sorted(audiences_for(user))})
    sections = Q(**{f"{prefix}section": ""})
    if user.is_authenticated and user.section:
        sections |= Q(**{f"{prefix}section": user.section})
    return audience & sections


def may_read(user, article) -> bool:
    """The same rule as ``visible_to``, for one article already loaded."""
    if sees_everything(user):
        return True
    if article.audience not in audiences_for(user):
        return False
    return not article.section or (user.is_authenticated and article.section == user.section)

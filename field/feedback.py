"""The beneficiaries' voice: a pilgrim scans the QR code on a deployment's poster and rates
the service (1 to 5), says whether they were helped and may leave a comment, without an
account. Services write (``feedback_*``), selectors read (``rating_summary`` and the lists
of the office's screens).

The rules:

- A deployment's code is 128 random bits (``FeedbackCode``), never its key; the office may
  issue a new one, which retires the old at once.
- Feedback opens on the deployment's first day and closes ``FEEDBACK_DAYS_AFTER_END`` days
  after its last: pilgrims who were helped on the last day still get a week or two to
  answer, and a poster left on a wall for months does not keep collecting.
- Rate limits (``count_in_window``, shared by every web process through the cache), counted
  on every attempt to submit, valid or not:
  ``ADDRESS_LIMIT``: 20 per address per 10 minutes. Not 1 or 2: a family rates on one
  phone, and Saudi mobile carriers put many phones behind one address (carrier-grade NAT);
  20 still stops one device from flooding.
  ``DEPLOYMENT_LIMIT``: 300 per deployment per hour, five a minute on average: the busiest
  gate of the Prophet's Mosque does not see more honest answers than that, and a flood from
  many addresses cannot bury a deployment's ratings under thousands of fakes.
- A comment is plain text of at most ``COMMENT_MAX_LENGTH`` characters (control and
  direction-override characters removed; escaped wherever shown) and stays unread, seen by
  the office only, until the office publishes or hides it; publishing and hiding are
  audited.
- Each feedback adds to ``FeedbackTotals`` (per deployment, per organisation and season,
  per season) in its own transaction, so no screen adds up the feedback itself.
"""

import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.decisions import Decision
from audit.services import audit_record
from field.models import Deployment, Feedback, FeedbackCode, FeedbackTotals
from lms.ratelimit import count_in_window
from lms.roles import in_section, is_office_staff, limit_to_section

FEEDBACK_DAYS_AFTER_END = 14
ADDRESS_LIMIT = (20, 600)  # uses, seconds
DEPLOYMENT_LIMIT = (300, 3600)
COMMENT_MAX_LENGTH = 500
SCORES = (1, 2, 3, 4, 5)

# Characters that could hide or reorder text around a comment when the office reads it:
# the bidirectional embeddings, overrides and isolates. Joiners (ZWNJ, ZWJ) stay: Urdu and
# Persian spelling needs them.
_DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


class FeedbackCodeUnknown(Exception):
    """No code in use is written so: never issued, mistyped, forged or retired."""


class FeedbackClosed(Exception):
    """The deployment does not take feedback now; ``opens_on`` is set when it has not
    started yet."""

    def __init__(self, deployment: Deployment, opens_on: date | None = None):
        super().__init__(deployment.pk)
        self.deployment = deployment
        self.opens_on = opens_on


class FeedbackRateLimited(Exception):
    def __init__(self, seconds: int):
        super().__init__(seconds)
        self.seconds = seconds


@dataclass(frozen=True)
class RatingSummary:
    """The ratings of a deployment, an organisation's season or a season: how many, their
    average (one decimal), the share who were helped (0 to 1, three decimals) and how many
    gave each score, 1 to 5."""

    count: int
    average: Decimal | None
    helped_share: Decimal | None
    by_score: tuple[int, int, int, int, int]

    @property
    def helped_percent(self) -> int | None:
        if self.helped_share is None:
            return None
        return int((self.helped_share * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def scores(self) -> list[tuple[int, int]]:
        return list(zip(SCORES, self.by_score, strict=True))


# Codes ------------------------------------------------------------------------------------


def _new_code() -> str:
    return secrets.token_urlsafe(16)  # 128 bits, 22 characters of [A-Za-z0-9_-]


@transaction.atomic
def feedback_code_ensure(*, deployment: Deployment) -> FeedbackCode:
    """The deployment's code in use, created the first time the office asks for its poster.
    Two requests at once get the same code (one code in use per deployment is a database
    constraint)."""
    current = FeedbackCode.objects.filter(deployment=deployment, retired_at__isnull=True).first()
    if current is not None:
        return current
    try:
        with transaction.atomic():
            return FeedbackCode.objects.create(deployment=deployment, code=_new_code())
    except IntegrityError:
        return FeedbackCode.objects.get(deployment=deployment, retired_at__isnull=True)


@transaction.atomic
def feedback_code_issue(*, deployment: Deployment, actor) -> FeedbackCode:
    """A new code for the deployment's poster; the old one stops working at once (its page
    answers "not found"). Audited."""
    if not is_office_staff(actor) or not in_section(actor, deployment.section):
        raise PermissionDenied(_("Only the office of this deployment's section may do this."))
    # Lock the deployment so two new codes at once retire each other in turn.
    Deployment.objects.select_for_update().filter(pk=deployment.pk).first()
    now = timezone.now()
    retired = FeedbackCode.objects.filter(deployment=deployment, retired_at__isnull=True).update(
        retired_at=now
    )
    code = FeedbackCode.objects.create(deployment=deployment, code=_new_code(), created_by=actor)
    audit_record(
        action=Decision.FEEDBACK_CODE_ISSUE,
        actor=actor,
        obj=deployment,
        section=deployment.section,
        after={"codes_retired": retired},
    )
    return code


def deployment_for_code(code: str) -> Deployment:
    """The deployment whose poster carries ``code``; ``FeedbackCodeUnknown`` otherwise."""
    if not code or len(code) > 40:
        raise FeedbackCodeUnknown(code)
    found = (
        FeedbackCode.objects.filter(code=code, retired_at__isnull=True)
        .select_related("deployment__role", "deployment__organisation")
        .first()
    )
    if found is None:
        raise FeedbackCodeUnknown(code)
    return found.deployment


def feedback_window(deployment: Deployment) -> tuple[date, date]:
    """The first and last day the deployment takes feedback."""
    return deployment.starts_on, deployment.ends_on + timedelta(days=FEEDBACK_DAYS_AFTER_END)


def feedback_check_open(deployment: Deployment, *, today: date | None = None) -> None:
    today = today or timezone.localdate()
    opens, closes = feedback_window(deployment)
    if today < opens:
        raise FeedbackClosed(deployment, opens_on=opens)
    if today > closes:
        raise FeedbackClosed(deployment)


# Writing feedback -------------------------------------------------------------------------


def clean_comment(text: str) -> str:
    """A comment as plain text: line ends made one kind, control and direction-override
    characters removed, blank runs of lines shortened, spaces trimmed. Markup is kept as the
    characters typed: it is escaped wherever the comment shows."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = _DIRECTION_CONTROLS.sub("", text)
    text = "".join(c for c in text if c == "\n" or unicodedata.category(c) != "Cc")
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def _validated(*, rating, helped, comment: str) -> tuple[int, bool, str]:
    errors = {}
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = None
    if rating not in SCORES:
        errors["rating"] = _("Choose a face from 1 to 5.")
    if not isinstance(helped, bool):
        errors["helped"] = _("Say whether you were helped.")
    comment = clean_comment(comment)
    if len(comment) > COMMENT_MAX_LENGTH:
        errors["comment"] = _("Keep the comment to %(limit)d characters (it has %(length)d).") % {
            "limit": COMMENT_MAX_LENGTH,
            "length": len(comment),
        }
    if errors:
        raise ValidationError(errors)
    return rating, helped, comment


def _rate_check(*, deployment: Deployment, address: str) -> None:
    limit, seconds = ADDRESS_LIMIT
    used, left = count_in_window(f"feedback:address:{address}", seconds)
    if used > limit:
        raise FeedbackRateLimited(left)
    limit, seconds = DEPLOYMENT_LIMIT
    used, left = count_in_window(f"feedback:deployment:{deployment.pk}", seconds)
    if used > limit:
        raise FeedbackRateLimited(left)


def feedback_submit(
    *, code: str, rating, helped, comment: str = "", language: str = "", address: str
) -> Feedback:
    """A beneficiary's answer through the poster's code, from ``address``: the code must be
    in use (``FeedbackCodeUnknown``), the deployment open (``FeedbackClosed``), the address
    and the deployment under their limits (``FeedbackRateLimited``) and the answers valid
    (``ValidationError``, by field). On any of these nothing is written."""
    deployment = deployment_for_code(code)
    feedback_check_open(deployment)
    _rate_check(deployment=deployment, address=address)
    return feedback_record(
        deployment=deployment, rating=rating, helped=helped, comment=comment, language=language
    )


@transaction.atomic
def feedback_record(
    *,
    deployment: Deployment,
    rating,
    helped,
    comment: str = "",
    language: str = "",
    submitted_at=None,
) -> Feedback:
    """Record one feedback and add it to the totals, in one transaction. The checks of the
    public form (code, dates, rate limits) are ``feedback_submit``'s; this one validates the
    answers and is also what the demo data uses."""
    rating, helped, comment = _validated(rating=rating, helped=helped, comment=comment)
    if language not in dict(settings.LANGUAGES):
        language = ""
    feedback = Feedback.objects.create(
        deployment=deployment,
        rating=rating,
        helped=helped,
        comment=comment,
        comment_status=Feedback.CommentStatus.UNREAD if comment else Feedback.CommentStatus.NONE,
        language=language,
        submitted_at=submitted_at or timezone.now(),
    )
    _add_to_totals(deployment, rating=rating, helped=helped)
    return feedback


def _scopes(deployment: Deployment) -> list[tuple[str, int]]:
    # Always in this order, so two transactions lock the rows in the same order.
    scopes = [(FeedbackTotals.Scope.SEASON, 0)]
    if deployment.organisation_id:
        scopes.append((FeedbackTotals.Scope.ORGANISATION, deployment.organisation_id))
    scopes.append((FeedbackTotals.Scope.DEPLOYMENT, deployment.pk))
    return scopes


def _add_to_totals(deployment: Deployment, *, rating: int, helped: bool) -> None:
    changes = {
        "count": F("count") + 1,
        "helped": F("helped") + int(helped),
        f"score_{rating}": F(f"score_{rating}") + 1,
    }
    for scope, key in _scopes(deployment):
        row = FeedbackTotals.objects.filter(scope=scope, season=deployment.season, key=key)
        if row.update(**changes):
            continue
        try:
            with transaction.atomic():
                FeedbackTotals.objects.create(
                    scope=scope,
                    season=deployment.season,
                    key=key,
                    count=1,
                    helped=int(helped),
                    **{f"score_{rating}": 1},
                )
        except IntegrityError:  # another answer created the row first
            row.update(**changes)


@transaction.atomic
def feedback_totals_rebuild(*, season: int) -> int:
    """The season's totals worked out again from the feedback itself (after a deployment
    changed organisation, or to check the running totals); returns the rows written."""
    FeedbackTotals.objects.filter(season=season).delete()
    sums = {f"score_{score}": Count("pk", filter=Q(rating=score)) for score in SCORES}
    sums |= {"count": Count("pk"), "helped": Count("pk", filter=Q(helped=True))}
    found = Feedback.objects.filter(deployment__season=season)
    rows = [FeedbackTotals(scope="season", season=season, key=0, **found.aggregate(**sums))]
    for by, scope in (
        ("deployment_id", "deployment"),
        ("deployment__organisation_id", "organisation"),
    ):
        for values in found.exclude(**{by: None}).values(by).annotate(**sums).order_by():
            key = values.pop(by)
            rows.append(FeedbackTotals(scope=scope, season=season, key=key, **values))
    rows = [row for row in rows if row.count]
    FeedbackTotals.objects.bulk_create(rows)
    return len(rows)


# Reading comments -------------------------------------------------------------------------


def feedback_visible_to(user):
    """The feedback a staff member may read: their section's deployments'."""
    return limit_to_section(Feedback.objects.all(), user, "deployment__section")


@transaction.atomic
def feedback_moderate(*, feedback: Feedback, actor, publish: bool) -> Feedback:
    """The office has read a comment and publishes it (it may show on the deployment's and
    the organisation's pages) or hides it (it never shows outside the office). A published
    comment can be hidden later and the other way round. Audited."""
    feedback = (
        Feedback.objects.select_for_update()
        .select_related("deployment")
        .filter(pk=feedback.pk)
        .first()
    )
    if feedback is None or not is_office_staff(actor):
        raise PermissionDenied(_("Only the office of this deployment's section may do this."))
    if not in_section(actor, feedback.deployment.section):
        raise PermissionDenied(_("Only the office of this deployment's section may do this."))
    if feedback.comment_status == Feedback.CommentStatus.NONE:
        raise ValidationError(_("This feedback has no comment to publish or hide."))
    before = feedback.comment_status
    feedback.comment_status = (
        Feedback.CommentStatus.PUBLISHED if publish else Feedback.CommentStatus.HIDDEN
    )
    feedback.moderated_by = actor
    feedback.moderated_at = timezone.now()
    feedback.save(update_fields=["comment_status", "moderated_by", "moderated_at"])
    audit_record(
        action=Decision.FEEDBACK_PUBLISH if publish else Decision.FEEDBACK_HIDE,
        actor=actor,
        obj=feedback,
        section=feedback.deployment.section,
        before={"comment_status": before},
        after={"comment_status": feedback.comment_status},
    )
    return feedback


# Selectors --------------------------------------------------------------------------------

EMPTY = RatingSummary(count=0, average=None, helped_share=None, by_score=(0, 0, 0, 0, 0))


def summary_of(totals: FeedbackTotals | None) -> RatingSummary:
    if totals is None or not totals.count:
        return EMPTY
    by_score = tuple(getattr(totals, f"score_{score}") for score in SCORES)
    points = sum(score * n for score, n in zip(SCORES, by_score, strict=True))
    average = (Decimal(points) / totals.count).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    share = (Decimal(totals.helped) / totals.count).quantize(
        Decimal("0.001"), rounding=ROUND_HALF_UP
    )
    return RatingSummary(count=totals.count, average=average, helped_share=share, by_score=by_score)


def rating_summary(
    *, season: int, organisation_id: int | None = None, deployment_id: int | None = None
) -> RatingSummary:
    """The ratings of a deployment (``deployment_id``), of an organisation's deployments in
    a season (``organisation_id``) or of the whole season: one row of the totals, one
    query."""
    if deployment_id is not None:
        scope, key = FeedbackTotals.Scope.DEPLOYMENT, deployment_id
    elif organisation_id is not None:
        scope, key = FeedbackTotals.Scope.ORGANISATION, organisation_id
    else:
        scope, key = FeedbackTotals.Scope.SEASON, 0
    return summary_of(FeedbackTotals.objects.filter(scope=scope, season=season, key=key).first())


def published_comments(
    *,
    deployment_id: int | None = None,
    organisation_id: int | None = None,
    season: int | None = None,
    limit: int = 5,
) -> list[Feedback]:
    """The newest comments the office has published, of a deployment, of an organisation's
    deployments or of a season's: what the public pages may show. Unread and hidden
    comments never come out of here."""
    found = Feedback.objects.filter(comment_status=Feedback.CommentStatus.PUBLISHED)
    if season is not None:
        found = found.filter(deployment__season=season)
    if deployment_id is not None:
        found = found.filter(deployment_id=deployment_id)
    if organisation_id is not None:
        found = found.filter(deployment__organisation_id=organisation_id)
    return list(
        found.only("pk", "rating", "helped", "comment", "language", "submitted_at").order_by(
            "-submitted_at", "-pk"
        )[:limit]
    )


def comments_for_office(user, *, status: str = Feedback.CommentStatus.UNREAD):
    """The office's queue: comments of the staff member's section with ``status``, the
    oldest unread first (the newest first for those already read)."""
    found = feedback_visible_to(user).filter(comment_status=status)
    order = (
        ["submitted_at", "pk"]
        if status == Feedback.CommentStatus.UNREAD
        else ["-moderated_at", "-pk"]
    )
    return found.select_related("deployment__role", "moderated_by").order_by(*order)


def unread_comments_count(user) -> int:
    return feedback_visible_to(user).filter(comment_status=Feedback.CommentStatus.UNREAD).count()

"""Whether a volunteer-work licence is in force, and what the office does with licences.

A licence is in force while it is active, not past its expiry, and what it rests on still
holds: for a person, the requirements of its level's policy (checked with the same engine as
field roles, so a first-aid course that expires makes the licence lapse the same day); for a
team, a leader holding a team-leader licence in force and every member a practitioner's
licence in force. Nothing has to run for a licence to lapse: its standing is computed.
"""

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accreditation.eligibility import EXPIRED, Finding, evaluate
from accreditation.models import (
    Certificate,
    Licence,
    LicenceEvent,
    LicenceLevel,
    LicencePolicy,
)
from lms.roles import is_office_staff

VALID, EXPIRED_STATUS, SUSPENDED, REVOKED, LAPSED = (
    "valid",
    "expired",
    "suspended",
    "revoked",
    "lapsed",
)


@dataclass
class Standing:
    status: str
    date: datetime.date | None = None  # when it expired or lapsed, when known
    findings: list[Finding] = field(default_factory=list)

    @property
    def in_force(self) -> bool:
        return self.status == VALID

    @property
    def label(self) -> str:
        return {
            VALID: _("In force"),
            EXPIRED_STATUS: _("Expired"),
            SUSPENDED: _("Suspended"),
            REVOKED: _("Revoked"),
            LAPSED: _("Lapsed"),
        }[self.status]


def requirements_of(level: str, person_ids, on) -> dict:
    policy = LicencePolicy.objects.select_related("requirements").filter(level=level).first()
    if policy is None:
        return dict.fromkeys(person_ids)
    return evaluate(role=policy.requirements, volunteer_ids=list(person_ids), on=on)


def standing(licence: Licence, on: datetime.date | None = None) -> Standing:
    on = on or timezone.localdate()
    if licence.status == Licence.Status.REVOKED:
        return Standing(REVOKED)
    if licence.status == Licence.Status.SUSPENDED:
        return Standing(SUSPENDED)
    if licence.expires_on < on:
        return Standing(EXPIRED_STATUS, licence.expires_on)
    if licence.holder_id:
        answer = requirements_of(licence.level, [licence.holder_id], on)[licence.holder_id]
        if answer is not None and not answer.eligible:
            expired = [f.date for f in answer.findings if f.status == EXPIRED and f.date]
            return Standing(LAPSED, min(expired) if expired else None, answer.problems)
        return Standing(VALID)
    return _team_standing(licence, on)


def _team_standing(licence: Licence, on) -> Standing:
    team = licence.team
    leaders = list(team.leaders.values_list("pk", flat=True))
    members = list(team.members.values_list("pk", flat=True))
    held = {
        (item.holder_id, item.level): item
        for item in Licence.objects.filter(holder_id__in=leaders + members)
    }

    def in_force(person_id, level) -> bool:
        item = held.get((person_id, level))
        return item is not None and standing(item, on).in_force

    if not any(in_force(pk, LicenceLevel.TEAM_LEADER) for pk in leaders):
        return Standing(LAPSED)
    if not all(in_force(pk, LicenceLevel.PRACTITIONER) for pk in members):
        return Standing(LAPSED)
    return Standing(VALID)


def _card(licence: Licence, event: LicenceEvent, actor) -> Certificate:
    from accreditation.services import certificate_issue

    if licence.holder_id:
        holder = licence.holder
        names = {"name_ar": holder.name_ar, "name_latin": holder.get_full_name()}
    else:
        holder = licence.team.leaders.order_by("pk").first()
        names = {"name_ar": licence.team.name, "name_latin": licence.team.name}
    expires = timezone.make_aware(datetime.datetime.combine(licence.expires_on, datetime.time.max))
    return certificate_issue(
        kind=Certificate.Kind.LICENCE,
        holder=holder,
        source_id=event.pk,
        issued_by=actor,
        expires_at=expires,
        payload={
            "holder": names,
            "level": licence.level,
            "team": bool(licence.team_id),
            "licence": licence.pk,
            "expires_on": licence.expires_on.isoformat(),
        },
    )


class IssueLicence:
    """Office staff issue a licence to a person who meets the level's requirements, or to a
    team whose leader holds a team-leader licence and every member a practitioner's one."""

    def __init__(self, *, level: str, user, holder=None, team=None):
        self.level, self.user, self.holder, self.team = level, user, holder, team

    def check(self) -> None:
        if not is_office_staff(self.user):
            raise PermissionDenied(_("Only office staff issue licences."))
        on = timezone.localdate()
        probe = Licence(
            level=self.level,
            holder=self.holder,
            team=self.team,
            expires_on=on + datetime.timedelta(days=1),
        )
        if self.team is not None:
            probe.pk = 0
            result = _team_standing(probe, on)
        else:
            result = standing(probe, on)
        if not result.in_force:
            problems = "; ".join(f.message() for f in result.findings) or _(
                "the team's leader and members must hold licences in force"
            )
            raise ValidationError(
                _("The requirements are not met: %(problems)s") % {"problems": problems}
            )

    @transaction.atomic
    def execute(self) -> Licence:
        self.check()
        policy = LicencePolicy.objects.filter(level=self.level).first()
        months = policy.validity_months if policy else 24
        expires_on = timezone.localdate() + relativedelta(months=months)
        try:
            with transaction.atomic():
                licence = Licence.objects.create(
                    level=self.level, holder=self.holder, team=self.team, expires_on=expires_on
                )
        except IntegrityError as error:
            raise ValidationError(_("A licence of this level is already held.")) from error
        event = LicenceEvent.objects.create(
            licence=licence,
            action=LicenceEvent.Action.ISSUE,
            actor=self.user,
            expires_on=expires_on,
        )
        _card(licence, event, self.user)
        return licence


class ChangeLicence:
    """Renew, suspend, reinstate or revoke a licence: office staff, with a reason (renewal
    also needs the requirements met). Revoking also revokes its cards."""

    def __init__(self, *, licence: Licence, user, action: str, reason: str = ""):
        self.licence, self.user, self.action = licence, user, action
        self.reason = (reason or "").strip()

    def check(self) -> None:
        if not is_office_staff(self.user):
            raise PermissionDenied(_("Only office staff change licences."))
        if self.action != LicenceEvent.Action.RENEW and not self.reason:
            raise ValidationError(_("Give the reason."))
        self.licence.refresh_from_db(fields=["status", "expires_on"])
        if self.licence.status == Licence.Status.REVOKED:
            raise ValidationError(_("A revoked licence cannot be changed."))
        if self.action == LicenceEvent.Action.RENEW:
            result = standing(self.licence, timezone.localdate())
            if result.status == LAPSED:
                raise ValidationError(
                    _("A lapsed licence is renewed only once its requirements are met again.")
                )
            if result.status == SUSPENDED:
                raise ValidationError(_("Reinstate a suspended licence before renewing it."))

    @transaction.atomic
    def execute(self) -> Licence:
        self.check()
        licence = Licence.objects.select_for_update().get(pk=self.licence.pk)
        expires_on = None
        if self.action == LicenceEvent.Action.RENEW:
            policy = LicencePolicy.objects.filter(level=licence.level).first()
            expires_on = timezone.localdate() + relativedelta(
                months=policy.validity_months if policy else 24
            )
            licence.expires_on = expires_on
        elif self.action == LicenceEvent.Action.SUSPEND:
            licence.status = Licence.Status.SUSPENDED
        elif self.action == LicenceEvent.Action.REINSTATE:
            licence.status = Licence.Status.ACTIVE
        elif self.action == LicenceEvent.Action.REVOKE:
            licence.status = Licence.Status.REVOKED
        licence.save(update_fields=["status", "expires_on"])
        event = LicenceEvent.objects.create(
            licence=licence,
            action=self.action,
            actor=self.user,
            reason=self.reason,
            expires_on=expires_on,
        )
        if self.action == LicenceEvent.Action.RENEW:
            _card(licence, event, self.user)
        if self.action == LicenceEvent.Action.REVOKE:
            Certificate.objects.filter(
                kind=Certificate.Kind.LICENCE,
                source_id__in=licence.events.values("pk"),
                revoked_at__isnull=True,
            ).update(revoked_at=timezone.now(), revoked_by=self.user, revocation_reason=self.reason)
        return licence


def licence_of_card(certificate) -> Licence | None:
    event = LicenceEvent.objects.select_related("licence").filter(pk=certificate.source_id).first()
    return event.licence if event else None


def standings(licences, on: datetime.date | None = None) -> dict[int, Standing]:
    """The standing of many licences: the requirements of each level are checked for all
    its holders at once (a few queries per level, not per licence). Team licences, few,
    are checked one by one."""
    on = on or timezone.localdate()
    answers: dict[int, Standing] = {}
    by_level: dict[str, list[Licence]] = {}
    for licence in licences:
        if licence.status != Licence.Status.ACTIVE or licence.expires_on < on:
            answers[licence.pk] = standing(licence, on)  # no query: decided by its own fields
        elif licence.holder_id:
            by_level.setdefault(licence.level, []).append(licence)
        else:
            answers[licence.pk] = _team_standing(licence, on)
    for level, items in by_level.items():
        checks = requirements_of(level, [item.holder_id for item in items], on)
        for item in items:
            answer = checks.get(item.holder_id)
            if answer is None or answer.eligible:
                answers[item.pk] = Standing(VALID)
            else:
                expired = [f.date for f in answer.findings if f.status == EXPIRED and f.date]
                answers[item.pk] = Standing(
                    LAPSED, min(expired) if expired else None, answer.problems
                )
    return answers

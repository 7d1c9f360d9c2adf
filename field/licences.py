"""What the office does with volunteer-work licences: issue, renew, suspend, reinstate and
revoke them, each with an event and, on issue and renewal, a licence card. Whether a licence
is in force is computed by ``field.eligibility`` (the same engine as field roles)."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.decisions import Decision
from audit.services import audit_record
from certificates.models import Certificate
from certificates.services import certificate_issue, certificates_revoke
from field.eligibility import LAPSED, SUSPENDED, standing, team_standing
from field.models import Licence, LicenceEvent, LicencePolicy
from field.permissions import may_change_licence, may_licence
from lms.roles import is_office_staff


def _card(licence: Licence, event: LicenceEvent, actor) -> Certificate:
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


DECISIONS = {
    LicenceEvent.Action.ISSUE: Decision.LICENCE_ISSUE,
    LicenceEvent.Action.RENEW: Decision.LICENCE_RENEW,
    LicenceEvent.Action.SUSPEND: Decision.LICENCE_SUSPEND,
    LicenceEvent.Action.REINSTATE: Decision.LICENCE_REINSTATE,
    LicenceEvent.Action.REVOKE: Decision.LICENCE_REVOKE,
}


def _event(licence, action, actor, *, before: dict, reason: str = "", expires_on=None):
    """The licence's own history (``LicenceEvent``) and the office's audit trail, together."""
    event = LicenceEvent.objects.create(
        licence=licence, action=action, actor=actor, reason=reason, expires_on=expires_on
    )
    audit_record(
        action=DECISIONS[action],
        actor=actor,
        obj=licence,
        section=licence.holder.section if licence.holder_id else licence.team.section,
        reason=reason,
        before=before,
        after={"status": licence.status, "expires_on": licence.expires_on},
    )
    return event


class IssueLicence:
    """Office staff issue a licence to a person who meets the level's requirements, or to a
    team whose leader holds a team-leader licence and every member a practitioner's one."""

    def __init__(self, *, level: str, user, holder=None, team=None):
        self.level, self.user, self.holder, self.team = level, user, holder, team

    def check(self) -> None:
        if not is_office_staff(self.user):
            raise PermissionDenied(_("Only office staff issue licences."))
        if not may_licence(self.user, holder=self.holder, team=self.team):
            raise PermissionDenied(_("This volunteer or team belongs to the other section."))
        on = timezone.localdate()
        probe = Licence(
            level=self.level,
            holder=self.holder,
            team=self.team,
            expires_on=on + datetime.timedelta(days=1),
        )
        if self.team is not None:
            probe.pk = 0
            result = team_standing(probe, on)
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
        event = _event(
            licence, LicenceEvent.Action.ISSUE, self.user, expires_on=expires_on, before={}
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
        if not may_change_licence(self.user, self.licence):
            raise PermissionDenied(_("This licence belongs to the other section."))
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
        before = {"status": licence.status, "expires_on": licence.expires_on}
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
        event = _event(
            licence,
            self.action,
            self.user,
            reason=self.reason,
            expires_on=expires_on,
            before=before,
        )
        if self.action == LicenceEvent.Action.RENEW:
            _card(licence, event, self.user)
        if self.action == LicenceEvent.Action.REVOKE:
            certificates_revoke(
                kind=Certificate.Kind.LICENCE,
                source_ids=licence.events.values("pk"),
                user=self.user,
                reason=self.reason,
            )
        return licence

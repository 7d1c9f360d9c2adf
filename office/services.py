"""The office's writes on volunteers: corrections of what only the office may change, the
audited unmasking of an identity number, bulk team membership and the answers to the
volunteers' change requests. Each is atomic and leaves an audit event with its reason."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from field.models import Assignment
from lms.models import IdentityType, Organisation, ProfileChangeRequest, Section, Team, User
from lms.permissions import teams_visible_to
from lms.services import team_member_add
from lms.validators import mask_identity_number, validate_identity_number
from office.permissions import may_manage_volunteers, volunteers_visible_to

CORRECTABLE = ("section", "organisation", "date_of_birth", "id_type", "id_number")


def _reachable(actor, volunteer) -> None:
    if not volunteers_visible_to(actor).filter(pk=volunteer.pk).exists():
        raise PermissionDenied


def _not_own(actor, volunteer) -> None:
    """Four eyes: nobody corrects their own record or decides their own request; another
    member of the office does."""
    if actor.pk == volunteer.pk:
        raise ValidationError(
            _("You cannot change your own record: another member of the office must."),
            code="own_record",
        )


def _shown(field: str, value):
    """A value as the audit trail keeps it: an identity number masked, an organisation by
    its key."""
    if field == "id_number":
        return mask_identity_number(value or "")
    if isinstance(value, Organisation):
        return value.pk
    return value


@transaction.atomic
def volunteer_correct(*, actor: User, volunteer: User, changes: dict, reason: str) -> User:
    """Correct a volunteer's section, organisation, date of birth or identity document, with
    a reason. Everything is checked before anything is written: either every change is
    saved with one audit event naming the reason and the values before and after, or none.
    Raises ValidationError (translated message) for bad input, PermissionDenied when the
    volunteer is out of ``actor``'s reach."""
    _reachable(actor, volunteer)
    _not_own(actor, volunteer)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the correction."), code="reason_required")
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise ValidationError(
            _("Only the section, organisation, date of birth and identity can be corrected here.")
        )
    changed = {
        field: value for field, value in changes.items() if getattr(volunteer, field) != value
    }
    if not changed:
        raise ValidationError(_("Nothing was changed."), code="no_change")
    if "section" in changed:
        section = changed["section"]
        if section not in Section.values:
            raise ValidationError(_("Choose the men's or the women's section."))
        other_teams = list(volunteer.teams.exclude(section=section).values_list("name", flat=True))
        if other_teams:
            raise ValidationError(
                _("Remove the volunteer from these teams of the other section first: %(teams)s")
                % {"teams": ", ".join(other_teams)}
            )
        rosters = _rosters_not_ended(volunteer, other_than=section)
        if rosters:
            raise ValidationError(
                _(
                    "Take the volunteer off these rosters of the other section first: "
                    "%(deployments)s"
                )
                % {"deployments": "; ".join(rosters)}
            )
    if "date_of_birth" in changed:
        born = changed["date_of_birth"]
        if born is not None and born >= timezone.localdate():
            raise ValidationError(_("The date of birth must be in the past."))
    if "id_type" in changed or "id_number" in changed:
        id_type = changed.get("id_type", volunteer.id_type)
        id_number = (changed.get("id_number", volunteer.id_number) or "").strip().upper()
        if id_type not in IdentityType.values or not id_number:
            raise ValidationError(_("Give both the identity document and its number."))
        validate_identity_number(id_type, id_number)
        taken = User.objects.filter(id_type=id_type, id_number=id_number).exclude(pk=volunteer.pk)
        if taken.exists():
            raise ValidationError(_("Another account already has this identity number."))
        changed["id_type"], changed["id_number"] = id_type, id_number
    before = {field: _shown(field, getattr(volunteer, field)) for field in changed}
    old_section = volunteer.section
    for field, value in changed.items():
        setattr(volunteer, field, value)
    volunteer.save(update_fields=list(changed))
    audit_record(
        action="office.volunteer_correct",
        actor=actor,
        obj=volunteer,
        section=old_section,
        reason=reason,
        before=before,
        after={field: _shown(field, value) for field, value in changed.items()},
    )
    return volunteer


def _rosters_not_ended(volunteer, *, other_than: str) -> list[str]:
    """The deployments of a section other than ``other_than`` that have not ended and have
    ``volunteer`` on their roster: a volunteer moving section must leave them first (the
    ones that ended stay as the record of their service)."""
    assignments = Assignment.objects.filter(
        volunteer=volunteer, deployment__ends_on__gte=timezone.localdate()
    ).exclude(deployment__section=other_than)
    return [
        str(assignment.deployment)
        for assignment in assignments.select_related("deployment__role").order_by(
            "deployment__starts_on", "deployment_id"
        )
    ]


@transaction.atomic
def volunteer_identity_unmask(*, actor: User, volunteer: User, reason: str = "") -> str:
    """The volunteer's full identity number, for office staff who reach them; the reading
    is recorded in the audit trail (who, when, why)."""
    if not may_manage_volunteers(actor):
        raise PermissionDenied
    _reachable(actor, volunteer)
    audit_record(
        action="office.identity_unmask",
        actor=actor,
        obj=volunteer,
        section=volunteer.section,
        reason=(reason or "").strip(),
    )
    return volunteer.id_number


@transaction.atomic
def team_members_add(*, actor: User, team: Team, volunteers) -> int:
    """Add volunteers to a team at once: all of them or, when one cannot join (out of the
    actor's reach, or of the other section), none. Returns how many were not members yet."""
    if not teams_visible_to(actor).filter(pk=team.pk).exists():
        raise PermissionDenied
    people = list(volunteers)
    reachable = set(
        volunteers_visible_to(actor)
        .filter(pk__in=[p.pk for p in people])
        .values_list("pk", flat=True)
    )
    if len(reachable) != len({p.pk for p in people}):
        raise PermissionDenied
    already = set(team.members.filter(pk__in=reachable).values_list("pk", flat=True))
    for person in people:
        team_member_add(team=team, user=person)
    added = [p.pk for p in people if p.pk not in already]
    audit_record(
        action="office.team_members_add",
        actor=actor,
        obj=team,
        section=team.section,
        after={"added": added},
    )
    return len(added)


def _changes_of(change_request: ProfileChangeRequest) -> dict:
    proposed = change_request.proposed
    field = change_request.field
    if field == ProfileChangeRequest.Field.ORGANISATION:
        pk = proposed.get("organisation")
        organisation = Organisation.objects.filter(pk=pk).first() if pk else None
        if pk and organisation is None:
            raise ValidationError(
                _("The organisation this request names no longer exists: decline it, saying why."),
                code="organisation_gone",
            )
        return {"organisation": organisation}
    if field == ProfileChangeRequest.Field.DATE_OF_BIRTH:
        return {"date_of_birth": datetime.date.fromisoformat(proposed["date_of_birth"])}
    if field == ProfileChangeRequest.Field.IDENTITY:
        return {"id_type": proposed["id_type"], "id_number": proposed["id_number"]}
    return {"section": proposed["section"]}


@transaction.atomic
def change_request_decide(
    *, actor: User, change_request: ProfileChangeRequest, accept: bool, reason: str
) -> ProfileChangeRequest:
    """Accept a volunteer's change request (the change is made as a correction, audited,
    with ``reason``) or decline it (a reason is required). Decided once."""
    _reachable(actor, change_request.user)
    _not_own(actor, change_request.user)
    if change_request.status != ProfileChangeRequest.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the decision."))
    if accept:
        volunteer_correct(
            actor=actor,
            volunteer=change_request.user,
            changes=_changes_of(change_request),
            reason=reason,
        )
    change_request.status = (
        ProfileChangeRequest.Status.ACCEPTED if accept else ProfileChangeRequest.Status.DECLINED
    )
    change_request.decided_by = actor
    change_request.decided_at = timezone.now()
    change_request.decision_reason = reason
    change_request.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    if not accept:
        audit_record(
            action="office.change_request_decline",
            actor=actor,
            obj=change_request.user,
            section=change_request.user.section,
            reason=reason,
            after={"field": change_request.field},
        )
    return change_request

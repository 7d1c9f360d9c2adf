"""Who may do what in field service: one function per rule, used by views, services,
actions, menus and the admin alike."""

from django.db.models import Q

from field.models import Assignment, Attendance, Deployment, FieldRole, Licence
from lms.roles import (
    Role,
    has_role,
    in_section,
    is_office_staff,
    limit_to_organisation,
    limit_to_section,
    represented_organisation_id,
)


def may_see_deployments(user) -> bool:
    """Office staff and team leaders see deployments and their rosters."""
    return is_office_staff(user) or has_role(user, Role.TEAM_LEADER)


def may_decide_attendance(user) -> bool:
    """Section deputies confirm field attendance and office staff approve it."""
    return is_office_staff(user) or has_role(user, Role.SECTION_DEPUTY)


def may_assign(*, actor, deployment, team=None) -> bool:
    """Office staff (of the deployment's section, when limited to one) assign anyone; a team
    leader assigns the members of a team they lead, to a deployment of the team's section."""
    if is_office_staff(actor):
        return in_section(actor, deployment.section)
    if team is None or not has_role(actor, Role.TEAM_LEADER):
        return False
    return team.section == deployment.section and team.leaders.filter(pk=actor.pk).exists()


def may_override_checks(user) -> bool:
    """Only office staff assign someone the checks refused, with a written reason."""
    return is_office_staff(user)


def may_record_on(user, deployment) -> bool:
    """Whether the roster page offers to record a shift: office staff of the deployment's
    section and team leaders (the service checks each volunteer)."""
    if is_office_staff(user):
        return in_section(user, deployment.section)
    return has_role(user, Role.TEAM_LEADER)


def may_record_attendance(*, actor, assignment) -> bool:
    """Office staff of the section, and the leaders of a team the volunteer serves in."""
    deployment = assignment.deployment
    if is_office_staff(actor):
        return in_section(actor, deployment.section)
    if not has_role(actor, Role.TEAM_LEADER):
        return False
    return actor.led_teams.filter(members=assignment.volunteer_id).exists()


def may_record_attendance_of(*, actor, assignments) -> bool:
    """``may_record_attendance`` for a batch of assignments on one deployment, in one query
    for a team leader."""
    if not assignments:
        return True
    if is_office_staff(actor):
        return in_section(actor, assignments[0].deployment.section)
    if not has_role(actor, Role.TEAM_LEADER):
        return False
    wanted = {a.volunteer_id for a in assignments}
    led = set(
        actor.led_teams.filter(members__in=wanted).values_list("members", flat=True).distinct()
    )
    return wanted <= led


def may_withdraw_attendance(user, attendance) -> bool:
    """Whoever may record a volunteer's attendance withdraws it while it waits for the
    deputy (recorded, not yet confirmed)."""
    if attendance.status != Attendance.Status.RECORDED or attendance.partner_id:
        return False
    return may_record_attendance(actor=user, assignment=attendance.assignment)


def may_return_attendance(user, attendance) -> bool:
    """The deputy who may confirm recorded attendance may instead send it back, with a
    reason, for the leader to record again."""
    return attendance.status == Attendance.Status.RECORDED and may_confirm_attendance(
        user, attendance
    )


def recorded_it(user, attendance) -> bool:
    """Four eyes: whoever recorded attendance neither confirms nor approves it."""
    return attendance.recorded_by_id is not None and attendance.recorded_by_id == user.pk


def serves_in_it(user, attendance) -> bool:
    """Nobody confirms or approves their own attendance, whoever recorded it."""
    return attendance.assignment.volunteer_id == user.pk


def may_confirm_attendance(user, attendance) -> bool:
    """The deputies of the attendance's section (the women's section deputies for women's
    deployments) confirm it, unless they recorded it or it is their own: four eyes, for a
    superuser too."""
    if recorded_it(user, attendance) or serves_in_it(user, attendance):
        return False
    section = attendance.assignment.deployment.section
    return has_role(user, Role.SECTION_DEPUTY) and in_section(user, section)


def may_approve_attendance(user, attendance) -> bool:
    """Office staff of the attendance's section approve or reject it, unless they recorded
    it or it is their own: four eyes, for a superuser too."""
    if recorded_it(user, attendance) or serves_in_it(user, attendance):
        return False
    return is_office_staff(user) and in_section(user, attendance.assignment.deployment.section)


def may_manage_licences(user) -> bool:
    return is_office_staff(user)


# What a staff member limited to a section sees and changes (lms.roles.limit_to_section). --


def field_roles_visible_to(user):
    """The roles of ``user``'s section and those both sections serve in (blank section)."""
    return limit_to_section(FieldRole.objects.all(), user, "section", shared=True)


def field_roles_changeable_by(user):
    """A role both sections serve in is changed by staff of the whole office only."""
    return limit_to_section(FieldRole.objects.all(), user, "section")


def deployments_visible_to(user):
    return limit_to_section(Deployment.objects.all(), user, "section")


def assignments_visible_to(user):
    return limit_to_section(Assignment.objects.all(), user, "deployment__section")


def attendance_visible_to(user):
    return limit_to_section(Attendance.objects.all(), user, "assignment__deployment__section")


def licences_visible_to(user):
    """A licence's section is its holder's, or its team's."""
    return limit_to_section(Licence.objects.all(), user, "holder__section", "team__section")


def may_licence(user, *, holder=None, team=None) -> bool:
    """Office staff issue licences to the people and teams of their section."""
    if team is not None:
        return in_section(user, team.section)
    return holder is not None and in_section(user, holder.section)


def may_change_licence(user, licence) -> bool:
    return licences_visible_to(user).filter(pk=licence.pk).exists()


def serves_in_section(volunteer, deployment) -> bool:
    """A deployment is for one section; only its volunteers serve in it. Not a requirement
    the office may override, unlike the checks of the role's eligibility."""
    return volunteer.section == deployment.section


def may_have_card(user, licence) -> bool:
    """A licence's card is for its holder (a team's, for the team's leaders) and for office
    staff of its section."""
    if not user.is_authenticated:
        return False
    if licence.holder_id is not None and licence.holder_id == user.pk:
        return True
    if licence.team_id is not None and licence.team.leaders.filter(pk=user.pk).exists():
        return True
    return is_office_staff(user) and licences_visible_to(user).filter(pk=licence.pk).exists()


def licences_held_by(user):
    """The licences a person carries a card for: their own, and those of the teams they
    lead."""
    return Licence.objects.filter(Q(holder=user) | Q(team__leaders=user)).distinct()


# Impact and people served ---------------------------------------------------------------------


def organisation_attendance_visible_to(user):
    """The shifts served on the deployments of the organisation ``user`` represents; none
    for anyone who represents none."""
    return limit_to_organisation(
        Attendance.objects.all(), user, "assignment__deployment__organisation"
    )


def may_report_beneficiaries(user, attendance) -> bool:
    """The people served in a shift are reported by a representative of the deployment's
    organisation, or corrected by office staff of its section."""
    deployment = attendance.assignment.deployment
    organisation_id = represented_organisation_id(user)
    if organisation_id is not None:
        return deployment.organisation_id == organisation_id
    return is_office_staff(user) and in_section(user, deployment.section)


def may_see_organisation_impact(user, organisation_id: int) -> bool:
    """An organisation's own impact page: its representatives, and office staff."""
    return represented_organisation_id(user) == organisation_id or is_office_staff(user)

"""Opportunities: calls for volunteers that partner organisations (through their
representatives) and the office publish, the applications volunteers make to them, and the
waiting list of a full one.

Writes (``opportunity_*``, ``application_*``) are services: keyword-only, atomic, each
saying what it guarantees. Places are counted on the opportunity's row, under its lock
(``select_for_update``), and a check constraint refuses more places held than offered, so
simultaneous applications never overbook. Acceptance puts the volunteer on the deployment
through the roster's own code path (``field.services.roster_place``)."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from audit.decisions import Decision
from audit.services import audit_record
from field.eligibility import MET, MISSING, Eligibility, Finding, evaluate
from field.models import (
    LIVE_APPLICATION,
    Application,
    Assignment,
    Deployment,
    Opportunity,
    ShiftTemplate,
)
from field.services import roster_place
from lms.i18n import SPOKEN_LANGUAGES
from lms.models import Section, Skill, User
from lms.roles import (
    in_section,
    is_office_staff,
    limit_to_organisation,
    limit_to_section,
    represented_organisation_id,
)

Status = Opportunity.Status
AppStatus = Application.Status


class OpportunityRefused(Exception):
    """An application or a decision that cannot be made; the message says why, in the
    user's language. Nothing was saved."""


# Who sees and changes which opportunities ---------------------------------------------------


def may_manage_opportunities(user) -> bool:
    """Representatives (of an organisation) and office staff publish opportunities."""
    return is_office_staff(user) or represented_organisation_id(user) is not None


def opportunities_managed_by(user):
    """A representative's organisation's opportunities; office staff's of their section
    (the office's own and every organisation's); nobody else's."""
    if is_office_staff(user):
        return limit_to_section(Opportunity.objects.all(), user, "section")
    return limit_to_organisation(Opportunity.objects.all(), user)


def public_opportunities():
    """What anyone may read: published, not yet over."""
    return Opportunity.objects.filter(status=Status.PUBLISHED, ends_on__gte=timezone.localdate())


# Readiness ---------------------------------------------------------------------------------


@dataclass
class Missing:
    """Something a volunteer lacks for an opportunity, with where to get it."""

    message: str
    url: str = ""
    link_text: str = ""


@dataclass
class Readiness:
    eligibility: Eligibility
    extra: list = field(default_factory=list)  # findings of the opportunity's own conditions

    @property
    def findings(self) -> list[Finding]:
        return self.eligibility.findings + self.extra

    @property
    def ready(self) -> bool:
        return not any(f.blocking for f in self.findings)

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.status != MET]


def _language_finding(opportunity, spoken) -> Finding | None:
    if not opportunity.languages:
        return None
    status = MET if set(opportunity.languages) <= set(spoken or []) else MISSING
    return Finding("languages", status, needed=",".join(opportunity.languages))


def readiness(*, opportunity, volunteer_ids) -> dict[int, Readiness]:
    """Each volunteer's readiness for ``opportunity``: the role's checks (the eligibility
    engine, for the opportunity's dates) and the languages the opportunity needs. A few
    queries, whatever the number of volunteers."""
    volunteer_ids = list(volunteer_ids)
    checks = evaluate(
        role=opportunity.role,
        volunteer_ids=volunteer_ids,
        on=opportunity.starts_on,
        until=opportunity.ends_on,
    )
    spoken = {}
    if opportunity.languages:
        spoken = dict(
            User.objects.filter(pk__in=volunteer_ids).values_list("pk", "spoken_languages")
        )
    answers = {}
    for pk, eligibility in checks.items():
        extra = [f for f in [_language_finding(opportunity, spoken.get(pk))] if f]
        answers[pk] = Readiness(eligibility, extra)
    return answers


def missing_with_links(opportunity, answer: Readiness) -> list[Missing]:
    """What the volunteer lacks, each with a link: the course to take (in the reader's
    language where translated), the article to acknowledge, the licence page."""
    from courses.rules import localized_courses

    blocking = [f for f in answer.findings if f.blocking]
    keys = {f.key for f in blocking if f.kind == "course" and f.key}
    courses = {str(key): page for key, page in localized_courses(keys).items()} if keys else {}
    articles = {}
    if any(f.kind == "article" for f in blocking):
        for requirement in opportunity.role.requirements.select_related("article"):
            if requirement.article:
                articles[requirement.article.title] = requirement.article
    found = []
    for finding in blocking:
        item = Missing(finding.message())
        if finding.kind == "course" and (page := courses.get(finding.key)):
            item.url, item.link_text = page.url, gettext("Take the course")
        elif finding.kind == "article" and (page := articles.get(finding.what)):
            item.url, item.link_text = page.localized.url, gettext("Read and acknowledge")
        elif finding.kind == "licence":
            item.url, item.link_text = reverse("my_licences"), gettext("Your licences")
        elif finding.kind == "languages":
            item.url, item.link_text = reverse("profile_edit"), gettext("Your profile")
        found.append(item)
    return found


# Writing an opportunity --------------------------------------------------------------------


def _check_manager(actor, opportunity) -> None:
    if not opportunities_managed_by(actor).filter(pk=opportunity.pk).exists():
        raise PermissionDenied(gettext("You may not change this opportunity."))


@transaction.atomic
def opportunity_save(*, actor: User, opportunity: Opportunity, skills=()) -> Opportunity:
    """Save a draft (a representative's: their organisation's, always) or, for office
    staff, the office's own opportunity, published at once. An opportunity already
    submitted or published is not edited here."""
    organisation_id = represented_organisation_id(actor)
    if is_office_staff(actor):
        if not in_section(actor, opportunity.section):
            raise PermissionDenied(gettext("You may not publish for the other section."))
    elif organisation_id is None:
        raise PermissionDenied(gettext("You may not publish opportunities."))
    else:
        opportunity.organisation_id = organisation_id
    if opportunity.pk:
        # Only its managers edit it, and only as it stands now (under its row's lock): an
        # edit started before the office decided does not undo the decision.
        _check_manager(actor, opportunity)
        current = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        if current.status not in (Status.DRAFT, Status.DECLINED) or current.organisation_id != (
            opportunity.organisation_id
        ):
            raise OpportunityRefused(gettext("Only a draft or a declined opportunity is edited."))
        opportunity.status = current.status
    if opportunity.pk is None:
        opportunity.created_by = actor
    opportunity.full_clean(exclude=["skills", "deployment"])
    opportunity.save()
    opportunity.skills.set(skills)
    if is_office_staff(actor) and opportunity.organisation_id is None:
        _publish(opportunity, actor=actor)
    return opportunity


@transaction.atomic
def opportunity_submit(*, actor: User, opportunity: Opportunity) -> Opportunity:
    """A representative sends a draft (or a declined one, corrected) to the office."""
    _check_manager(actor, opportunity)
    locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if locked.status not in (Status.DRAFT, Status.DECLINED):
        raise OpportunityRefused(gettext("Only a draft or a declined opportunity is submitted."))
    locked.status = Status.SUBMITTED
    locked.decision_reason = ""
    locked.save(update_fields=["status", "decision_reason"])
    return locked


def may_decide_opportunity(user, opportunity) -> bool:
    """Office staff of the opportunity's section approve or decline it."""
    return is_office_staff(user) and in_section(user, opportunity.section)


@transaction.atomic
def opportunity_decide(
    *, actor: User, opportunity: Opportunity, approve: bool, reason: str = ""
) -> Opportunity:
    """The office approves a submitted opportunity (it is published, with its deployment)
    or declines it with a reason the representatives read. Recorded in the audit trail."""
    if not may_decide_opportunity(actor, opportunity):
        raise PermissionDenied(gettext("You may not decide on this opportunity."))
    reason = reason.strip()
    if not approve and not reason:
        raise OpportunityRefused(gettext("Say why the opportunity is declined."))
    locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if locked.status != Status.SUBMITTED:
        raise OpportunityRefused(gettext("This opportunity is not waiting for a decision."))
    locked.decided_by, locked.decided_at = actor, timezone.now()
    locked.decision_reason = reason
    if approve:
        _publish(locked, actor=actor)
    else:
        locked.status = Status.DECLINED
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    audit_record(
        action=Decision.OPPORTUNITY_APPROVE if approve else Decision.OPPORTUNITY_DECLINE,
        actor=actor,
        obj=locked,
        section=locked.section,
        reason=reason,
        before={"status": Status.SUBMITTED},
        after={"status": locked.status},
    )
    return locked


def _publish(opportunity: Opportunity, *, actor) -> None:
    """Published, with the deployment its accepted volunteers are assigned to (its shifts
    those of the opportunity)."""
    if opportunity.deployment_id is None:
        deployment = Deployment.objects.create(
            role=opportunity.role,
            service_point=opportunity.service_point,
            organisation_id=opportunity.organisation_id,
            section=opportunity.section,
            starts_on=opportunity.starts_on,
            ends_on=opportunity.ends_on,
            capacity=opportunity.places,
            created_by=actor,
        )
        ShiftTemplate.objects.bulk_create(
            ShiftTemplate(
                deployment=deployment,
                name=name,
                starts=datetime.time.fromisoformat(starts),
                ends=datetime.time.fromisoformat(ends),
            )
            for name, starts, ends in opportunity.shifts
        )
        opportunity.deployment = deployment
    opportunity.status = Status.PUBLISHED
    opportunity.published_at = timezone.now()
    opportunity.save()


@transaction.atomic
def opportunity_end(*, actor: User, opportunity: Opportunity, cancel: bool) -> Opportunity:
    """Close an opportunity (no more applications; the waiting list is told there will be
    no place) or cancel it (everyone who applied is told, and taken off the roster unless
    they have served already)."""
    _check_manager(actor, opportunity)
    locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if locked.status in (Status.CLOSED, Status.CANCELLED):
        raise OpportunityRefused(gettext("This opportunity is already closed."))
    ending = AppStatus.values if cancel else [AppStatus.WAITING]
    for application in locked.applications.select_related("volunteer").filter(
        status__in=[s for s in ending if s in LIVE_APPLICATION]
    ):
        if application.status in (AppStatus.ACCEPTED, AppStatus.PENDING):
            _free_place(locked, application)
        application.status = AppStatus.CANCELLED
        application.decided_by, application.decided_at = actor, timezone.now()
        application.save(update_fields=["status", "decided_by", "decided_at"])
        _notify(application, "cancelled")
    locked.status = Status.CANCELLED if cancel else Status.CLOSED
    locked.save(update_fields=["status", "places_held"])
    if cancel:
        audit_record(
            action=Decision.OPPORTUNITY_CANCEL,
            actor=actor,
            obj=locked,
            section=locked.section,
            after={"status": locked.status},
        )
    return locked


# Applications ------------------------------------------------------------------------------


@dataclass
class ApplyAnswer:
    """What applying did: ``application`` saved (accepted, pending or waiting), or, when the
    volunteer is not ready, nothing saved and ``missing`` says what to do first."""

    application: Application | None
    readiness: Readiness
    missing: list = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return self.readiness.ready


@transaction.atomic
def application_create(*, volunteer: User, opportunity: Opportunity) -> ApplyAnswer:
    """Apply in one step. Refused (nothing saved, ``OpportunityRefused``) when the
    opportunity is not open, is for the other section, or the volunteer already applied.
    Then the checks run: not ready, nothing is saved and the answer lists what is missing
    with links. Ready: accepted at once when the opportunity accepts ready applicants
    automatically, pending the organisation's decision otherwise; on the waiting list, in
    the order applied, when every place is held."""
    # The opportunity's row only (not its role's, which other opportunities share).
    locked = (
        Opportunity.objects.select_for_update(of=("self",))
        .select_related("role")
        .get(pk=opportunity.pk)
    )
    if not locked.is_open:
        raise OpportunityRefused(gettext("This opportunity is not taking applications."))
    if volunteer.section != locked.section:
        raise OpportunityRefused(
            gettext("This opportunity is for the %(section)s only.")
            % {"section": Section(locked.section).label}
        )
    if locked.applications.filter(volunteer=volunteer, status__in=LIVE_APPLICATION).exists():
        raise OpportunityRefused(gettext("You have already applied to this opportunity."))
    # A decision stands: applying again would undo it (at once, on an automatic opportunity).
    if locked.applications.filter(volunteer=volunteer, status=AppStatus.DECLINED).exists():
        raise OpportunityRefused(
            gettext("Your application to this opportunity was declined; you cannot apply again.")
        )
    answer = readiness(opportunity=locked, volunteer_ids=[volunteer.pk])[volunteer.pk]
    if not answer.ready:
        return ApplyAnswer(None, answer, missing_with_links(locked, answer))
    application = Application(opportunity=locked, volunteer=volunteer)
    if locked.places_held >= locked.places:
        application.status = AppStatus.WAITING
    else:
        application.status = AppStatus.PENDING
        locked.places_held += 1
        locked.save(update_fields=["places_held"])
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:  # the same volunteer, twice at once
        raise OpportunityRefused(
            gettext("You have already applied to this opportunity.")
        ) from error
    if application.status == AppStatus.PENDING and locked.auto_accept:
        _accept(locked, application, actor=None)
    return ApplyAnswer(application, answer)


def _accept(opportunity, application, *, actor) -> bool:
    """Put a pending applicant on the deployment's roster (the roster's code path: the
    section rule, the role's checks, the roster's places). Accepted and told by email, or
    left pending when the checks refuse now."""
    result = roster_place(
        deployment=opportunity.deployment, volunteers=[application.volunteer], actor=actor
    )
    if not result.assigned and not result.already:
        return False
    application.assignment = Assignment.objects.get(
        deployment=opportunity.deployment, volunteer=application.volunteer
    )
    application.status = AppStatus.ACCEPTED
    application.decided_by, application.decided_at = actor, timezone.now()
    application.save(update_fields=["status", "assignment", "decided_by", "decided_at"])
    _notify(application, "accepted")
    return True


def _free_place(opportunity, application) -> None:
    """The place an accepted or pending applicant held is given back; an accepted one is
    taken off the roster (refused if they have served: their attendance stands)."""
    if application.status == AppStatus.ACCEPTED and application.assignment_id:
        assignment = application.assignment
        if assignment.attendance.exists():
            raise OpportunityRefused(
                gettext("%(name)s has served on this deployment; ask the office.")
                % {"name": application.volunteer.display_name}
            )
        application.assignment = None
        application.save(update_fields=["assignment"])
        assignment.delete()
    opportunity.places_held -= 1


def _move_up(opportunity) -> None:
    """The first on the waiting list takes the place freed: accepted at once when the
    opportunity accepts automatically (and the checks still pass), pending otherwise.
    Told by email either way."""
    if opportunity.status != Status.PUBLISHED or opportunity.places_held >= opportunity.places:
        return
    first = (
        opportunity.applications.select_related("volunteer")
        .filter(status=AppStatus.WAITING)
        .order_by("pk")
        .first()
    )
    if first is None:
        return
    first.status = AppStatus.PENDING
    first.save(update_fields=["status"])
    opportunity.places_held += 1
    opportunity.save(update_fields=["places_held"])
    if not (opportunity.auto_accept and _accept(opportunity, first, actor=None)):
        _notify(first, "moved_up")


def _live_application(application, statuses) -> tuple[Opportunity, Application]:
    opportunity = Opportunity.objects.select_for_update().get(pk=application.opportunity_id)
    locked = (
        Application.objects.select_related("volunteer", "assignment")
        .select_for_update(of=("self",))
        .get(pk=application.pk)
    )
    if locked.status not in statuses:
        raise OpportunityRefused(gettext("This application has changed; look at it again."))
    return opportunity, locked


@transaction.atomic
def application_withdraw(*, volunteer: User, application: Application) -> Application:
    """The volunteer withdraws; a place they held goes to the first on the waiting list."""
    if application.volunteer_id != volunteer.pk:
        raise PermissionDenied(gettext("This is not your application."))
    opportunity, locked = _live_application(application, LIVE_APPLICATION)
    held = locked.status != AppStatus.WAITING
    if held:
        _free_place(opportunity, locked)
        opportunity.save(update_fields=["places_held"])
    locked.status = AppStatus.WITHDRAWN
    locked.decided_by, locked.decided_at = volunteer, timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    if held:
        _move_up(opportunity)
    return locked


def may_decide_application(user, opportunity) -> bool:
    """The opportunity's organisation's representatives, and office staff of its section."""
    return opportunities_managed_by(user).filter(pk=opportunity.pk).exists()


@transaction.atomic
def application_decide(
    *, actor: User, application: Application, accept: bool, reason: str = ""
) -> Application:
    """Accept a pending applicant (onto the deployment's roster, through the roster's code
    path) or decline an applicant (pending, accepted or waiting) with an optional reason;
    a place freed goes to the first on the waiting list. Recorded in the audit trail."""
    if not may_decide_application(actor, application.opportunity):
        raise PermissionDenied(gettext("You may not decide on this application."))
    statuses = [AppStatus.PENDING] if accept else list(LIVE_APPLICATION)
    opportunity, locked = _live_application(application, statuses)
    before = locked.status
    if accept:
        if not _accept(opportunity, locked, actor=actor):
            raise OpportunityRefused(
                gettext("%(name)s is not ready for this role now, or the roster is full.")
                % {"name": locked.volunteer.display_name}
            )
    else:
        if locked.status != AppStatus.WAITING:
            _free_place(opportunity, locked)
            opportunity.save(update_fields=["places_held"])
        locked.status = AppStatus.DECLINED
        locked.decided_by, locked.decided_at = actor, timezone.now()
        locked.reason = reason.strip()
        locked.save(update_fields=["status", "decided_by", "decided_at", "reason"])
        _notify(locked, "declined")
        if before != AppStatus.WAITING:
            _move_up(opportunity)
    audit_record(
        action=Decision.APPLICATION_ACCEPT if accept else Decision.APPLICATION_DECLINE,
        actor=actor,
        obj=locked,
        section=opportunity.section,
        reason=locked.reason,
        before={"status": before},
        after={"status": locked.status},
    )
    return locked


# Notices by email --------------------------------------------------------------------------


def _notify(application, event: str) -> None:
    from field.tasks import application_notice_task

    transaction.on_commit(lambda: application_notice_task.delay(application.pk, event))


# Reads for the screens ---------------------------------------------------------------------

PAGE_SIZE = 20


def public_list(filters: dict):
    """The public list, filtered, with what each row shows joined in (one query a page, one
    for the skills of the page)."""
    found = public_opportunities().select_related("organisation", "category", "role")
    if category := filters.get("category"):
        found = found.filter(category=category)
    if place := filters.get("place"):
        found = found.filter(service_point__icontains=place)
    if section := filters.get("section"):
        found = found.filter(section=section)
    if start := filters.get("starts_after"):
        found = found.filter(ends_on__gte=start)
    if end := filters.get("ends_before"):
        found = found.filter(starts_on__lte=end)
    if language := filters.get("language"):
        found = found.filter(languages__icontains=f'"{language}"')
    if skill := filters.get("skill"):
        found = found.filter(skills=skill)
    skills = Prefetch("skills", queryset=Skill.objects.order_by("name_en"), to_attr="skill_list")
    return found.prefetch_related(skills).order_by("starts_on", "pk")


def applications_of(volunteer):
    return (
        Application.objects.filter(volunteer=volunteer)
        .select_related("opportunity__organisation")
        .order_by("-pk")
    )


def waiting_positions(opportunity_ids) -> dict[int, int]:
    """For each waiting application of these opportunities, its place in the queue."""
    positions, counters = {}, {}
    rows = Application.objects.filter(
        opportunity_id__in=opportunity_ids, status=AppStatus.WAITING
    ).order_by("opportunity_id", "pk")
    for pk, opportunity_id in rows.values_list("pk", "opportunity_id"):
        counters[opportunity_id] = counters.get(opportunity_id, 0) + 1
        positions[pk] = counters[opportunity_id]
    return positions


def managed_list(user):
    return (
        opportunities_managed_by(user)
        .select_related("organisation", "category")
        .annotate(waiting=Count("applications", filter=Q(applications__status=AppStatus.WAITING)))
        .order_by("-pk")
    )


def applicants(opportunity) -> list[dict]:
    """The opportunity's applications in the order applied, each live one with the
    volunteer's readiness now (the eligibility engine, once for all)."""
    rows = list(opportunity.applications.select_related("volunteer").order_by("pk"))
    live = [a.volunteer_id for a in rows if a.is_live]
    answers = readiness(opportunity=opportunity, volunteer_ids=live) if live else {}
    position = 0
    found = []
    for application in rows:
        if application.status == AppStatus.WAITING:
            position += 1
        found.append(
            {
                "application": application,
                "readiness": answers.get(application.volunteer_id),
                "position": position if application.status == AppStatus.WAITING else None,
            }
        )
    return found


def language_names(codes) -> list[str]:
    names = dict(SPOKEN_LANGUAGES)
    return [str(names[code]) for code in codes if code in names]


def pending_for_office(user):
    return (
        limit_to_section(Opportunity.objects.filter(status=Status.SUBMITTED), user, "section")
        .select_related("organisation", "category", "role")
        .order_by("pk")
    )

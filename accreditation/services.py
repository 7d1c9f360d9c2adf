"""Writes of accreditation: the office's workflow for course catalogues, the hours ledger
and certificates."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext
from filer.models import File as FilerFile
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from accreditation.certificates import certificate_pdf, new_code, sign
from accreditation.models import (
    Assignment,
    Attendance,
    Certificate,
    CertificateBatch,
    CourseAccreditation,
    Deployment,
    HoursEntry,
    HoursTotal,
    OfficeAccreditationTask,
    ServiceCategory,
)
from accreditation.selectors import hours_text
from lms.dates import hijri_season
from lms.models import User
from lms.roles import Role, has_role, is_office_staff

WORKFLOW_NAME = "Office accreditation"
TRAINER_PAGE_PERMISSIONS = ("add_page", "change_page")
OFFICE_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


def office_workflow() -> Workflow:
    """The "Office accreditation" workflow: one task, done by the Office staff group."""
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task = OfficeAccreditationTask.objects.create(name=WORKFLOW_NAME)
        task.groups.set([Group.objects.get(name=Role.OFFICE_STAFF.value)])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


@transaction.atomic
def catalogue_setup(*, page) -> None:
    """Trainers may add and edit pages under ``page`` but not publish; office staff may
    publish; publishing goes through the office's accreditation workflow."""
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": office_workflow()})
    for role, codenames in (
        (Role.TRAINER, TRAINER_PAGE_PERMISSIONS),
        (Role.OFFICE_STAFF, OFFICE_PAGE_PERMISSIONS),
    ):
        group = Group.objects.get(name=role.value)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=page,
                permission__codename=codename,
                defaults={"permission": _page_permission(codename)},
            )


def _page_permission(codename: str):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


# The hours ledger -----------------------------------------------------------------------


class HoursRefused(Exception):
    """A ledger write that the rules do not allow; the message says why, in the user's
    language."""


def _training_category() -> ServiceCategory:
    return ServiceCategory.objects.get(slug=settings.MANARA_TRAINING_CATEGORY)


def _volunteer_scope(volunteer: User) -> dict:
    return {"organisation_id": volunteer.organisation_id, "section": volunteer.section}


@transaction.atomic
def training_credit(*, completion) -> HoursEntry | None:
    """Credit the accredited hours of a course completion, once.

    Only a course the office accredited credits hours, and only the hours in force when it
    was completed. The unique constraint on (source, source_id) makes a second credit for
    the same completion impossible, also from two transactions at once: the loser's insert
    fails inside a savepoint and the existing entry is kept. A refresher taken after the
    validity ran out is a new completion, and credits again. Returns the new entry, or None
    when nothing was credited."""
    accreditation = (
        CourseAccreditation.objects.filter(
            course_key=completion.course_key, accredited_at__lte=completion.completed_at
        )
        .order_by("-accredited_at", "-pk")
        .first()
    )
    if accreditation is None:
        return None
    category = _training_category()
    volunteer = completion.user
    course = completion.enrolment.course
    completed_on = timezone.localdate(completion.completed_at)
    entry = HoursEntry(
        volunteer=volunteer,
        kind=HoursEntry.Kind.TRAINING,
        hours=accreditation.credit_hours,
        category=category,
        hourly_value_sar=category.hourly_value_sar,
        served_on=completed_on,
        season=hijri_season(completed_on),
        source=HoursEntry.Source.COURSE_COMPLETION,
        source_id=completion.pk,
        description=(course.title if course else "")[:300],
        accreditation=accreditation,
        status=HoursEntry.Status.APPROVED,
        reason=gettext("Completion of an accredited course"),
        decided_at=timezone.now(),
        **_volunteer_scope(volunteer),
    )
    try:
        with transaction.atomic():
            entry.save(force_insert=True)
    except IntegrityError:
        return None
    hours_totals_add([entry])
    return entry


@transaction.atomic
def hours_entry_reverse(*, entry: HoursEntry, actor: User, reason: str) -> HoursEntry:
    """Undo an entry with a new one of opposite hours; the original stays as it was. An entry
    is reversed at most once (a one-to-one link), and a reversal is not reversed."""
    if not reason.strip():
        raise HoursRefused(gettext("Give the reason for the correction."))
    if entry.reverses_id is not None:
        raise HoursRefused(gettext("A correction cannot itself be reversed."))
    if HoursEntry.objects.filter(reverses=entry).exists():
        raise HoursRefused(gettext("This entry has already been reversed."))
    today = timezone.localdate()
    reversal = HoursEntry(
        volunteer_id=entry.volunteer_id,
        kind=HoursEntry.Kind.ADJUSTMENT,
        hours=-entry.hours,
        category_id=entry.category_id,
        hourly_value_sar=entry.hourly_value_sar,
        served_on=today,
        season=entry.season,
        organisation_id=entry.organisation_id,
        section=entry.section,
        source=entry.source,
        source_id=entry.source_id,
        description=entry.description,
        reverses=entry,
        status=entry.status,
        reason=reason.strip(),
        created_by=actor,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            reversal.save(force_insert=True)
    except IntegrityError as error:
        raise HoursRefused(gettext("This entry has already been reversed.")) from error
    hours_totals_add([reversal])
    return reversal


# Certificates ---------------------------------------------------------------------------


def _holder_names(user: User) -> dict:
    return {"name_ar": user.name_ar, "name_latin": user.get_full_name()}


@transaction.atomic
def certificate_issue(
    *,
    kind: str,
    holder: User,
    payload: dict,
    source_id: int | None = None,
    batch: CertificateBatch | None = None,
    issued_by: User | None = None,
    expires_at=None,
) -> Certificate:
    """Issue a certificate: a new unguessable code, the payload signed, and its PDF rendered
    by a Celery task after the transaction commits. Issuing again for the same source (or
    the same volunteer in the same bulk issue) returns the certificate already issued."""
    existing = Certificate.objects.filter(kind=kind, source_id=source_id) if source_id else None
    if batch is not None:
        existing = Certificate.objects.filter(batch=batch, holder=holder)
    if existing is not None and (found := existing.first()):
        return found
    certificate = Certificate(
        code=new_code(),
        kind=kind,
        holder=holder,
        source_id=source_id,
        language=holder.preferred_language or "ar",
        payload=payload,
        issued_at=timezone.now().replace(microsecond=0),
        issued_by=issued_by,
        expires_at=expires_at,
        batch=batch,
    )
    certificate.signature = sign(certificate)
    try:
        with transaction.atomic():
            certificate.save(force_insert=True)
    except IntegrityError:
        if existing is None:
            raise
        return existing.get()
    transaction.on_commit(lambda: _queue_render(certificate.pk))
    return certificate


def _queue_render(certificate_id: int) -> None:
    from accreditation.tasks import certificate_render

    certificate_render.delay(certificate_id)


def course_certificate_issue(*, completion, credited: HoursEntry | None) -> Certificate:
    """The certificate of one completion, with the hours credited for it, if any."""
    from courses.models import CoursePage

    titles = dict(
        CoursePage.objects.filter(translation_key=completion.course_key).values_list(
            "locale__language_code", "title"
        )
    )
    payload = {
        "holder": _holder_names(completion.user),
        "course": {"key": str(completion.course_key), "titles": titles},
        "completed_on": timezone.localdate(completion.completed_at).isoformat(),
        "hours": hours_text(credited.hours) if credited else None,
    }
    return certificate_issue(
        kind=Certificate.Kind.COURSE,
        holder=completion.user,
        payload=payload,
        source_id=completion.pk,
        expires_at=completion.expires_at,
    )


def hours_statement_payload(*, volunteer: User, season: int | None = None) -> dict:
    from accreditation.selectors import hours_statement

    statement = hours_statement(volunteer=volunteer, season=season)
    return {"holder": _holder_names(volunteer), "season": season, **statement}


@transaction.atomic
def hours_statement_issue(
    *, volunteer: User, issued_by: User, season: int | None = None, batch=None
) -> Certificate:
    """A statement of the volunteer's approved hours (all seasons, or one)."""
    return certificate_issue(
        kind=Certificate.Kind.HOURS,
        holder=volunteer,
        payload=hours_statement_payload(volunteer=volunteer, season=season),
        issued_by=issued_by,
        batch=batch,
    )


def certificate_render(*, certificate_id: int) -> bool:
    """Render a certificate's PDF and store it as a private file. Idempotent: a certificate
    already rendered is left alone, and when two workers render the same one, the first to
    record its file wins and the other's file is removed. True if this call stored the PDF."""
    certificate = Certificate.objects.select_related("holder").filter(pk=certificate_id).first()
    if certificate is None or certificate.rendered_at is not None:
        return False
    pdf = certificate_pdf(certificate)
    stored = FilerFile(
        original_filename=f"certificate-{certificate.code}.pdf",
        name=f"{certificate.get_kind_display()} {certificate.code}"[:255],
        is_public=False,
        owner=None,
    )
    stored.file.save(f"certificate-{certificate.code}.pdf", ContentFile(pdf), save=False)
    stored.save()
    recorded = Certificate.objects.filter(pk=certificate.pk, rendered_at__isnull=True).update(
        pdf=stored, rendered_at=timezone.now()
    )
    if not recorded:
        stored.delete()
        return False
    return True


def certificates_render_queue_missing(*, batch: CertificateBatch | None = None) -> int:
    """Queue the rendering of every certificate that has no PDF yet (of one bulk issue, or
    all). Rendering is idempotent, so queuing one twice costs time, never a duplicate."""
    missing = Certificate.objects.filter(rendered_at__isnull=True)
    if batch is not None:
        missing = missing.filter(batch=batch)
    pks = list(missing.values_list("pk", flat=True))
    for pk in pks:
        _queue_render(pk)
    return len(pks)


def batch_volunteers(*, season: int | None, organisation_id: int | None):
    """Volunteers with approved hours in the scope of a bulk issue."""
    entries = HoursEntry.objects.filter(status=HoursEntry.Status.APPROVED)
    if season:
        entries = entries.filter(season=season)
    if organisation_id:
        entries = entries.filter(organisation_id=organisation_id)
    return entries.values_list("volunteer_id", flat=True).distinct().order_by("volunteer_id")


BATCH_CHUNK = 500


def certificate_batch_fill(*, batch_id: int) -> int:
    """Issue the hours statements of a bulk issue, in chunks, each chunk in one transaction.
    Safe to run again (a retry, a second worker): the (batch, holder) constraint skips those
    already issued, so nobody gets two and nobody is left out. Queues the PDFs."""
    from accreditation.selectors import hours_statements

    batch = CertificateBatch.objects.get(pk=batch_id)
    volunteer_ids = list(
        batch_volunteers(season=batch.season, organisation_id=batch.organisation_id)
    )
    CertificateBatch.objects.filter(pk=batch.pk).update(total=len(volunteer_ids))
    issued = set(batch.certificates.values_list("holder_id", flat=True))
    todo = [pk for pk in volunteer_ids if pk not in issued]
    for start in range(0, len(todo), BATCH_CHUNK):
        chunk = todo[start : start + BATCH_CHUNK]
        holders = User.objects.in_bulk(chunk)
        statements = hours_statements(volunteer_ids=chunk, season=batch.season)
        certificates = []
        now = timezone.now().replace(microsecond=0)
        for pk in chunk:
            holder = holders[pk]
            certificate = Certificate(
                code=new_code(),
                kind=Certificate.Kind.HOURS,
                holder=holder,
                language=holder.preferred_language or "ar",
                payload={
                    "holder": _holder_names(holder),
                    "season": batch.season,
                    **statements[pk],
                },
                issued_at=now,
                issued_by_id=batch.requested_by_id,
                batch=batch,
            )
            certificate.signature = sign(certificate)
            certificates.append(certificate)
        with transaction.atomic():
            Certificate.objects.bulk_create(certificates, ignore_conflicts=True)
    CertificateBatch.objects.filter(pk=batch.pk).update(filled_at=timezone.now())
    transaction.on_commit(lambda: certificates_render_queue_missing(batch=batch))
    return len(todo)


def certificate_batch_progress(*, batch: CertificateBatch) -> dict:
    counts = batch.certificates.aggregate(
        issued=models.Count("pk"),
        rendered=models.Count("pk", filter=models.Q(rendered_at__isnull=False)),
    )
    total = batch.total or counts["issued"]
    percent = round(100 * counts["rendered"] / total) if total else 100
    done = batch.filled_at is not None and counts["rendered"] >= total
    if batch.filled_at is None:
        percent = 0
    return {"total": total, **counts, "percent": percent, "done": done}


@transaction.atomic
def hours_statement_request(*, volunteer: User, season: int | None = None) -> Certificate:
    """A volunteer's own request for a statement. Asking twice for the same figures (a double
    click, a reload) returns the statement already issued instead of a second one."""
    User.objects.select_for_update().filter(pk=volunteer.pk).first()  # one request at a time
    payload = hours_statement_payload(volunteer=volunteer, season=season)
    latest = Certificate.objects.filter(
        holder=volunteer, kind=Certificate.Kind.HOURS, revoked_at__isnull=True
    ).order_by("-issued_at", "-pk")
    for certificate in latest[:5]:
        if certificate.payload == payload:
            return certificate
    return certificate_issue(
        kind=Certificate.Kind.HOURS, holder=volunteer, payload=payload, issued_by=volunteer
    )


# Totals of approved hours -----------------------------------------------------------------


def _total_key(entry: HoursEntry) -> tuple:
    return (entry.season, entry.category_id, entry.organisation_id, entry.section or "")


def hours_totals_add(entries) -> None:
    """Add approved entries to the report totals, in the caller's transaction. Each group's
    row is updated with an increment (a row lock, so concurrent writers add up); a missing row
    is created, and a creator that loses the race to another adds to the winner's row."""
    groups: dict[tuple, list] = {}
    for entry in entries:
        if entry.status != HoursEntry.Status.APPROVED:
            continue
        hours, value, count = groups.setdefault(_total_key(entry), [0, 0, 0])
        groups[_total_key(entry)] = [
            hours + entry.hours,
            value + entry.hours * entry.hourly_value_sar,
            count + 1,
        ]
    for (season, category_id, organisation_id, section), (hours, value, count) in groups.items():
        key = {
            "season": season,
            "category_id": category_id,
            "organisation_id": organisation_id,
            "section": section,
        }
        increment = {
            "hours": F("hours") + hours,
            "value_sar": F("value_sar") + value,
            "entries": F("entries") + count,
        }
        if HoursTotal.objects.filter(**key).update(**increment):
            continue
        try:
            with transaction.atomic():
                HoursTotal.objects.create(**key, hours=hours, value_sar=value, entries=count)
        except IntegrityError:
            HoursTotal.objects.filter(**key).update(**increment)


@transaction.atomic
def hours_totals_rebuild() -> int:
    """Recompute every total from the ledger (after a bulk load, or to check the totals)."""
    HoursTotal.objects.all().delete()
    rows = (
        HoursEntry.objects.filter(status=HoursEntry.Status.APPROVED)
        .values("season", "category_id", "organisation_id", "section")
        .annotate(
            total_value=Sum(F("hours") * F("hourly_value_sar")),
            total_hours=Sum("hours"),
            total_entries=Count("pk"),
        )
        .order_by()
    )
    HoursTotal.objects.bulk_create(
        HoursTotal(
            season=row["season"],
            category_id=row["category_id"],
            organisation_id=row["organisation_id"],
            section=row["section"],
            hours=row["total_hours"],
            value_sar=row["total_value"],
            entries=row["total_entries"],
        )
        for row in rows
    )
    return HoursTotal.objects.count()


# Deployments --------------------------------------------------------------------------------


@dataclass
class AssignmentResult:
    assigned: list = field(default_factory=list)  # volunteers now on the roster
    overridden: list = field(default_factory=list)  # of those, assigned despite the checks
    already: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (volunteer, Eligibility)
    full: list = field(default_factory=list)  # no place left


def may_assign(*, actor: User, deployment, team=None) -> bool:
    """Office staff (of the deployment's section, when limited to one) assign anyone; a team
    leader assigns the members of a team they lead, to a deployment of the team's section."""
    if is_office_staff(actor):
        return not actor.staff_section or actor.staff_section == deployment.section
    if team is None or not has_role(actor, Role.TEAM_LEADER):
        return False
    return team.section == deployment.section and team.leaders.filter(pk=actor.pk).exists()


@transaction.atomic
def deployment_assign(
    *, deployment, volunteers, actor: User, team=None, override_reason: str = ""
) -> AssignmentResult:
    """Put volunteers on a deployment's roster after checking each against the role's
    requirements for the deployment's dates. Ineligible volunteers are refused with the
    findings; office staff may assign them anyway with a written reason, which is kept with
    the findings it overrode. Places are counted under a lock on the deployment, so two
    assigners cannot exceed its capacity."""
    from accreditation.eligibility import evaluate

    if not may_assign(actor=actor, deployment=deployment, team=team):
        raise PermissionDenied(gettext("You may not assign volunteers to this deployment."))
    if team is not None:
        members = set(team.members.values_list("pk", flat=True))
        if any(volunteer.pk not in members for volunteer in volunteers):
            raise PermissionDenied(gettext("Only members of the team can be assigned with it."))
    override_reason = override_reason.strip()
    if override_reason and not is_office_staff(actor):
        raise PermissionDenied(gettext("Only office staff may override the checks."))
    locked = Deployment.objects.select_for_update().get(pk=deployment.pk)
    taken = set(locked.assignments.values_list("volunteer_id", flat=True))
    places = locked.capacity - len(taken)
    checks = evaluate(
        role=locked.role,
        volunteer_ids=[v.pk for v in volunteers],
        on=locked.starts_on,
        until=locked.ends_on,
    )
    result = AssignmentResult()
    for volunteer in volunteers:
        if volunteer.pk in taken:
            result.already.append(volunteer)
            continue
        eligibility = checks[volunteer.pk]
        if not eligibility.eligible and not override_reason:
            result.refused.append((volunteer, eligibility))
            continue
        if places <= 0:
            result.full.append(volunteer)
            continue
        overridden = not eligibility.eligible
        Assignment.objects.create(
            deployment=locked,
            volunteer=volunteer,
            team=team,
            assigned_by=actor,
            override_reason=override_reason if overridden else "",
            override_findings=[f.as_dict() for f in eligibility.problems] if overridden else [],
        )
        places -= 1
        taken.add(volunteer.pk)
        result.assigned.append(volunteer)
        if overridden:
            result.overridden.append(volunteer)
    return result


def deployment_recheck(*, deployment_id: int) -> int:
    """Check the whole roster again (when the deployment starts): each assignment keeps the
    time and what was not met, and whoever assigned someone no longer ready hears of it by
    email, in their language. Returns how many are not ready. Safe to run twice."""
    from accreditation.eligibility import evaluate

    deployment = Deployment.objects.select_related("role").get(pk=deployment_id)
    assignments = list(deployment.assignments.select_related("volunteer", "assigned_by"))
    readiness = evaluate(
        role=deployment.role,
        volunteer_ids=deployment.assignments.values("volunteer_id"),
        on=deployment.starts_on,
        until=deployment.ends_on,
    )
    now = timezone.now()
    not_ready: dict[int, list] = {}
    for assignment in assignments:
        eligibility = readiness[assignment.volunteer_id]
        assignment.checked_at = now
        assignment.check_findings = [f.as_dict() for f in eligibility.problems]
        if not eligibility.eligible and assignment.assigned_by_id:
            not_ready.setdefault(assignment.assigned_by_id, []).append((assignment, eligibility))
    Assignment.objects.bulk_update(assignments, ["checked_at", "check_findings"])
    for rows in not_ready.values():
        _tell_assigner(deployment, rows)
    return sum(len(rows) for rows in not_ready.values())


def _tell_assigner(deployment, rows) -> None:
    from lms.tasks import email_send

    assigner = rows[0][0].assigned_by
    with translation.override(assigner.preferred_language or "ar"):
        lines = [
            f"- {assignment.volunteer.display_name}: "
            + "; ".join(f.message() for f in eligibility.problems if f.status != "expiring")
            for assignment, eligibility in rows
        ]
        subject = gettext("Not ready for %(deployment)s") % {"deployment": deployment}
        body = gettext(
            "The check run as the deployment starts found volunteers you assigned who no "
            "longer meet the role's requirements:\n\n%(lines)s"
        ) % {"lines": "\n".join(lines)}
    transaction.on_commit(lambda: email_send.delay(subject=subject, body=body, to=[assigner.email]))


REMINDER_DAYS = 30


def readiness_reminders(*, today=None) -> int:
    """Remind volunteers on an upcoming roster whose requirement expires within 30 days before
    the deployment, or during it, so they can renew in time: once per requirement and expiry
    date, by email in their language. Returns how many reminders were queued."""
    from accreditation.eligibility import evaluate

    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REMINDER_DAYS)
    sent = 0
    upcoming = Deployment.objects.select_related("role").filter(
        starts_on__gt=today, starts_on__lte=horizon + datetime.timedelta(days=REMINDER_DAYS)
    )
    for deployment in upcoming:
        window_start = deployment.starts_on - datetime.timedelta(days=REMINDER_DAYS)
        readiness = evaluate(
            role=deployment.role,
            volunteer_ids=deployment.assignments.values("volunteer_id"),
            on=today,
            until=deployment.ends_on,
        )
        for assignment in deployment.assignments.select_related("volunteer"):
            due = [
                f
                for f in readiness[assignment.volunteer_id].findings
                if f.date
                and f.status in ("expiring", "met")
                and window_start <= f.date <= deployment.ends_on
            ]
            keys = [f"{f.kind}:{f.what}:{f.date.isoformat()}" for f in due]
            fresh = [
                (f, key) for f, key in zip(due, keys, strict=True) if key not in assignment.reminded
            ]
            if not fresh:
                continue
            _remind(assignment, deployment, [f for f, _key in fresh])
            assignment.reminded = [*assignment.reminded, *(key for _f, key in fresh)]
            assignment.save(update_fields=["reminded"])
            sent += 1
    return sent


def _remind(assignment, deployment, findings) -> None:
    from lms.dates import format_dual
    from lms.tasks import email_send

    volunteer = assignment.volunteer
    with translation.override(volunteer.preferred_language or "ar"):
        subject = gettext("Renew before your deployment: %(deployment)s") % {
            "deployment": deployment
        }
        body = gettext(
            "You are on the roster of %(deployment)s from %(start)s. These requirements expire "
            "before or during it; renew them in time:\n\n%(lines)s"
        ) % {
            "deployment": deployment,
            "start": format_dual(deployment.starts_on),
            "lines": "\n".join(f"- {f.what}: {format_dual(f.date)}" for f in findings),
        }
    transaction.on_commit(
        lambda: email_send.delay(subject=subject, body=body, to=[volunteer.email])
    )


def deployments_starting_recheck(*, today=None) -> int:
    """Queue the roster check of every deployment that starts today."""
    from accreditation.tasks import deployment_recheck_task

    today = today or timezone.localdate()
    pks = list(Deployment.objects.filter(starts_on=today).values_list("pk", flat=True))
    for pk in pks:
        transaction.on_commit(lambda pk=pk: deployment_recheck_task.delay(pk))
    return len(pks)


# Field attendance -------------------------------------------------------------------------

MAX_HOURS_A_DAY = Decimal("16")


class AttendanceRefused(Exception):
    """Attendance that cannot be recorded; the message says why, in the user's language."""


def may_record_attendance(*, actor: User, assignment) -> bool:
    """Office staff of the section, and the leaders of a team the volunteer serves in."""
    deployment = assignment.deployment
    if is_office_staff(actor):
        return not actor.staff_section or actor.staff_section == deployment.section
    if not has_role(actor, Role.TEAM_LEADER):
        return False
    return actor.led_teams.filter(members=assignment.volunteer_id).exists()


def _shift_hours(day, check_in, check_out) -> Decimal:
    start = datetime.datetime.combine(day, check_in)
    end = datetime.datetime.combine(day, check_out)
    return Decimal(int((end - start).total_seconds() // 60)) / Decimal(60)


@transaction.atomic
def attendance_record(
    *,
    deployment,
    volunteer: User,
    day,
    actor: User | None,
    check_in=None,
    check_out=None,
    hours=None,
    partner=None,
    idempotency_key: str = "",
) -> Attendance:
    """Record a volunteer's shift (check-in and check-out) or hours on one day of a
    deployment, pending confirmation and approval. Refused, with the reason: a volunteer not
    on the roster, a day outside the deployment or in the future, zero or negative hours,
    more than 16 hours in a day (all deployments together), a shift that overlaps another of
    the same volunteer. A partner's submission repeated with the same key returns the
    attendance recorded the first time."""
    if partner is not None and idempotency_key:
        found = Attendance.objects.filter(partner=partner, idempotency_key=idempotency_key)
        if existing := found.first():
            return existing
    assignment = (
        Assignment.objects.select_related("deployment", "volunteer")
        .filter(deployment=deployment, volunteer=volunteer)
        .first()
    )
    if assignment is None:
        raise AttendanceRefused(
            gettext("%(name)s is not on the roster of this deployment.")
            % {"name": volunteer.display_name}
        )
    if actor is not None and not may_record_attendance(actor=actor, assignment=assignment):
        raise PermissionDenied(gettext("You may not record attendance for this volunteer."))
    if day > timezone.localdate():
        raise AttendanceRefused(gettext("Attendance cannot be recorded for a day to come."))
    if not deployment.starts_on <= day <= deployment.ends_on:
        raise AttendanceRefused(
            gettext("The day is outside the deployment (%(start)s to %(end)s).")
            % {"start": deployment.starts_on.isoformat(), "end": deployment.ends_on.isoformat()}
        )
    if (check_in is None) != (check_out is None):
        raise AttendanceRefused(gettext("Give both the check-in and the check-out time."))
    if check_in is not None:
        if check_out <= check_in:
            raise AttendanceRefused(gettext("The check-out must come after the check-in."))
        hours = _shift_hours(day, check_in, check_out)
    if hours is None:
        raise AttendanceRefused(gettext("Give the shift's times or the hours served."))
    hours = Decimal(hours)
    if hours <= 0:
        raise AttendanceRefused(gettext("The hours served must be more than zero."))
    # One volunteer's day, whatever the deployment: locked so two recorders cannot both
    # squeeze past the limits.
    User.objects.select_for_update().filter(pk=volunteer.pk).first()
    same_day = Attendance.objects.filter(assignment__volunteer=volunteer, day=day).exclude(
        status=Attendance.Status.REJECTED
    )
    already = same_day.aggregate(total=Sum("hours"))["total"] or Decimal("0")
    if already + hours > MAX_HOURS_A_DAY:
        raise AttendanceRefused(
            gettext("At most %(limit)s hours in a day: %(already)s are already recorded.")
            % {"limit": MAX_HOURS_A_DAY, "already": hours_text(already)}
        )
    if check_in is not None:
        for other in same_day.filter(check_in__isnull=False):
            if check_in < other.check_out and other.check_in < check_out:
                raise AttendanceRefused(
                    gettext("This shift overlaps the one from %(start)s to %(end)s.")
                    % {
                        "start": other.check_in.strftime("%H:%M"),
                        "end": other.check_out.strftime("%H:%M"),
                    }
                )
    try:
        with transaction.atomic():
            return Attendance.objects.create(
                assignment=assignment,
                day=day,
                check_in=check_in,
                check_out=check_out,
                hours=hours,
                recorded_by=actor,
                partner=partner,
                idempotency_key=idempotency_key,
            )
    except IntegrityError:
        if partner is not None and idempotency_key:
            return Attendance.objects.get(partner=partner, idempotency_key=idempotency_key)
        raise


def attendance_credit(*, attendance: Attendance, actor: User) -> HoursEntry | None:
    """Write approved attendance to the ledger: field service in the role's category, once
    (the ledger's constraint on the source)."""
    deployment = attendance.assignment.deployment
    volunteer = attendance.assignment.volunteer
    category = deployment.role.category
    entry = HoursEntry(
        volunteer=volunteer,
        kind=HoursEntry.Kind.FIELD,
        hours=attendance.hours,
        category=category,
        hourly_value_sar=category.hourly_value_sar,
        served_on=attendance.day,
        season=hijri_season(attendance.day),
        source=HoursEntry.Source.FIELD_ATTENDANCE,
        source_id=attendance.pk,
        description=str(deployment)[:300],
        status=HoursEntry.Status.APPROVED,
        reason=gettext("Approved field attendance"),
        created_by=attendance.recorded_by,
        decided_by=actor,
        decided_at=timezone.now(),
        organisation_id=deployment.organisation_id or volunteer.organisation_id,
        section=deployment.section,
    )
    try:
        with transaction.atomic():
            entry.save(force_insert=True)
    except IntegrityError:
        return None
    hours_totals_add([entry])
    return entry

"""Writes of accreditation: the office's workflow for course catalogues, the hours ledger
and its totals, and the credentials it issues (course certificates, statements of hours)."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from accreditation.models import (
    CourseAccreditation,
    HoursEntry,
    HoursTotal,
    OfficeAccreditationTask,
    ServiceCategory,
)
from accreditation.selectors import hours_statement, hours_statements, hours_text
from certificates.models import Certificate, CertificateBatch
from certificates.registry import holder_names
from certificates.selectors import batch_holder_ids, latest_of
from certificates.services import (
    certificate_batch_update,
    certificate_issue,
    certificate_new,
    certificates_bulk_save,
    certificates_render_queue_missing,
)
from courses.selectors import course_titles
from lms.dates import hijri_season
from lms.models import User
from lms.roles import Role

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


@transaction.atomic
def field_hours_credit(
    *,
    volunteer: User,
    hours,
    category,
    served_on,
    source_id: int,
    description: str,
    recorded_by_id: int | None,
    actor: User,
    organisation_id: int | None,
    section: str,
) -> HoursEntry | None:
    """Credit approved field service to the ledger, once per attendance record (the ledger's
    constraint on the source). Returns the entry, or None when it was already credited."""
    entry = HoursEntry(
        volunteer=volunteer,
        kind=HoursEntry.Kind.FIELD,
        hours=hours,
        category=category,
        hourly_value_sar=category.hourly_value_sar,
        served_on=served_on,
        season=hijri_season(served_on),
        source=HoursEntry.Source.FIELD_ATTENDANCE,
        source_id=source_id,
        description=description[:300],
        status=HoursEntry.Status.APPROVED,
        reason=gettext("Approved field attendance"),
        created_by_id=recorded_by_id,
        decided_by=actor,
        decided_at=timezone.now(),
        organisation_id=organisation_id,
        section=section,
    )
    try:
        with transaction.atomic():
            entry.save(force_insert=True)
    except IntegrityError:
        return None
    hours_totals_add([entry])
    return entry


# Certificates: course certificates and statements of hours ---------------------------------


def course_certificate_issue(*, completion, credited: HoursEntry | None):
    """The certificate of one completion, with the hours credited for it, if any."""
    payload = {
        "holder": holder_names(completion.user),
        "course": {
            "key": str(completion.course_key),
            "titles": course_titles(completion.course_key),
        },
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
    statement = hours_statement(volunteer=volunteer, season=season)
    return {"holder": holder_names(volunteer), "season": season, **statement}


@transaction.atomic
def hours_statement_issue(
    *, volunteer: User, issued_by: User, season: int | None = None, batch=None
):
    """A statement of the volunteer's approved hours (all seasons, or one)."""
    return certificate_issue(
        kind=Certificate.Kind.HOURS,
        holder=volunteer,
        payload=hours_statement_payload(volunteer=volunteer, season=season),
        issued_by=issued_by,
        batch=batch,
    )


def batch_volunteers(*, season: int | None, organisation_id: int | None, section: str = ""):
    """Volunteers with approved hours in the scope of a bulk issue (of one section's
    volunteers, when the batch is limited to one)."""
    entries = HoursEntry.objects.filter(status=HoursEntry.Status.APPROVED)
    if section:
        entries = entries.filter(volunteer__section=section)
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
    batch = CertificateBatch.objects.get(pk=batch_id)
    volunteer_ids = list(
        batch_volunteers(
            season=batch.season, organisation_id=batch.organisation_id, section=batch.section
        )
    )
    certificate_batch_update(batch_id=batch.pk, total=len(volunteer_ids))
    issued = batch_holder_ids(batch)
    todo = [pk for pk in volunteer_ids if pk not in issued]
    for start in range(0, len(todo), BATCH_CHUNK):
        chunk = todo[start : start + BATCH_CHUNK]
        holders = User.objects.in_bulk(chunk)
        statements = hours_statements(volunteer_ids=chunk, season=batch.season)
        now = timezone.now().replace(microsecond=0)
        certificates_bulk_save(
            [
                certificate_new(
                    kind=Certificate.Kind.HOURS,
                    holder=holders[pk],
                    payload={
                        "holder": holder_names(holders[pk]),
                        "season": batch.season,
                        **statements[pk],
                    },
                    issued_at=now,
                    issued_by_id=batch.requested_by_id,
                    batch=batch,
                )
                for pk in chunk
            ]
        )
    certificate_batch_update(batch_id=batch.pk, filled_at=timezone.now())
    transaction.on_commit(lambda: certificates_render_queue_missing(batch=batch))
    return len(todo)


@transaction.atomic
def hours_statement_request(*, volunteer: User, season: int | None = None):
    """A volunteer's own request for a statement. Asking twice for the same figures (a double
    click, a reload) returns the statement already issued instead of a second one."""
    User.objects.select_for_update().filter(pk=volunteer.pk).first()  # one request at a time
    payload = hours_statement_payload(volunteer=volunteer, season=season)
    for certificate in latest_of(holder=volunteer, kind=Certificate.Kind.HOURS):
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

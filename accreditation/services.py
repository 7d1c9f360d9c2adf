"""Writes of accreditation: the office's workflow for course catalogues, the hours ledger
and its totals, and the credentials it issues (course certificates, statements of hours)."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext
from wagtail import hooks
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
from certificates.selectors import current_of
from certificates.services import (
    certificate_batch_update,
    certificate_issue,
    certificate_new,
    certificate_supersede,
    certificates_mark_for_reissue,
    certificates_render_queue_missing,
    certificates_supersede,
)
from courses.selectors import course_titles
from lms.dates import hijri_season
from lms.models import User
from lms.roles import Role

WORKFLOW_NAME = "اعتماد المكتب"  # the office's working language (migration 0017)
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
    hours_statements_outdated(entry)
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
    hours_statements_outdated(reversal)
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
    hours_statements_outdated(entry)
    return entry


def hours_statements_outdated(entry: HoursEntry) -> int:
    """An approved change to the ledger (a credit, a correction) makes the volunteer's
    current statements of that season, and of all seasons, out of date: they are marked for
    re-issue, so the holder, the office and a verifier see it. One query."""
    if entry.status != HoursEntry.Status.APPROVED:
        return 0
    return certificates_mark_for_reissue(
        holder_id=entry.volunteer_id,
        kind=Certificate.Kind.HOURS,
        seasons=[entry.season, Certificate.ALL_SEASONS],
    )


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


def statement_season(season: int | None) -> int:
    """The key a statement is current under: its season, or all seasons."""
    return season or Certificate.ALL_SEASONS


@transaction.atomic
def hours_statement_issue(
    *, volunteer: User, issued_by: User, season: int | None = None, batch=None
):
    """A statement of the volunteer's approved hours (all seasons, or one). It supersedes
    the volunteer's current statement of that season; when the figures are the same and not
    marked for re-issue, the current one is returned instead (outside a bulk issue)."""
    return _statement_issue(volunteer=volunteer, issued_by=issued_by, season=season, batch=batch)


def _statement_issue(*, volunteer: User, issued_by: User, season: int | None, batch=None):
    # The holder's row is locked before the figures are read, so a second issue at the
    # same moment waits and then supersedes this one instead of both being current.
    User.objects.select_for_update().filter(pk=volunteer.pk).first()
    payload = hours_statement_payload(volunteer=volunteer, season=season)
    key = statement_season(season)
    current = current_of(holder=volunteer, kind=Certificate.Kind.HOURS, season=key)
    unchanged = (
        current is not None and current.needs_reissue_at is None and current.payload == payload
    )
    if batch is None and unchanged:
        return current
    return certificate_supersede(
        certificate=certificate_new(
            kind=Certificate.Kind.HOURS,
            holder=volunteer,
            payload=payload,
            issued_by=issued_by,
            batch=batch,
            season=key,
        ),
        actor=issued_by,
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
    Each new statement supersedes the volunteer's current one of the same season (all
    seasons when the bulk issue names none), even with the same figures: everyone in the
    bulk issue gets a statement of it, and nobody has two current. Safe to run again (a
    retry, a second worker): those already issued in this batch keep theirs, so nobody gets
    two and nobody is left out. Returns how many were issued; queues the PDFs."""
    batch = CertificateBatch.objects.get(pk=batch_id)
    volunteer_ids = list(
        batch_volunteers(
            season=batch.season, organisation_id=batch.organisation_id, section=batch.section
        )
    )
    certificate_batch_update(batch_id=batch.pk, total=len(volunteer_ids))
    issued = 0
    for start in range(0, len(volunteer_ids), BATCH_CHUNK):
        issued += _batch_chunk_issue(
            batch=batch, volunteer_ids=volunteer_ids[start : start + BATCH_CHUNK]
        )
    certificate_batch_update(batch_id=batch.pk, filled_at=timezone.now())
    transaction.on_commit(lambda: certificates_render_queue_missing(batch=batch))
    return issued


@transaction.atomic
def _batch_chunk_issue(*, batch: CertificateBatch, volunteer_ids: list[int]) -> int:
    holders = User.objects.in_bulk(volunteer_ids)
    # Figures read after the holders are locked (in certificates_supersede's order, so a
    # volunteer's own request at the same moment waits rather than deadlocks).
    list(User.objects.select_for_update().filter(pk__in=volunteer_ids).order_by("pk").values("pk"))
    statements = hours_statements(volunteer_ids=volunteer_ids, season=batch.season)
    now = timezone.now().replace(microsecond=0)
    saved = certificates_supersede(
        certificates=[
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
                season=statement_season(batch.season),
            )
            for pk in volunteer_ids
        ],
        actor=batch.requested_by,
    )
    return len(saved)


@transaction.atomic
def hours_statement_request(*, volunteer: User, season: int | None = None):
    """A volunteer's own request for a statement. Asking twice for the same figures (a double
    click, a reload) returns the current statement instead of a second one; new figures (or
    a statement marked for re-issue) give a new statement that supersedes it."""
    return _statement_issue(volunteer=volunteer, issued_by=volunteer, season=season)


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
    approved = [entry for entry in entries if entry.status == HoursEntry.Status.APPROVED]
    if approved:
        # Higher apps keep totals of their own (field's season impact) in this transaction.
        for announce in hooks.get_hooks(HOURS_APPROVED_HOOK):
            announce(approved)


# Called with the approved ledger entries just written (credits and reversals), inside the
# writer's transaction: ``hooks.register(HOURS_APPROVED_HOOK)`` in a higher app.
HOURS_APPROVED_HOOK = "hours_entries_approved"


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

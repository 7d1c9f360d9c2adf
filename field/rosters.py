"""The roster checked again when a deployment starts, and reminders of requirements that
expire around a deployment: run by Celery (``field.tasks``), safe to run twice."""

import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from field.eligibility import evaluate
from field.models import Assignment, Deployment
from lms.dates import format_dual
from lms.tasks import email_send


def deployment_recheck(*, deployment_id: int) -> int:
    """Check the whole roster again (when the deployment starts): each assignment keeps the
    time and what was not met, and whoever assigned someone no longer ready hears of it by
    email, in their language. Returns how many are not ready. Safe to run twice."""
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

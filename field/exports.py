"""Record-level exports of field service (``lms.exports``): the attendance and the roster a
screen shows, with the filters stated and the hours totalled."""

from django.utils import timezone
from django.utils.translation import gettext as _

from lms.dates import format_dual
from lms.exports import Column, table_export


def _shift(attendance) -> str:
    if attendance.starts_at is None:
        return ""
    starts = timezone.localtime(attendance.starts_at)
    ends = timezone.localtime(attendance.ends_at)
    return f"{starts:%H:%M}–{ends:%H:%M}"


def attendance_columns():
    return [
        Column(_("Day"), "day", kind="date", width=12),
        Column(_("Volunteer"), "assignment.volunteer.display_name", width=28),
        Column(_("Deployment"), lambda a: str(a.assignment.deployment), width=40),
        Column(_("Team"), lambda a: a.assignment.team.name if a.assignment.team else "", width=20),
        Column(_("Starts at"), "starts_at", kind="datetime", width=18),
        Column(_("Ends at"), "ends_at", kind="datetime", width=18),
        Column(_("Hours"), "hours", kind="number", total=True, width=8),
        Column(_("Status"), lambda a: a.get_status_display(), width=18),
        Column(
            _("Recorded by"),
            lambda a: a.recorded_by.display_name if a.recorded_by else "",
            width=24,
        ),
    ]


def attendance_export(*, fmt: str, rows, filters):
    """The attendance a filtered screen shows, every page of it, hours totalled."""
    rows = rows.select_related(
        "assignment__volunteer", "assignment__team", "assignment__deployment__role", "recorded_by"
    )
    return table_export(
        fmt=fmt,
        filename="attendance",
        title=_("Field attendance"),
        columns=attendance_columns(),
        rows=rows,
        filters=filters,
    )


def roster_export(*, fmt: str, deployment, rows):
    """A deployment's roster with each volunteer's standing attendance hours."""
    columns = [
        Column(_("Volunteer"), lambda r: r["assignment"].volunteer.display_name, width=28),
        Column(_("Email"), lambda r: r["assignment"].volunteer.email, width=30),
        Column(
            _("Team"),
            lambda r: r["assignment"].team.name if r["assignment"].team else "",
            width=20,
        ),
        Column(_("Assigned at"), lambda r: r["assignment"].assigned_at, kind="datetime", width=18),
        Column(
            _("Readiness"),
            lambda r: _("Ready") if r["eligibility"].eligible else _("Not ready"),
            width=14,
        ),
        Column(_("Hours recorded"), lambda r: r["hours"], kind="number", total=True, width=10),
    ]
    return table_export(
        fmt=fmt,
        filename=f"roster-{deployment.pk}",
        title=_("Roster: %(deployment)s") % {"deployment": deployment},
        columns=columns,
        rows=rows,
        filters=[
            (_("Deployment"), str(deployment)),
            (
                _("Dates"),
                f"{format_dual(deployment.starts_on)} – {format_dual(deployment.ends_on)}",
            ),
        ],
    )


def licences_export(*, fmt: str, rows, filters=()):
    """The licences list of the office, with each licence's standing."""
    columns = [
        Column(
            _("Holder"),
            lambda r: (
                r["licence"].holder.display_name if r["licence"].holder else r["licence"].team.name
            ),
            width=30,
        ),
        Column(_("Level"), lambda r: r["licence"].get_level_display(), width=22),
        Column(_("Issued at"), lambda r: r["licence"].issued_at, kind="datetime", width=18),
        Column(_("Expires on"), lambda r: r["licence"].expires_on, kind="date", width=12),
        Column(_("Standing"), lambda r: str(r["standing"].label), width=18),
    ]
    return table_export(
        fmt=fmt,
        filename="licences",
        title=_("Volunteer-work licences"),
        columns=columns,
        rows=rows,
        filters=filters,
    )

from django.db import migrations, models

# The record furthest along is kept; later stages first, then the one recorded first.
STAGE_ORDER = {"approved": 0, "confirmed": 1, "recorded": 2}
REASON = "Recorded twice for the same day and deployment; rejected when one record a day became the rule."


def reject_days_recorded_twice(apps, schema_editor):
    """Before the database enforces one record of hours a day, the duplicates recorded
    earlier are rejected with a reason, keeping the one furthest along. Two approved ones
    are both in the ledger already: the office corrects the ledger first (the migration
    stops and names them rather than guess)."""
    Attendance = apps.get_model("field", "Attendance")
    rows = (
        Attendance.objects.filter(check_in__isnull=True)
        .exclude(status="rejected")
        .order_by("assignment_id", "day", "pk")
        .values_list("pk", "assignment_id", "day", "status")
    )
    groups: dict = {}
    for pk, assignment_id, day, status in rows.iterator():
        groups.setdefault((assignment_id, day), []).append((STAGE_ORDER.get(status, 3), pk, status))
    to_reject, both_approved = [], []
    for records in groups.values():
        if len(records) < 2:
            continue
        records.sort()
        for _order, pk, status in records[1:]:
            (both_approved if status == "approved" else to_reject).append(pk)
    if both_approved:
        raise RuntimeError(
            "Attendance records approved twice for the same day and deployment: "
            f"{sorted(both_approved)}. Reverse the extra ledger entries and set these "
            "records to rejected before migrating."
        )
    Attendance.objects.filter(pk__in=to_reject).update(status="rejected", decision_reason=REASON)


class Migration(migrations.Migration):
    dependencies = [("field", "0002_attendance_request_digest")]

    operations = [
        migrations.RunPython(reject_days_recorded_twice, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="attendance",
            constraint=models.UniqueConstraint(
                condition=models.Q(("check_in__isnull", True), models.Q(("status", "rejected"), _negated=True)),
                fields=("assignment", "day"),
                name="field_attendance_one_day_of_hours",
            ),
        ),
    ]

"""What each ledger entry counts as: its own kind, or for a correction what the entry it
reverses counts as. Filled in for the existing rows, chain level by chain level, so that a
volunteer's approved field hours include the corrections of their field service."""

from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery


def fill(apps, schema_editor):
    HoursEntry = apps.get_model("accreditation", "HoursEntry")
    HoursEntry.objects.filter(reverses__isnull=True).update(counts_as=F("kind"))
    reversed_counts_as = Subquery(
        HoursEntry.objects.filter(pk=OuterRef("reverses_id")).values("counts_as")[:1]
    )
    # Corrections of corrections: one level more on each pass (services allow one level).
    while (
        HoursEntry.objects.filter(counts_as="", reverses__isnull=False)
        .exclude(reverses__counts_as="")
        .update(counts_as=reversed_counts_as)
    ):
        pass


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0017_workflow_names_in_arabic")]

    operations = [
        migrations.AddField(
            model_name="hoursentry",
            name="counts_as",
            field=models.CharField(
                choices=[
                    ("training", "Training"),
                    ("field", "Field service"),
                    ("adjustment", "Adjustment"),
                ],
                default="",
                editable=False,
                max_length=20,
                verbose_name="counts as",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]

"""Approved field hours summed from an index on what entries count as (corrections
included), in place of the index on their kind; every entry's ``counts_as`` set."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0018_hours_entry_counts_as")]

    operations = [
        migrations.RemoveIndex(model_name="hoursentry", name="accr_hours_by_kind_idx"),
        migrations.AddIndex(
            model_name="hoursentry",
            index=models.Index(
                fields=["volunteer", "counts_as", "status", "hours"],
                name="accr_hours_counts_as_idx",
            ),
        ),
        migrations.AddConstraint(
            model_name="hoursentry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("counts_as", models.F("kind")), ("reverses__isnull", True)),
                    models.Q(("reverses__isnull", False), models.Q(("counts_as", ""), _negated=True)),
                    _connector="OR",
                ),
                name="accreditation_counts_as_set",
            ),
        ),
    ]

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("certificates", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="needs_reissue_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="figures corrected at"),
        ),
        migrations.AddField(
            model_name="certificate",
            name="season",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="season (Hijri year)"),
        ),
        migrations.AddField(
            model_name="certificate",
            name="superseded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="supersedes",
                to="certificates.certificate",
                verbose_name="superseded by",
            ),
        ),
    ]

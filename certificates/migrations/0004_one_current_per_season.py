from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("certificates", "0003_statement_seasons")]

    operations = [
        migrations.AddConstraint(
            model_name="certificate",
            constraint=models.UniqueConstraint(
                condition=models.Q(("revoked_at__isnull", True), ("season__isnull", False)),
                fields=("holder", "kind", "season"),
                name="certificates_one_current_per_season",
            ),
        ),
    ]

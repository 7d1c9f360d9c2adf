from decimal import Decimal

from django.db import migrations


def add_training_category(apps, schema_editor):
    """Training credit is counted under the "training" category; the office sets its value."""
    ServiceCategory = apps.get_model("accreditation", "ServiceCategory")
    ServiceCategory.objects.get_or_create(
        slug="training",
        defaults={
            "name_ar": "الخدمات التدريبية",
            "name_en": "Training services",
            "hourly_value_sar": Decimal("0"),
            "value_is_assumption": True,
            "value_source": "To be set by the office",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0004_ledger_and_certificates")]

    operations = [migrations.RunPython(add_training_category, migrations.RunPython.noop)]

from django.db import migrations


def create_role(apps, schema_editor):
    """Partner organisations' representatives: they publish their organisation's
    opportunities, see its applicants and report the beneficiaries it served."""
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name="Organisation representative")


class Migration(migrations.Migration):
    dependencies = [("lms", "0009_volunteer_record")]

    operations = [migrations.RunPython(create_role, migrations.RunPython.noop)]

from django.db import migrations


def create_role(apps, schema_editor):
    """The section deputies' role: they confirm field attendance of their section."""
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name="Section deputy")


class Migration(migrations.Migration):
    dependencies = [("lms", "0003_spoken_languages")]

    operations = [migrations.RunPython(create_role, migrations.RunPython.noop)]

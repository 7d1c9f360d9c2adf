"""Office staff may read acknowledgements in the admin; nobody edits them there."""

from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="knowledge_base", model="acknowledgement"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="view_acknowledgement",
        defaults={"name": "Can view acknowledgement"},
    )
    group, _ = Group.objects.get_or_create(name="Office staff")
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge_base", "0001_initial"),
        ("lms", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

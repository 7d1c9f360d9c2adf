"""Trainers upload and choose course files (django-filer); office staff may also delete."""

from django.db import migrations

PERMISSIONS = {
    "Trainer": ("add_file", "change_file", "view_file"),
    "Office staff": ("add_file", "change_file", "view_file", "delete_file"),
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="filer", model="file")
    for group_name, codenames in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for codename in codenames:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename,
                defaults={"name": f"Can {codename.replace('_', ' ')}"},
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_alter_lessonpage_body"),
        ("lms", "0002_roles"),
        ("filer", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

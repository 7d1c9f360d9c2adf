"""Trainers upload and choose H5P packages; office staff may also delete them."""

from django.db import migrations

PERMISSIONS = {
    "Trainer": ("add_h5ppackage", "change_h5ppackage", "view_h5ppackage"),
    "Office staff": (
        "add_h5ppackage",
        "change_h5ppackage",
        "view_h5ppackage",
        "delete_h5ppackage",
    ),
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="assessments", model="h5ppackage"
    )
    for group_name, codenames in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for codename in codenames:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=codename,
                defaults={"name": f"Can {codename.replace('_', ' ')}"},
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial"),
        ("lms", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

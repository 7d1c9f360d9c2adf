"""Office staff manage boards and read the moderation log in the Wagtail admin."""

from django.db import migrations

PERMISSIONS = {
    "board": ("add_board", "change_board", "delete_board", "view_board"),
    "moderationentry": ("view_moderationentry",),
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _ = Group.objects.get_or_create(name="Office staff")
    for model, codenames in PERMISSIONS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="forums", model=model)
        for codename in codenames:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename,
                defaults={"name": f"Can {codename.replace('_', ' ')}"},
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0001_initial"),
        ("lms", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

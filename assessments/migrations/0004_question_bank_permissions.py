"""Trainers write question banks; office staff may also delete them."""

from django.db import migrations

PERMISSIONS = {
    "Trainer": ("add_questionbank", "change_questionbank", "view_questionbank"),
    "Office staff": (
        "add_questionbank",
        "change_questionbank",
        "view_questionbank",
        "delete_questionbank",
    ),
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="assessments", model="questionbank"
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
        ("assessments", "0003_questionbank_question_choice_quizattempt"),
        ("lms", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

"""Create the four roles as groups. Trainers and office staff may open the Wagtail admin;
office staff manage organisations and teams there. Later migrations add permissions."""

from django.db import migrations

ROLES = ["Volunteer", "Trainer", "Team leader", "Office staff"]
ADMIN_ROLES = ["Trainer", "Office staff"]
OFFICE_MODEL_PERMISSIONS = [
    ("lms", "organisation"),
    ("lms", "team"),
]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
    for name in ADMIN_ROLES:
        groups[name].permissions.add(access_admin)
    for app_label, model in OFFICE_MODEL_PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        for action in ("add", "change", "delete", "view"):
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            groups["Office staff"].permissions.add(permission)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

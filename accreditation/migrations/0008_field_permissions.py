from django.db import migrations

MODELS = {"fieldrole": "field role", "deployment": "deployment"}


def grant(apps, schema_editor):
    """Office staff define field roles and plan deployments in the admin."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    office, _ = Group.objects.get_or_create(name="Office staff")
    for model, name in MODELS.items():
        content_type, _ = ContentType.objects.get_or_create(
            app_label="accreditation", model=model
        )
        for action in ("add", "change", "delete", "view"):
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {name}"},
            )
            office.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0007_field_roles_and_deployments")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

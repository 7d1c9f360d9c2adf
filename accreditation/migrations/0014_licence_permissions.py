from django.db import migrations


def grant(apps, schema_editor):
    """Office staff set what each licence level requires, in the admin."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    office, _ = Group.objects.get_or_create(name="Office staff")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="accreditation", model="licencepolicy"
    )
    for action in ("add", "change", "delete", "view"):
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_licencepolicy",
            defaults={"name": f"Can {action} licence policy"},
        )
        office.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0013_licences")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

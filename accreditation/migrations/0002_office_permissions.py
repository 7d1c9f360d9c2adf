from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    office, _ = Group.objects.get_or_create(name="Office staff")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="accreditation", model="servicecategory"
    )
    for action in ("add", "change", "delete", "view"):
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_servicecategory",
            defaults={"name": f"Can {action} service category"},
        )
        office.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0001_initial"), ("lms", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

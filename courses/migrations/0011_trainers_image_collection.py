"""The trainers' image collection: trainers upload images there and choose them in lessons'
Image blocks (before, they had no image permission at all, so the block was unusable);
office staff may choose them too, when they review a lesson. Created if missing; the
permissions are added to what the groups have, never taken away."""

from django.db import migrations

TRAINERS_COLLECTION = "صور المدربين"
PERMISSIONS = {
    "Trainer": ("add_image", "choose_image"),
    "Office staff": ("add_image", "choose_image", "change_image"),
}
STEPLEN = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _next_child_path(Collection, root) -> str:
    """treebeard's materialised path of a new last child of ``root`` (historical models have
    none of treebeard's methods)."""
    last = (
        Collection.objects.filter(path__startswith=root.path, depth=root.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = int(last[-STEPLEN:], 36) + 1 if last else 1
    step = ""
    while number:
        number, digit = divmod(number, 36)
        step = ALPHABET[digit] + step
    return root.path + step.rjust(STEPLEN, "0")


def trainers_collection(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None:
        root = Collection.objects.create(name="Root", path="0001", depth=1, numchild=0)
    collection = Collection.objects.filter(name=TRAINERS_COLLECTION, depth=2).first()
    if collection is None:
        collection = Collection.objects.create(
            name=TRAINERS_COLLECTION, path=_next_child_path(Collection, root), depth=2, numchild=0
        )
        root.numchild += 1
        root.save(update_fields=["numchild"])
    image_type, _ = ContentType.objects.get_or_create(app_label="wagtailimages", model="image")
    for group_name, codenames in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for codename in codenames:
            permission, _ = Permission.objects.get_or_create(
                content_type=image_type,
                codename=codename,
                defaults={"name": f"Can {codename.replace('_', ' ')}"},
            )
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0010_course_files"),
        ("lms", "0002_roles"),
        ("wagtailcore", "0066_collection_management_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(trainers_collection, migrations.RunPython.noop)]

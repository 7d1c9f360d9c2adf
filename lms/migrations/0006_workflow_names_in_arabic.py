"""Workflow and task names are rows shown as they are stored: written in Arabic, the
office's working language, instead of English left in the Arabic admin."""

from django.db import migrations

NAMES = {"Moderators approval": "موافقة المشرفين"}


def rename(apps, schema_editor, *, backwards=False):
    pairs = [(new, old) for old, new in NAMES.items()] if backwards else list(NAMES.items())
    for model in ("Workflow", "Task"):
        manager = apps.get_model("wagtailcore", model).objects
        for old, new in pairs:
            manager.filter(name=old).update(name=new)


def forwards(apps, schema_editor):
    rename(apps, schema_editor)


def backwards(apps, schema_editor):
    rename(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0005_translation_requests"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

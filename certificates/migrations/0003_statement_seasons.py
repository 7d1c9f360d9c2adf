"""Give every statement of hours its season key (0: all seasons) and leave one current per
holder and season: the newest stays, the older ones are revoked as superseded by it. Its own
migration, so the constraint that follows is added in a transaction of its own (PostgreSQL
refuses to alter a table with pending foreign-key checks)."""

from django.conf import settings
from django.db import migrations
from django.db.models import Count, IntegerField, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext


def fill_and_supersede(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    statements = Certificate.objects.filter(kind="hours")
    statements.update(
        season=Coalesce(Cast(KT("payload__season"), IntegerField()), Value(0))
    )
    with translation.override(settings.LANGUAGE_CODE):
        reason = gettext("Superseded by a newer certificate.")
    now = timezone.now()
    doubled = (
        statements.filter(revoked_at__isnull=True)
        .values("holder_id", "season")
        .annotate(current=Count("pk"))
        .filter(current__gt=1)
        .order_by()
    )
    for group in doubled.iterator():
        found = list(
            statements.filter(
                holder_id=group["holder_id"], season=group["season"], revoked_at__isnull=True
            )
            .order_by("-issued_at", "-pk")
            .values_list("pk", flat=True)
        )
        Certificate.objects.filter(pk__in=found[1:]).update(
            revoked_at=now, revocation_reason=reason, superseded_by_id=found[0]
        )


class Migration(migrations.Migration):
    dependencies = [("certificates", "0002_supersession")]

    operations = [migrations.RunPython(fill_and_supersede, migrations.RunPython.noop)]

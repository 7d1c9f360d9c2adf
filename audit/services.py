"""Writing the audit trail. Every decision calls ``audit_record`` inside the transaction that
makes the decision, so a decision and its record stand or fall together."""

import datetime
import decimal
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import models

from audit.context import current_origin
from audit.models import AuditEvent


def _plain(value):
    """A value as JSON can keep it: dates, decimals, ids and model instances as text."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(item) for item in value]
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (datetime.date, datetime.time, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def audit_record(
    *,
    action: str,
    actor=None,
    obj: models.Model | None = None,
    section: str = "",
    reason: str = "",
    before: dict | None = None,
    after: dict | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Record one decision: ``action`` names it (``"<app>.<what>"``, e.g.
    ``"field.attendance_approve"``), ``obj`` is what it was taken on, ``before``/``after``
    what changed. The request's address and browser are added when there is a request."""
    origin = current_origin()
    return AuditEvent.objects.create(
        action=action,
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor_label[:200],
        object_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        section=section or "",
        reason=reason or "",
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
        ip_address=origin.ip_address,
        user_agent=origin.user_agent,
    )


def audit_record_many(*, action: str, actor=None, rows: list[dict], reason: str = "") -> int:
    """Record one decision taken on many objects at once (a bulk issue superseding thousands
    of statements): one event per object, written in one insert. Each row gives ``obj`` and
    optionally ``section``, ``before`` and ``after``."""
    origin = current_origin()
    events = [
        AuditEvent(
            action=action,
            actor=actor if actor is not None and actor.pk else None,
            object_type=ContentType.objects.get_for_model(row["obj"]),
            object_id=str(row["obj"].pk),
            object_repr=str(row["obj"])[:300],
            section=row.get("section") or "",
            reason=reason or "",
            before=_plain(row["before"]) if row.get("before") is not None else None,
            after=_plain(row["after"]) if row.get("after") is not None else None,
            ip_address=origin.ip_address,
            user_agent=origin.user_agent,
        )
        for row in rows
    ]
    AuditEvent.objects.bulk_create(events)
    return len(events)

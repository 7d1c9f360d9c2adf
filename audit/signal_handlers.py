"""Changes of a person's section or roles, made by someone signed in (the users admin),
go on the audit trail. Changes made without a request (the demo, a shell) and a newcomer's
own registration are not decisions of the office and are not recorded."""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_save, pre_save

from audit.context import current_origin
from audit.decisions import Decision
from audit.services import audit_record

SECTION_FIELDS = ("section", "staff_section")
ROLE_CHANGES = {"pre_add", "pre_remove", "pre_clear", "post_add", "post_remove", "post_clear"}


def _deciding_actor(person):
    actor = current_origin().user
    if actor is None or not actor.is_authenticated or actor.pk == person.pk:
        return None
    return actor


def remember_sections(sender, instance, **kwargs):
    if instance.pk is None or _deciding_actor(instance) is None:
        return
    instance._audit_sections = (
        sender.objects.filter(pk=instance.pk).values(*SECTION_FIELDS).first() or {}
    )


def record_section_change(sender, instance, created, **kwargs):
    before = getattr(instance, "_audit_sections", None)
    if created or before is None:
        return
    after = {field: getattr(instance, field) for field in SECTION_FIELDS}
    if before != after:
        audit_record(
            action=Decision.USER_SECTION_CHANGE,
            actor=_deciding_actor(instance),
            obj=instance,
            section=instance.section,
            before=before,
            after=after,
        )
    del instance._audit_sections


def record_roles_change(sender, instance, action, pk_set, **kwargs):
    if action not in (
        "pre_add",
        "pre_remove",
        "pre_clear",
        "post_add",
        "post_remove",
        "post_clear",
    ):
        return
    actor = _deciding_actor(instance)
    if actor is None or not hasattr(instance, "section"):
        return
    roles = sorted(instance.groups.values_list("name", flat=True))
    if action.startswith("pre_"):
        instance._audit_roles = roles
        return
    before = getattr(instance, "_audit_roles", roles)
    if before != roles:
        audit_record(
            action=Decision.USER_ROLES_CHANGE,
            actor=actor,
            obj=instance,
            section=instance.section,
            before={"roles": before},
            after={"roles": roles},
        )


def connect() -> None:
    user_model = get_user_model()
    pre_save.connect(remember_sections, sender=user_model, dispatch_uid="audit_sections_pre")
    post_save.connect(record_section_change, sender=user_model, dispatch_uid="audit_sections")
    m2m_changed.connect(
        record_roles_change, sender=user_model.groups.through, dispatch_uid="audit_roles"
    )

from wagtail import hooks

from audit.viewsets import AuditEventViewSet


@hooks.register("register_admin_viewset")
def register_audit_trail():
    return AuditEventViewSet("audit")

"""Writes of accreditation. So far: putting a course catalogue under the office's workflow."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from accreditation.models import OfficeAccreditationTask
from lms.roles import Role

WORKFLOW_NAME = "Office accreditation"
TRAINER_PAGE_PERMISSIONS = ("add_page", "change_page")
OFFICE_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


def office_workflow() -> Workflow:
    """The "Office accreditation" workflow: one task, done by the Office staff group."""
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task = OfficeAccreditationTask.objects.create(name=WORKFLOW_NAME)
        task.groups.set([Group.objects.get(name=Role.OFFICE_STAFF.value)])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


@transaction.atomic
def catalogue_setup(*, page) -> None:
    """Trainers may add and edit pages under ``page`` but not publish; office staff may
    publish; publishing goes through the office's accreditation workflow."""
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": office_workflow()})
    for role, codenames in (
        (Role.TRAINER, TRAINER_PAGE_PERMISSIONS),
        (Role.OFFICE_STAFF, OFFICE_PAGE_PERMISSIONS),
    ):
        group = Group.objects.get(name=role.value)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=page,
                permission__codename=codename,
                defaults={"permission": _page_permission(codename)},
            )


def _page_permission(codename: str):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)

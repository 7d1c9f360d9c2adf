"""Writes of the knowledge base: acknowledgements, major versions, editors' permissions.

Every service is atomic; an acknowledgement is recorded once per person, article and major
version, whatever the number of clicks or concurrent requests (a database constraint).
"""

from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from knowledge_base.models import Acknowledgement, ArticlePage
from knowledge_base.rules import may_read
from lms.models import User
from lms.roles import Role

WORKFLOW_NAME = "مراجعة قاعدة المعرفة"  # the office's working language (migration 0005)
TRAINER_PAGE_PERMISSIONS = ("add_page", "change_page")
OFFICE_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


class AcknowledgementRefused(Exception):
    """Why an acknowledgement cannot be recorded, in the reader's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def current_version(article_key) -> int:
    """The major version in force for an article and its translations (one query)."""
    found = ArticlePage.objects.filter(translation_key=article_key).aggregate(
        version=Max("major_version")
    )["version"]
    return found or 1


@transaction.atomic
def acknowledgement_create(*, user: User, article: ArticlePage) -> Acknowledgement:
    """Record that ``user`` read and accepts the current major version of ``article`` (and
    so of its translations). Idempotent: accepting the same version again returns the row
    already recorded. Raises AcknowledgementRefused for an unpublished article, one that
    asks for no acknowledgement, or one the user may not read; nothing is written then."""
    if not article.live:
        raise AcknowledgementRefused(_("This article is not published."))
    if not article.requires_acknowledgement:
        raise AcknowledgementRefused(_("This article does not ask for an acknowledgement."))
    if not user.is_authenticated or not may_read(user, article):
        raise AcknowledgementRefused(_("This article is not meant for you."))
    version = current_version(article.translation_key)
    existing = Acknowledgement.objects.filter(
        user=user, article_key=article.translation_key, version=version
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Acknowledgement.objects.create(
                user=user, article_key=article.translation_key, version=version, article=article
            )
    except IntegrityError:  # a second request recorded it a moment ago
        return Acknowledgement.objects.get(
            user=user, article_key=article.translation_key, version=version
        )


def review_workflow() -> Workflow:
    """The "Knowledge base review" workflow: one approval task for the Office staff group."""
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task = GroupApprovalTask.objects.create(name="مراجعة المكتب")
        task.groups.set([Group.objects.get(name=Role.OFFICE_STAFF.value)])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


@transaction.atomic
def knowledge_base_setup(*, index_page: Page) -> None:
    """Trainers may write articles under ``index_page`` and submit them; office staff
    review and publish them (rights and duties are the office's word)."""
    WorkflowPage.objects.update_or_create(page=index_page, defaults={"workflow": review_workflow()})
    for role, codenames in (
        (Role.TRAINER, TRAINER_PAGE_PERMISSIONS),
        (Role.OFFICE_STAFF, OFFICE_PAGE_PERMISSIONS),
    ):
        group = Group.objects.get(name=role.value)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=index_page,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )

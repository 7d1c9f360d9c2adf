"""Set up a knowledge base published in a new language.

wagtail-localize creates a translated knowledge base without the admin's
``after_create_page`` hook, so the first publication of any knowledge base index gives it
the office's review workflow and the editors' permissions (``knowledge_base_setup``,
idempotent). Publishing an article indexes it for search, unpublishing takes it out
(deleting removes its terms with it), and saving it carries its audience and section to
its terms, which search filters on."""

from django.db.models.signals import post_save
from wagtail.models import WorkflowPage
from wagtail.signals import page_published, page_unpublished

from knowledge_base.models import ArticlePage, KnowledgeBaseIndexPage


def set_up_published_knowledge_base(sender, instance, **kwargs) -> None:
    from knowledge_base.services import knowledge_base_setup

    if not WorkflowPage.objects.filter(page=instance).exists():
        knowledge_base_setup(index_page=instance)


def index_article(sender, instance, **kwargs) -> None:
    from knowledge_base.search import article_index

    article_index(article=instance)


def copy_visibility(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    if raw or (update_fields is not None and not {"audience", "section"} & set(update_fields)):
        return
    from knowledge_base.search import article_visibility_copy

    article_visibility_copy(article=instance)


def connect() -> None:
    post_save.connect(
        copy_visibility, sender=ArticlePage, dispatch_uid="knowledge_base_search_visibility"
    )
    page_published.connect(
        index_article, sender=ArticlePage, dispatch_uid="knowledge_base_index_published"
    )
    page_unpublished.connect(
        index_article, sender=ArticlePage, dispatch_uid="knowledge_base_index_unpublished"
    )
    page_published.connect(
        set_up_published_knowledge_base,
        sender=KnowledgeBaseIndexPage,
        dispatch_uid="knowledge_base_set_up_published_index",
    )

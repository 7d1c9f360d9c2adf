from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from knowledge_base.demo import load_knowledge_base
from knowledge_base.models import ArticlePage
from knowledge_base.rules import may_read
from knowledge_base.services import knowledge_base_setup
from lms.home import HOME_PANEL_HOOK, HomePanel
from lms.menu import SITE_MENU_HOOK, SiteMenuItem, everyone
from lms.pages import PAGE_READING_RULE


@hooks.register("manara_load_demo")
def load_demo_knowledge_base(stdout) -> None:
    articles = load_knowledge_base()
    stdout.write(f"  knowledge base: {articles} articles (some also in English)")


@hooks.register("manara_generate_scale_data")
def generate_knowledge_base_scale_data(volunteers: int, stdout) -> None:
    from knowledge_base.scale import generate

    created = generate()
    stdout.write(f"  knowledge base: {created} bench articles added")


@hooks.register("after_create_page")
def set_up_new_knowledge_base(request, page) -> None:
    """A new knowledge base goes through the office's review, and trainers may write in it
    (but not publish)."""
    from knowledge_base.models import KnowledgeBaseIndexPage

    if isinstance(page.specific, KnowledgeBaseIndexPage):
        knowledge_base_setup(index_page=page)


@hooks.register("register_admin_viewset")
def register_acknowledgement_viewset():
    from knowledge_base.viewsets import AcknowledgementViewSet

    return AcknowledgementViewSet("acknowledgements")


@hooks.register(SITE_MENU_HOOK)
def knowledge_base_menu_item():
    """Everyone may look up their rights and duties; each article decides who reads it."""
    return SiteMenuItem(
        label=_("Rights and duties"), url_name="kb_home", order=200, shown_to=everyone
    )


@hooks.register("rebuild_search_index")
def rebuild_article_index():
    """For ``manage.py rebuild_search_index``: every live article indexed afresh."""
    from knowledge_base.search import articles_index

    return "knowledge base articles", articles_index()


@hooks.register(HOME_PANEL_HOOK)
def acknowledgements_home_panel(user):
    """Home: the articles waiting for the volunteer's acknowledgement, when there are any."""
    from knowledge_base.selectors import pending_acknowledgements

    pending = pending_acknowledgements(user)
    if not pending:
        return None
    return HomePanel(
        "knowledge_base/includes/home_acknowledgements.html",
        200,
        {"articles": pending[:3], "count": len(pending)},
    )


@hooks.register(PAGE_READING_RULE)
def articles_by_audience_and_section(user, page):
    """An article is readable by its audience and section only (``lms.pages.may_read_page``)."""
    return may_read(user, page) if isinstance(page, ArticlePage) else None

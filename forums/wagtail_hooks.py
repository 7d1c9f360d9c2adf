from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from forums.models import Board, ModerationEntry
from forums.rules import boards_visible_to, may_use_forums
from lms.menu import SITE_MENU_HOOK, SiteMenuItem
from lms.office import SectionPolicy, SectionScopedViewSetMixin


@hooks.register("manara_load_demo")
def load_demo_forums(stdout) -> None:
    from forums.demo import load_forums

    boards = load_forums()
    stdout.write(f"  forum boards: {len(boards)} (all leaders, men's and women's sections)")


@hooks.register("manara_generate_scale_data")
def generate_forum_scale_data(volunteers: int, stdout) -> None:
    from forums.scale import generate, generate_search

    generate()
    stdout.write("  bench forum topics with 10 and 10,000 posts")
    added = generate_search()
    stdout.write(f"  bench search board of 100,000 posts ({added} added)")


@hooks.register(SITE_MENU_HOOK)
def forums_menu_item():
    """Team leaders, office staff and trainers; a plain volunteer never sees the forums."""
    return SiteMenuItem(
        label=_("Forums"), url_name="forum_index", order=800, shown_to=may_use_forums
    )


register_permission_policy(Board, SectionPolicy(Board, visible_to=boards_visible_to))


class BoardViewSet(SectionScopedViewSetMixin, SnippetViewSet):
    """Office staff open, scope and close boards. Topics and posts are moderated on the
    site itself, where every action is audited."""

    model = Board
    icon = "comment"
    menu_label = _("Boards")
    list_display = [
        "title",
        "scope",
        "section",
        "organisation",
        Column("topic_count", label=_("Topics")),
        "is_active",
    ]
    list_filter = ["scope", "section", "is_active"]
    search_fields = ["title", "slug"]
    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("scope"), FieldPanel("section"), FieldPanel("organisation")],
            heading=_("Who may read it"),
        ),
        FieldPanel("position"),
        FieldPanel("is_active"),
    ]

    def get_queryset(self, request):
        return boards_visible_to(request.user).select_related("organisation")


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """The moderation log is written only by forums.actions: in the admin, even a
    superuser may only read it."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a == "view"])


register_permission_policy(ModerationEntry, ReadOnlyPermissionPolicy(ModerationEntry))


class ModerationLogViewSet(SnippetViewSet):
    """The audit trail of moderation, read only."""

    model = ModerationEntry
    icon = "history"
    menu_label = _("Moderation log")
    list_display = ["created_at", "actor", "action", "topic", "reason"]
    list_filter = ["action"]
    inspect_view_enabled = True
    list_export = ["created_at", "actor", "action", "topic", "post", "reason"]

    def get_queryset(self, request):
        return ModerationEntry.objects.select_related("actor", "topic")


class ForumsViewSetGroup(SnippetViewSetGroup):
    items = (BoardViewSet, ModerationLogViewSet)
    menu_icon = "comment"
    menu_label = _("Forums")
    menu_name = "forums"
    menu_order = 300


register_snippet(ForumsViewSetGroup)


@hooks.register("rebuild_search_index")
def rebuild_post_index():
    """For ``manage.py rebuild_search_index``: every post indexed afresh."""
    from forums.search import posts_index

    return "forum posts", posts_index()

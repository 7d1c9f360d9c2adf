from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from lms.models import Organisation, Team


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "site"
    menu_label = _("Organisations")
    list_display = ["name_ar", "name_en", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name_ar", "name_en", "slug"]


class TeamViewSet(SnippetViewSet):
    model = Team
    icon = "group"
    menu_label = _("Teams")
    list_display = ["name", "organisation", "section"]
    list_filter = ["section", "organisation"]
    search_fields = ["name"]
    # Membership is managed through lms.services (section rules); a select of every user
    # would not survive a million accounts.
    panels = [FieldPanel("organisation"), FieldPanel("name"), FieldPanel("section")]

    def get_queryset(self, request):
        return Team.objects.select_related("organisation")


class PeopleViewSetGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, TeamViewSet)
    menu_icon = "group"
    menu_label = _("People")
    menu_name = "people"
    menu_order = 200


register_snippet(PeopleViewSetGroup)

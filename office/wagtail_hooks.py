from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.models import ProfileChangeRequest, Skill
from office.permissions import change_requests_visible_to
from office.viewsets import ChangeRequestPolicy, ChangeRequestViewSet, VolunteerViewSet

register_permission_policy(
    ProfileChangeRequest,
    ChangeRequestPolicy(ProfileChangeRequest, visible_to=change_requests_visible_to),
)


class SkillViewSet(SnippetViewSet):
    """The vocabulary of skills the office records about volunteers."""

    model = Skill
    icon = "tag"
    menu_label = _("Skills")
    menu_order = 192
    add_to_admin_menu = True
    list_display = ["name_ar", "name_en", "slug", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name_ar", "name_en", "slug"]


register_snippet(SkillViewSet)


@hooks.register("register_admin_viewset")
def register_volunteers():
    return [VolunteerViewSet("volunteers"), ChangeRequestViewSet("volunteer_requests")]

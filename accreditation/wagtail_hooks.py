from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accreditation.demo import load_service_categories
from accreditation.models import ServiceCategory


class ServiceCategoryViewSet(SnippetViewSet):
    model = ServiceCategory
    icon = "tag"
    menu_label = _("Service categories")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name_ar", "name_en", "hourly_value_sar", "value_is_assumption"]
    search_fields = ["name_ar", "name_en", "slug"]


register_snippet(ServiceCategoryViewSet)


@hooks.register("manara_load_demo")
def load_demo_service_categories(stdout) -> None:
    count = load_service_categories()
    stdout.write(f"  service categories: {count}")

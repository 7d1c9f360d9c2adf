from functools import partial

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from certificates import admin_views, selectors
from lms.dashboard import OFFICE_DASHBOARD_HOOK, DashboardItem
from lms.office import OfficeMenuItem


@hooks.register("register_admin_urls")
def certificates_admin_urls():
    return [
        path(
            "accreditation/certificates/",
            admin_views.certificates,
            name="accreditation_certificates",
        ),
        path(
            "accreditation/certificates/<int:pk>/",
            admin_views.certificate_detail,
            name="accreditation_certificate",
        ),
    ]


@hooks.register("register_office_menu_item")
def certificates_menu_item():
    return OfficeMenuItem(
        _("Certificates"), reverse("accreditation_certificates"), icon_name="doc-full", order=300
    )


@hooks.register(OFFICE_DASHBOARD_HOOK)
def pdf_failed_dashboard_item(user):
    """The office's dashboard: certificates whose PDF was never made."""
    return DashboardItem(
        label=_("Certificates whose PDF failed"),
        count=partial(selectors.pdf_failed_count, user),
        url=reverse("accreditation_certificates") + "?pdf=failed",
        order=400,
        icon="doc-full",
        urgent=True,
    )


@hooks.register(OFFICE_DASHBOARD_HOOK)
def running_batches_dashboard_item(user):
    """The office's dashboard: bulk issues of statements still running."""
    return DashboardItem(
        label=_("Bulk issues running"),
        count=partial(selectors.running_batches_count, user),
        url=reverse("accreditation_bulk_issue") + "?running=1",
        order=600,
        icon="doc-full",
    )

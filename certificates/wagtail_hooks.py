from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from certificates import admin_views
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

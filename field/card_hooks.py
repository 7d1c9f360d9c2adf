"""The admin's screens for licence cards and card photos (``field.card_admin``), registered
with Wagtail's hooks; imported by ``field.wagtail_hooks``."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from field import card_admin
from lms.office import OfficeMenuItem


@hooks.register("register_admin_urls")
def card_admin_urls():
    return [
        path("accreditation/licences/cards/", card_admin.licence_cards, name="licence_cards"),
        path(
            "accreditation/licences/cards/sheet/",
            card_admin.licence_card_sheet,
            name="licence_card_sheet",
        ),
        path("accreditation/photos/", card_admin.photo_queue, name="photo_queue"),
        path(
            "accreditation/photos/<int:pk>/decide/",
            card_admin.photo_decide,
            name="photo_decide",
        ),
    ]


@hooks.register("register_office_menu_item")
def licence_cards_menu_item():
    return OfficeMenuItem(
        _("Print licence cards"), reverse("licence_cards"), icon_name="doc-full", order=410
    )


@hooks.register("register_office_menu_item")
def photo_queue_menu_item():
    return OfficeMenuItem(
        _("Photos for licence cards"), reverse("photo_queue"), icon_name="image", order=420
    )

"""The holder's licences and their cards on the site (``field.card_views``)."""

from django.urls import path

from field import card_views

urlpatterns = [
    path("licences/", card_views.my_licences, name="my_licences"),
    path("licences/<int:pk>/card/", card_views.licence_card, name="licence_card"),
]

from django.urls import path

from field import impact_views

urlpatterns = [
    path("impact/", impact_views.impact, name="impact"),
    path("organisation/impact/", impact_views.organisation_impact, name="organisation_impact"),
    path("organisation/shifts/", impact_views.organisation_shifts, name="organisation_shifts"),
    path(
        "organisation/shifts/<int:pk>/people-served/",
        impact_views.organisation_beneficiaries,
        name="organisation_beneficiaries",
    ),
]

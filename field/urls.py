from django.urls import path

from field import opportunity_views as opps
from field import views

urlpatterns = [
    path("deployments/", views.deployments, name="deployments"),
    path("deployments/<int:pk>/", views.deployment_roster, name="deployment_roster"),
    path("deployments/<int:pk>/attendance/", views.attendance_create, name="attendance_create"),
    path("deployments/attendance/", views.attendance_approvals, name="attendance_approvals"),
    path(
        "deployments/attendance/<int:pk>/withdraw/",
        views.attendance_withdraw,
        name="attendance_withdraw",
    ),
    path("opportunities/", opps.opportunity_list, name="opportunities"),
    path("opportunities/mine/", opps.my_applications, name="my_applications"),
    path("opportunities/<int:pk>/", opps.opportunity_detail, name="opportunity_detail"),
    path("opportunities/<int:pk>/apply/", opps.opportunity_apply, name="opportunity_apply"),
    path(
        "opportunities/applications/<int:pk>/withdraw/",
        opps.application_withdraw,
        name="application_withdraw",
    ),
    path("organisation/opportunities/", opps.managed_list, name="managed_opportunities"),
    path("organisation/opportunities/new/", opps.managed_edit, name="managed_opportunity_new"),
    path("organisation/opportunities/<int:pk>/", opps.managed_detail, name="managed_opportunity"),
    path(
        "organisation/opportunities/<int:pk>/edit/",
        opps.managed_edit,
        name="managed_opportunity_edit",
    ),
    path(
        "organisation/opportunities/<int:pk>/<slug:action>/",
        opps.managed_action,
        name="managed_opportunity_action",
    ),
    path(
        "organisation/applications/<int:pk>/decide/",
        opps.application_decide,
        name="application_decide",
    ),
]

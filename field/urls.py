from django.urls import path

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
]

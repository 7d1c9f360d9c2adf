from django.urls import path

from accreditation import views

urlpatterns = [
    path("hours/", views.my_hours, name="my_hours"),
    path("hours/statement/", views.statement_request, name="statement_request"),
    path(
        "certificates/<str:code>/download/",
        views.certificate_download,
        name="certificate_download",
    ),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("deployments/", views.deployments, name="deployments"),
    path("deployments/<int:pk>/", views.deployment_roster, name="deployment_roster"),
    path("deployments/<int:pk>/attendance/", views.attendance_create, name="attendance_create"),
    path("deployments/attendance/", views.attendance_approvals, name="attendance_approvals"),
]

from django.urls import path

from certificates import views

urlpatterns = [
    path(
        "certificates/<str:code>/download/",
        views.certificate_download,
        name="certificate_download",
    ),
    path("verify/<str:code>/", views.verify, name="verify"),
]

from django.urls import path

from accreditation import views

urlpatterns = [
    path("hours/", views.my_hours, name="my_hours"),
    path("hours/statement/", views.statement_request, name="statement_request"),
]

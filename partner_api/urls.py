from django.conf import settings
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.http import require_GET

from certificates import views as certificate_views
from partner_api import views as api
from partner_api.openapi import document


@require_GET
def openapi(request):
    return JsonResponse(document(settings.WAGTAILADMIN_BASE_URL.rstrip("/")))


urlpatterns = [
    path("openapi.json", openapi, name="api_openapi"),
    path("certificates/<str:code>/", certificate_views.verify_json, name="verify_json"),
    path("volunteers/<int:volunteer_id>/hours/", api.volunteer_hours, name="api_volunteer_hours"),
    path(
        "roles/<int:role_id>/eligibility/<int:volunteer_id>/",
        api.eligibility,
        name="api_eligibility",
    ),
    path("attendance/", api.attendance_submit, name="api_attendance"),
]

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms import health, pages, photo_views, views

urlpatterns = [
    # Probes for the load balancer and the orchestrator. lms.health.ProbeMiddleware answers
    # them before host validation and the HTTPS redirect; named here for reverse().
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", views.language_switch, name="set_language"),
    path("api/v1/", include("partner_api.urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("accounts/register/", views.register, name="register"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/profile/edit/", views.profile_edit, name="profile_edit"),
    path(
        "accounts/profile/request/",
        views.profile_change_request,
        name="profile_change_request",
    ),
    path("accounts/profile/photo/", photo_views.profile_photo, name="profile_photo"),
    path("accounts/photos/<int:pk>/", photo_views.photo_file, name="photo_file"),
    path("accounts/password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("learning/", include("courses.urls")),
    path("", include("accreditation.urls")),
    path("", include("certificates.urls")),
    path("", include("field.urls")),
    path("", include("field.card_urls")),
    path("", include("field.impact_urls")),
    path("", include("field.feedback_urls")),
    path("forums/", include("forums.urls")),
    path("kb/", include("knowledge_base.urls")),
    path("assessments/", include("assessments.urls")),
    path("translations/ask/<int:page_id>/", views.translation_request, name="translation_request"),
    # Wagtail's page serving, with the language fallback (lms.pages.serve): before Wagtail's
    # own pattern, which stays for reverse() and its utility views.
    # Wagtail's own utility views (``_util/``: the sign-in and password forms of restricted
    # pages) are left to its patterns.
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", pages.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns

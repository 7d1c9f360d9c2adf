from django.urls import path

from assessments import views

urlpatterns = [
    path("h5p/play/<str:token>/", views.h5p_player, name="h5p_player"),
    path("h5p/files/<str:token>/<path:path>", views.h5p_file, name="h5p_file"),
    path("h5p/libraries/<str:token>/<path:path>", views.h5p_library, name="h5p_library"),
    path("h5p/assets/<path:path>", views.h5p_asset, name="h5p_asset"),
    path("h5p/xapi/", views.h5p_xapi, name="h5p_xapi"),
    path("h5p/state/", views.h5p_state, name="h5p_state"),
]

from assessments import quiz_views  # noqa: E402

urlpatterns += [
    path("quiz/<int:lesson_id>/<uuid:block_id>/start/", quiz_views.quiz_start, name="quiz_start"),
    path("quiz/attempts/<int:attempt_id>/", quiz_views.quiz_attempt, name="quiz_attempt"),
]

from assessments import report_views  # noqa: E402

urlpatterns += [
    path("results/", report_views.my_results, name="assessment_my_results"),
    path("reports/", report_views.report_index, name="assessment_reports"),
    path(
        "reports/<str:kind>/<uuid:lesson_key>/<uuid:block_id>/",
        report_views.report_detail,
        name="assessment_report",
    ),
    path(
        "reports/<str:kind>/<uuid:lesson_key>/<uuid:block_id>/csv/",
        report_views.report_csv,
        name="assessment_report_csv",
    ),
]

from django.urls import path

from courses import views

urlpatterns = [
    path("", views.dashboard, name="learning_dashboard"),
    path("enrol/<int:course_id>/", views.enrol, name="course_enrol"),
    path("enrol-team/<int:course_id>/", views.enrol_team, name="course_enrol_team"),
    path("lessons/<int:lesson_id>/complete/", views.lesson_complete, name="lesson_complete"),
    path(
        "lessons/<int:lesson_id>/handouts/<int:file_id>/",
        views.lesson_handout,
        name="lesson_handout",
    ),
]

from django.urls import path

from field import feedback_views

urlpatterns = [
    path("feedback/<slug:code>/", feedback_views.feedback_form, name="feedback_form"),
    path("feedback/<slug:code>/thanks/", feedback_views.feedback_thanks, name="feedback_thanks"),
]

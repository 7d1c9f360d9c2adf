from django.urls import path

from forums import views

urlpatterns = [
    path("", views.index, name="forum_index"),
    path("search/", views.search, name="forum_search"),
    path("subscription/", views.subscription, name="forum_subscription"),
    path("reports/", views.reports, name="forum_reports"),
    path("reports/<int:report_id>/handle/", views.report_handle, name="forum_report_handle"),
    path("boards/<slug:slug>/", views.board, name="forum_board"),
    path("boards/<slug:slug>/new/", views.topic_create, name="forum_topic_create"),
    path("topics/<int:topic_id>/", views.topic, name="forum_topic"),
    path("topics/<int:topic_id>/unread/", views.topic_unread, name="forum_topic_unread"),
    path("topics/<int:topic_id>/reply/", views.reply, name="forum_reply"),
    path("topics/<int:topic_id>/moderate/", views.topic_moderate, name="forum_topic_moderate"),
    path("topics/<int:topic_id>/move/", views.topic_move, name="forum_topic_move"),
    path("posts/<int:post_id>/edit/", views.post_edit, name="forum_post_edit"),
    path("posts/<int:post_id>/report/", views.post_report, name="forum_post_report"),
    path("posts/<int:post_id>/hide/", views.post_hide, name="forum_post_hide"),
    path("posts/<int:post_id>/unhide/", views.post_unhide, name="forum_post_unhide"),
    path("posts/<int:post_id>/files/<int:file_id>/", views.attachment, name="forum_attachment"),
]

from django.urls import path

from knowledge_base import views

urlpatterns = [
    path("", views.knowledge_base_home, name="kb_home"),
    path("search/", views.search, name="kb_search"),
    path("waiting/", views.pending, name="kb_pending"),
    path("articles/<int:article_id>/acknowledge/", views.acknowledge, name="kb_acknowledge"),
]

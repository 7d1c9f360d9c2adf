"""The project's URLs and one bare Django view: a one-line template, no query, no session
read, only the project's middleware. Over HTTP it is the framework's own limit on the
machine, the yardstick for the course page (``bench/http.py``)."""

from django.shortcuts import render
from django.urls import path

from lms.urls import urlpatterns as project_urlpatterns


def tiny(request):
    return render(request, "bench/tiny.html", {"name": "Manara"})


urlpatterns = [path("bench/tiny/", tiny), *project_urlpatterns]

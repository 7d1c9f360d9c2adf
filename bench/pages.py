"""Figures of the core pages, measured in process through Django's test client."""

from django.test import Client
from django.test.utils import setup_test_environment

from bench.registry import Figure, benchmark
from bench.timing import median_ms, query_count
from lms.models import User

setup_test_environment()


def _signed_in_client() -> tuple[Client, int]:
    client = Client()
    user = User.objects.filter(email__endswith="@scale.manara.test").order_by("pk").last()
    client.force_login(user)
    return client, User.objects.count()


@benchmark("home_page")
def home_page() -> list[Figure]:
    client, users = _signed_in_client()

    def request():
        response = client.get("/ar/")
        assert response.status_code == 200

    context = {"users": users}
    return [
        Figure("home_page_ms", median_ms(request), "ms", context),
        Figure("home_page_queries", query_count(request), "queries", context),
    ]


@benchmark("profile_page")
def profile_page() -> list[Figure]:
    client, users = _signed_in_client()

    def request():
        response = client.get("/ar/accounts/profile/")
        assert response.status_code == 200

    context = {"users": users}
    return [
        Figure("profile_page_ms", median_ms(request), "ms", context),
        Figure("profile_page_queries", query_count(request), "queries", context),
    ]

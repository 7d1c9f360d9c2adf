"""The shared cache's cost per request: the Redis backend keeps one client per connection
pool (``lms.cache``), and each cache generation is read once per request
(``lms.pagecache.RequestGenerationsMiddleware``) yet never goes stale between requests."""

import os
import threading
import uuid

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from lms import pagecache
from lms.cache import RedisCache
from tests.environment import require

BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")


@pytest.fixture
def redis_cache():
    require("broker", BROKER_URL.startswith("redis://"), "CELERY_BROKER_URL is not a Redis URL")
    backend = RedisCache(BROKER_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield backend
    backend.delete_many([backend.make_key(k) for k in ("a", "b", "n", "gone")])


def test_the_redis_cache_keeps_one_client_and_answers_as_django_s(redis_cache):
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client() is client
    assert redis_cache._cache.get_client(write=True) is client  # one server: one pool

    redis_cache.set("a", {"اسم": "منارة"})
    assert redis_cache.add("a", "other") is False
    assert redis_cache.add("b", [1, 2]) is True
    assert redis_cache.get_many(["a", "b", "gone"]) == {"a": {"اسم": "منارة"}, "b": [1, 2]}
    redis_cache.delete("a")
    assert redis_cache.get("a", "missing") == "missing"


def test_the_shared_client_serves_threads_at_once(redis_cache):
    redis_cache.set("n", 0)
    errors = []

    def work():
        try:
            for _ in range(50):
                redis_cache.incr("n")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and redis_cache.get("n") == 400


class CountingGets:
    def __init__(self, monkeypatch):
        self.keys = []
        original = cache.get

        def get(key, *args, **kwargs):
            self.keys.append(key)
            return original(key, *args, **kwargs)

        monkeypatch.setattr(pagecache.cache, "get", get)


@pytest.mark.django_db
def test_a_generation_is_read_once_per_request_and_fresh_in_the_next(monkeypatch):
    gets = CountingGets(monkeypatch)
    seen = []

    def view(request):
        seen.append(pagecache.generation(pagecache.PAGES))
        seen.append(pagecache.generation(pagecache.PAGES))
        seen.append(pagecache.generation(pagecache.PAGES))
        return None

    middleware = pagecache.RequestGenerationsMiddleware(view)
    middleware(RequestFactory().get("/"))
    assert len(set(seen)) == 1 and gets.keys.count(pagecache.PAGES) == 1

    pagecache.generation_replace(pagecache.PAGES)  # a publish between two requests
    middleware(RequestFactory().get("/"))
    assert seen[3] != seen[0] and len(set(seen[3:])) == 1


@pytest.mark.django_db
def test_a_replacement_inside_a_request_is_seen_by_the_rest_of_it():
    seen = []

    def view(request):
        seen.append(pagecache.generation(pagecache.PAGES))
        pagecache.generation_replace(pagecache.PAGES)  # the request publishes a page
        seen.append(pagecache.generation(pagecache.PAGES))
        return None

    pagecache.RequestGenerationsMiddleware(view)(RequestFactory().get("/"))
    assert seen[0] != seen[1] and seen[1] == cache.get(pagecache.PAGES)


def test_outside_a_request_every_read_asks_the_cache(monkeypatch):
    gets = CountingGets(monkeypatch)
    pagecache.generation(pagecache.PAGES)
    pagecache.generation(pagecache.PAGES)
    assert gets.keys.count(pagecache.PAGES) == 2

"""Health endpoints for the load balancer and the orchestrator: cheap, unauthenticated, and
telling nothing but what answers.

``/healthz``: the process is up and serves requests (a liveness probe; it touches nothing).
``/readyz``: the database, the cache, the broker and the file storages answer (a readiness
probe: a web process that cannot reach them is taken out of rotation, not restarted).
Each check has a short timeout, so a dead service makes the probe fail fast, not hang.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

BROKER_TIMEOUT_SECONDS = 2
# The storages a request or a task may need; those the settings do not define are skipped
# (the code then falls back to folders beside MEDIA_ROOT, see assessments/certificates storage).
STORAGE_ALIASES = ("default", "h5p", "certificates", "photos")
PROBE_NAME = "readyz-probe/none"


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    key = "readyz:probe"
    value = str(time.time())
    cache.set(key, value, timeout=30)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not keep a value")


def _broker() -> None:
    if not settings.CELERY_BROKER_URL:
        return  # tasks run in the caller (development): there is no broker to reach
    from lms.celery import app

    # The address from the settings, not the app's own copy, which a test (or a reload) may
    # have left behind: the probe asks the broker the process is configured for.
    with app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)


def _storage() -> None:
    for alias in STORAGE_ALIASES:
        if alias in settings.STORAGES:
            # One cheap request per storage: a missing object answers "no", an unreachable
            # or refused bucket raises.
            storages[alias].exists(PROBE_NAME)


CHECKS = {"database": _database, "cache": _cache, "broker": _broker, "storage": _storage}


class ProbeMiddleware:
    """Answers the probes before anything checks the Host header, redirects to HTTPS or
    opens a session: an orchestrator asks by the container's address, over plain HTTP.
    Second in the chain, after the request id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = {"/healthz": healthz, "/readyz": readyz}.get(request.path_info)
        if probe is not None:
            return probe(request)
        return self.get_response(request)


@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # noqa: BLE001 - any failure means "not ready"
            results[name] = f"error: {type(error).__name__}"
        else:
            results[name] = "ok"
    ready = all(value == "ok" for value in results.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": results},
        status=200 if ready else 503,
    )

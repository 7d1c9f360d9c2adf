"""gunicorn's settings for the web processes, read from the environment (README.md).

``WEB_CONCURRENCY`` worker processes (gunicorn reads it itself), each with
``GUNICORN_THREADS`` threads: one thread means sync workers, more means gthread.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # noqa: S104 - inside the container
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Seconds an idle keep-alive connection stays open. 5 for clients met directly; behind a
# proxy or load balancer that keeps its own connections open, set it above the proxy's idle
# timeout, or the proxy may send a request on a connection gunicorn is closing that moment.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# A worker is replaced after this many requests, so that a slow leak in a library never grows
# without bound, plus a random share of as many again: workers that share the load evenly would
# otherwise all be replaced within seconds of each other (seen under the load test: both at
# once, and nothing answered while they started). 20,000, not 2,000: at the season's peak a
# worker serves about 40 requests a second, and a replacement every minute took a worker away
# for 5 to 16 s each time and closed the keep-alive connections it held (failed requests in
# the load test); at 20,000 it happens every ten minutes or so.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 2
# Django, Wagtail and the project are imported once, in the master, before the workers are
# forked: a replaced worker answers within milliseconds instead of importing everything again
# (several seconds on a busy machine). Nothing opens a connection at import time; database,
# cache and broker connections are made in each worker on first use.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
# The proxies whose X-Forwarded-Proto gunicorn believes: the same list Manara believes for
# X-Forwarded-For (lms.ratelimit.client_address).
forwarded_allow_ips = os.environ.get("MANARA_TRUSTED_PROXIES", "127.0.0.1,::1") or "127.0.0.1"
accesslog = "-"
errorlog = "-"
# One JSON object a line, like the application's log, with the same request id.
access_log_format = (
    '{"logger": "gunicorn.access", "remote": "%(h)s", "method": "%(m)s", "path": "%(U)s", '
    '"status": %(s)s, "bytes": "%(B)s", "ms": %(M)s, "request_id": "%({x-request-id}o)s"}'
)
# No control socket (gunicorn 25+ makes one under $HOME): processes are managed by the
# orchestrator, and several gunicorns on one machine would share one socket path.
control_socket_disable = True


def when_ready(server):
    """In the master, after the preload and before the first fork: close any database
    connection the import may have opened, so that no two workers ever share one."""
    if preload_app:
        from django.db import connections

        connections.close_all()

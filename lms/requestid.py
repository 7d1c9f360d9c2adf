"""A request id that follows one piece of work through the web process and into the Celery
tasks it queues, and appears on every log record of both.

The id comes from the reverse proxy's ``X-Request-ID`` when it sent a sane one (so a line in
the proxy's log finds the application's lines), else a new one; it goes back in the
response's ``X-Request-ID``. A task carries it as the ``request_id`` header of its message;
the worker puts it back in the context while the task runs.
"""

import contextvars
import logging
import re
import uuid

from celery.signals import before_task_publish, task_postrun, task_prerun

HEADER = "X-Request-ID"
_META_KEY = "HTTP_X_REQUEST_ID"
# What a proxy may hand us: letters, digits and a few separators, not too long (it lands in
# log lines and a response header, so nothing that could break either).
_SANE = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")

current = contextvars.ContextVar("manara_request_id", default="")


def request_id_for(meta) -> str:
    given = meta.get(_META_KEY, "")
    return given if _SANE.match(given) else uuid.uuid4().hex


class RequestIdMiddleware:
    """First in the chain, so every later log line of the request carries the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_for(request.META)
        token = current.set(request_id)
        request.request_id = request_id
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (empty outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = current.get()
        return True


@before_task_publish.connect(dispatch_uid="lms.requestid.publish")
def _carry_into_task(headers=None, **_kwargs) -> None:
    """The web process (or a task queuing another) hands its id to the task's message."""
    request_id = current.get()
    if headers is not None and request_id and "request_id" not in headers:
        headers["request_id"] = request_id


_task_tokens: dict[str, contextvars.Token] = {}


@task_prerun.connect(dispatch_uid="lms.requestid.prerun")
def _enter_task(task_id=None, task=None, **_kwargs) -> None:
    request_id = ""
    if task is not None:
        # Celery copies a message's own headers onto the task's request.
        request_id = getattr(task.request, "request_id", None) or (
            (getattr(task.request, "headers", None) or {}).get("request_id", "")
        )
    _task_tokens[task_id] = current.set(request_id or f"task-{task_id}")


@task_postrun.connect(dispatch_uid="lms.requestid.postrun")
def _leave_task(task_id=None, **_kwargs) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        current.reset(token)

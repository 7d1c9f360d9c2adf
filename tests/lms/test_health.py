"""The probes (lms.health) and the request id (lms.requestid)."""

import json
import logging
import socket

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lms import requestid


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_healthz_answers_without_touching_anything(client):
    # No django_db mark: a query would fail the test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
def test_readyz_is_ready_when_every_service_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok", "storage": "ok"},
    }


@pytest.mark.django_db
def test_readyz_fails_when_the_cache_does_not_answer(client, monkeypatch):
    from lms import health
    from lms.cache import RedisCache

    dead = RedisCache(
        f"redis://127.0.0.1:{closed_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}},
    )
    monkeypatch.setattr(health, "cache", dead)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["cache"].startswith("error: ")
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_readyz_fails_when_the_broker_does_not_answer(client, settings):
    from lms.celery import app

    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"
    previous = app.conf.broker_url
    app.conf.broker_url = settings.CELERY_BROKER_URL
    try:
        response = client.get("/readyz")
    finally:
        app.conf.broker_url = previous
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("error: ")


def test_probes_answer_whatever_the_host_header(client):
    # An orchestrator asks by the container's address, which ALLOWED_HOSTS does not list.
    response = client.get("/healthz", HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200
    assert client.get("/en/", HTTP_HOST="10.1.2.3:8000").status_code == 400


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client):
    first = client.get("/en/")["X-Request-ID"]
    second = client.get("/en/")["X-Request-ID"]
    assert len(first) == 32 and first != second
    given_id = "proxy-req-0123456789"
    assert client.get("/en/", HTTP_X_REQUEST_ID=given_id)["X-Request-ID"] == given_id


@given(st.text(max_size=200))
def test_a_request_id_from_outside_is_taken_only_when_sane(header):
    chosen = requestid.request_id_for({"HTTP_X_REQUEST_ID": header})
    # Whatever the proxy (or a client) sent, what lands in logs and headers is safe.
    assert requestid._SANE.match(chosen)
    assert chosen == header or len(chosen) == 32


def test_a_log_record_and_a_queued_task_carry_the_request_id():
    token = requestid.current.set("req-abcdef123456")
    try:
        record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", None, None)
        assert requestid.RequestIdFilter().filter(record)
        assert record.request_id == "req-abcdef123456"
        headers: dict = {}
        requestid._carry_into_task(headers=headers)
        assert headers == {"request_id": "req-abcdef123456"}
    finally:
        requestid.current.reset(token)
    headers = {}
    requestid._carry_into_task(headers=headers)
    assert headers == {}  # outside a request nothing is invented


def test_a_task_runs_under_the_request_id_it_was_queued_with():
    from celery import shared_task

    seen = []

    @shared_task(name="tests.lms.test_health.record_request_id")
    def record_request_id():
        seen.append(requestid.current.get())

    record_request_id.apply(headers={"request_id": "req-from-web-0001"})
    record_request_id.apply()
    assert seen[0] == "req-from-web-0001"
    assert seen[1].startswith("task-")
    assert requestid.current.get() == ""


def test_production_logs_are_json_with_the_request_id():
    from pythonjsonlogger.json import JsonFormatter

    formatter = JsonFormatter(
        "%(levelname)s %(name)s %(message)s %(request_id)s",
        rename_fields={"levelname": "level", "name": "logger"},
        timestamp=True,
    )
    token = requestid.current.set("req-0123456789ab")
    try:
        record = logging.LogRecord("lms", logging.WARNING, __file__, 1, "slow %s", ("x",), None)
        requestid.RequestIdFilter().filter(record)
        line = json.loads(formatter.format(record))
    finally:
        requestid.current.reset(token)
    assert line["message"] == "slow x"
    assert line["request_id"] == "req-0123456789ab"
    assert line["level"] == "WARNING" and "timestamp" in line

"""A real Celery worker process takes a task from Redis and stores its result in the database."""

import uuid

import pytest
from django.db import connection
from django_celery_results.models import TaskResult

from lms.celery import app
from lms.tasks import email_send
from tests.environment import require
from tests.workers import BROKER_URL, start_worker


# Not a transactional test: the worker commits its result row on its own connection, and
# PostgreSQL's READ COMMITTED lets this test's transaction read it.
@pytest.mark.worker
@pytest.mark.django_db
def test_task_runs_on_a_worker_process_against_redis():
    require("broker", bool(BROKER_URL), "CELERY_BROKER_URL is not set")
    require("postgres", connection.vendor == "postgresql", "the worker shares the test database")
    queue = f"test-{uuid.uuid4().hex}"
    worker = start_worker(queue, "one")
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        result = email_send.apply_async(
            kwargs={"subject": "Test", "body": "Sent by a worker", "to": ["a@example.org"]},
            queue=queue,
        )
        # The dev settings print mail to the console: the worker returns one sent message.
        assert result.get(timeout=60) == 1
        stored = TaskResult.objects.get(task_id=result.id)
        assert stored.status == "SUCCESS"
        assert stored.task_name == "lms.tasks.email_send"
        assert stored.worker  # the worker process's name, not this process
    finally:
        app.conf.task_always_eager = previous
        worker.terminate()
        worker.wait(timeout=30)

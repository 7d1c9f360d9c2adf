"""Bulk issue of hours statements: every volunteer in scope gets exactly one, also when the
job runs twice, and on real workers when one of them is killed in the middle."""

import signal
import time
import uuid

import pytest
from django.db import connection
from django.test import Client

from accreditation.actions import BulkIssueStatements
from accreditation.services import certificate_batch_fill
from certificates.models import Certificate, CertificateBatch
from certificates.services import certificate_batch_progress, certificates_render_queue_missing
from lms.celery import app
from lms.models import Organisation, User
from tests import workers as worker_processes
from tests.environment import require
from tests.factories import (
    OrganisationFactory,
    ServiceCategoryFactory,
    UserFactory,
)
from tests.workers import BROKER_URL, start_worker


def approved_hours(volunteers, *, season=1448, organisation=None, hours="3"):
    # Built, then inserted in one statement: the worker test below loads hundreds.
    worker_processes.approved_hours(
        volunteers,
        category=ServiceCategoryFactory(slug="training"),
        season=season,
        organisation=organisation,
        hours=hours,
    )


@pytest.mark.django_db
def test_a_bulk_issue_gives_each_volunteer_in_scope_one_statement(
    office_staff, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory()
    inside = [UserFactory(organisation=organisation) for _ in range(4)]
    other_season = UserFactory(organisation=organisation)
    approved_hours(inside, organisation=organisation)
    approved_hours(inside[:1], organisation=organisation, season=1447, hours="2")
    approved_hours([other_season], organisation=organisation, season=1447)
    with django_capture_on_commit_callbacks(execute=True):
        batch = BulkIssueStatements(user=office_staff, season=1448).execute()
    issued = Certificate.objects.filter(batch=batch)
    assert sorted(issued.values_list("holder_id", flat=True)) == sorted(v.pk for v in inside)
    assert all(c.payload["total_hours"] == "3" for c in issued)  # the season's hours only
    assert all(c.rendered_at for c in issued)
    # Running the job again (a retry) adds nobody twice.
    assert certificate_batch_fill(batch_id=batch.pk) == 0
    assert issued.count() == 4
    progress = certificate_batch_progress(batch=CertificateBatch.objects.get(pk=batch.pk))
    assert progress == {"total": 4, "issued": 4, "rendered": 4, "percent": 100, "done": True}


@pytest.mark.django_db
def test_a_bulk_issue_is_rendered_in_chunks_each_read_once(
    office_staff, django_capture_on_commit_callbacks, monkeypatch
):
    from certificates import tasks

    monkeypatch.setattr(tasks, "RENDER_CHUNK", 3)
    volunteers = [UserFactory() for _ in range(7)]
    approved_hours(volunteers)
    chunks = []
    real = tasks.certificates_render.delay
    monkeypatch.setattr(
        tasks.certificates_render, "delay", lambda ids: chunks.append(ids) or real(ids)
    )
    with django_capture_on_commit_callbacks(execute=True):
        batch = BulkIssueStatements(user=office_staff, season=1448).execute()
    issued = Certificate.objects.filter(batch=batch).order_by("pk")
    assert chunks == [list(issued.values_list("pk", flat=True))[n : n + 3] for n in (0, 3, 6)]
    assert all(c.rendered_at and c.pdf_file for c in issued)
    assert issued.values("pdf_file").distinct().count() == 7


@pytest.mark.django_db
def test_a_chunk_run_again_renders_only_what_is_missing(django_assert_max_num_queries):
    from certificates.rendering import certificates_render
    from tests.factories import CertificateFactory

    certificates = [CertificateFactory() for _ in range(4)]
    ids = [c.pk for c in certificates]
    assert certificates_render(certificate_ids=ids[:2]) == 2  # a worker lost after two
    stored = dict(Certificate.objects.filter(pk__in=ids[:2]).values_list("pk", "pdf_file"))
    # One read for the chunk, one conditional update per certificate it renders.
    with django_assert_max_num_queries(1 + 2):
        assert certificates_render(certificate_ids=ids) == 2
    assert dict(Certificate.objects.filter(pk__in=ids[:2]).values_list("pk", "pdf_file")) == (
        stored
    )
    assert not Certificate.objects.filter(pk__in=ids, rendered_at__isnull=True).exists()
    assert certificates_render(certificate_ids=ids) == 0
    assert certificates_render(certificate_ids=[]) == 0


@pytest.mark.django_db
def test_a_certificate_that_fails_does_not_hold_back_the_rest_of_its_chunk(monkeypatch):
    from certificates import rendering
    from tests.factories import CertificateFactory

    certificates = [CertificateFactory() for _ in range(3)]
    poison = certificates[0].code
    real = rendering.certificate_pdf

    def render(certificate):
        if certificate.code == poison:
            raise ValueError("a payload the renderer cannot draw")
        return real(certificate)

    monkeypatch.setattr(rendering, "certificate_pdf", render)
    ids = [c.pk for c in certificates]
    with pytest.raises(rendering.RenderingFailed) as failed:
        rendering.certificates_render(certificate_ids=ids)
    assert failed.value.args == ([certificates[0].pk],)  # the task retries only this one
    rendered = Certificate.objects.filter(pk__in=ids, rendered_at__isnull=False)
    assert set(rendered.values_list("pk", flat=True)) == set(ids[1:])
    monkeypatch.setattr(rendering, "certificate_pdf", real)  # fixed: the retry renders it
    assert rendering.certificates_render(certificate_ids=ids) == 1


@pytest.mark.django_db
def test_bulk_issue_is_for_office_staff_with_a_scope(trainer, office_staff):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        BulkIssueStatements(user=trainer, season=1448).execute()
    with pytest.raises(ValidationError):
        BulkIssueStatements(user=office_staff).execute()
    assert not CertificateBatch.objects.exists()


@pytest.mark.django_db
def test_the_progress_page_reports_as_json(office_staff, django_capture_on_commit_callbacks):
    approved_hours([UserFactory()])
    client = Client()
    client.force_login(office_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/accreditation/bulk/", {"season": "1448"})
    batch = CertificateBatch.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{batch.pk}/")
    page = client.get(f"/admin/accreditation/bulk/{batch.pk}/")
    assert page.status_code == 200 and b"<progress" in page.content
    assert client.get(f"/admin/accreditation/bulk/{batch.pk}/?format=json").json()["done"]
    empty = client.post("/admin/accreditation/bulk/", {"season": ""})
    assert empty.status_code == 200 and CertificateBatch.objects.count() == 1


# Enough for both workers to be busy when one is killed; `make bench` (bulk_issue) measures
# the season's 10,000 statements.
COUNT = 600


def wait_for(condition, timeout: float, step: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def until_still(queryset):
    """A condition that holds once the count has not moved for two looks in a row."""
    seen = []

    def still():
        seen.append(queryset.count())
        return len(seen) >= 3 and seen[-1] == seen[-2] == seen[-3]

    return still


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.worker
def test_six_hundred_statements_on_two_workers_survive_a_killed_worker(office_staff):
    require("broker", bool(BROKER_URL), "CELERY_BROKER_URL is not set")
    require("postgres", connection.vendor == "postgresql", "the workers share the database")
    organisation = Organisation.objects.create(slug="bulk", name_ar="جمعية", name_en="Society")
    User.objects.bulk_create(
        User(
            email=f"bulk{n}@example.org",
            first_name="Bulk",
            last_name=f"Volunteer {n}",
            name_ar=f"متطوع {n}",
            organisation=organisation,
            preferred_language="ar",
        )
        for n in range(COUNT)
    )
    volunteers = list(User.objects.filter(organisation=organisation))
    approved_hours(volunteers, organisation=organisation)

    queue = f"test-bulk-{uuid.uuid4().hex}"
    workers = [start_worker(queue, "one"), start_worker(queue, "two")]
    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager, app.conf.task_default_queue = False, queue
    try:
        batch = BulkIssueStatements(user=office_staff, organisation=organisation).execute()
        rendered = Certificate.objects.filter(batch=batch, rendered_at__isnull=False)
        assert wait_for(lambda: rendered.count() >= COUNT // 4, timeout=300)
        workers[0].send_signal(signal.SIGKILL)  # mid-run, with a task in its hands
        workers[0].wait(timeout=30)
        workers.append(start_worker(queue, "three"))
        # When the queue has drained, the periodic sweep re-queues what the dead worker held.
        assert wait_for(until_still(rendered), timeout=600, step=4)
        if rendered.count() < COUNT:
            assert certificates_render_queue_missing(batch=batch) > 0
        assert wait_for(lambda: rendered.count() == COUNT, timeout=300)
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = previous
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=30)
    issued = Certificate.objects.filter(batch=batch)
    assert issued.count() == COUNT
    assert issued.values("holder").distinct().count() == COUNT  # no duplicates
    assert set(issued.values_list("holder_id", flat=True)) == {v.pk for v in volunteers}
    assert issued.values("code").distinct().count() == COUNT
    assert issued.values("pdf_file").distinct().count() == COUNT  # one file each, none shared
    progress = certificate_batch_progress(batch=CertificateBatch.objects.get(pk=batch.pk))
    assert progress["done"] and progress["percent"] == 100

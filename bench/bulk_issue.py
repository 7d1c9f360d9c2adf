"""A season's bulk issue on real workers: 10,000 hours statements issued and rendered to PDF
by two Celery workers (solo pool, one process each, as on this machine's two cores), from
the office's request to the last PDF stored.

Needs PostgreSQL and a broker (``DATABASE_URL``, ``CELERY_BROKER_URL``): the workers share
the database with this process. Without them the benchmark says so and gives no figure."""

import os
import sys
import tempfile
import time
import uuid
from decimal import Decimal

from django.db import connection

from bench.registry import Figure, benchmark

STATEMENTS = 10_000
WORKERS = 2


def _volunteers(organisation) -> None:
    """Top the bulk organisation up to ``STATEMENTS`` volunteers with approved hours."""
    from accreditation.models import ServiceCategory
    from lms.models import User
    from tests.workers import approved_hours

    have = User.objects.filter(organisation=organisation).count()
    User.objects.bulk_create(
        User(
            email=f"bulk{n}@bench.manara.test",
            first_name="Bulk",
            last_name=f"Volunteer {n}",
            name_ar=f"متطوع رقم {n} الحربي",
            organisation=organisation,
            preferred_language=("ar", "en", "ur", "tr", "ms", "ha")[n % 6],
        )
        for n in range(have, STATEMENTS)
    )  # nothing when they are there already
    category, _ = ServiceCategory.objects.get_or_create(
        slug="bench-bulk",
        defaults={"name_ar": "إرشاد", "name_en": "Guiding", "hourly_value_sar": Decimal("15")},
    )
    volunteers = User.objects.filter(organisation=organisation, hours__isnull=True)
    approved_hours(volunteers.iterator(), category=category, organisation=organisation)


def _wait_for_workers(app, names: list[str], timeout: float = 120) -> None:
    """Start the clock once every worker answers (Django loaded), not before."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answered = {name.split("@")[0] for reply in app.control.ping(timeout=1) for name in reply}
        if answered >= set(names):
            return
    raise RuntimeError(f"workers {names} did not start within {timeout:.0f} s")


@benchmark("bulk_issue")
def bulk_issue() -> list[Figure]:
    from accreditation.actions import BulkIssueStatements
    from certificates.models import Certificate, CertificateBatch
    from lms.celery import app
    from lms.models import Organisation, User
    from lms.roles import Role
    from tests.factories import UserFactory
    from tests.workers import start_worker

    broker = os.environ.get("CELERY_BROKER_URL", "")
    if connection.vendor != "postgresql" or not broker:
        print("bulk_issue: needs PostgreSQL and CELERY_BROKER_URL; skipped", file=sys.stderr)
        return []
    organisation, _ = Organisation.objects.get_or_create(
        slug="bench-bulk", defaults={"name_ar": "جمعية الإصدار", "name_en": "Bulk issue society"}
    )
    _volunteers(organisation)
    staff = User.objects.filter(email="bulk-office@bench.manara.test").first() or UserFactory(
        email="bulk-office@bench.manara.test", roles=[Role.OFFICE_STAFF]
    )
    queue = f"bench-bulk-{uuid.uuid4().hex}"
    media = tempfile.mkdtemp(prefix="manara-bulk-")
    workers = [start_worker(queue, f"bulk{n}", media_root=media) for n in range(WORKERS)]
    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager, app.conf.task_default_queue = False, queue
    try:
        _wait_for_workers(app, [f"bulk{n}" for n in range(WORKERS)])
        started = time.perf_counter()
        batch = BulkIssueStatements(user=staff, organisation=organisation).execute()
        issued = Certificate.objects.filter(batch=batch)
        filled = None
        deadline = started + 900
        while time.perf_counter() < deadline:
            if (
                filled is None
                and CertificateBatch.objects.filter(pk=batch.pk, filled_at__isnull=False).exists()
            ):
                filled = time.perf_counter() - started
            if filled is not None and not issued.filter(rendered_at__isnull=True).exists():
                break
            time.sleep(0.5)
        elapsed = time.perf_counter() - started
        rendered = issued.filter(rendered_at__isnull=False).count()
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = previous
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=60)
    context = {"statements": rendered, "workers": WORKERS, "issued_s": round(filled or 0, 1)}
    return [
        Figure(f"bulk_issue_s_{STATEMENTS}", elapsed, "s", context),
        Figure("bulk_issue_statements_per_s", rendered / elapsed, "per_s", context),
    ]

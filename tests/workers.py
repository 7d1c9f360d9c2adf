"""Real Celery worker processes for the tests and benchmarks that need one: started on
their own queue, against the database this process uses, with the project's dev settings."""

import os
import subprocess
import sys
from decimal import Decimal

from django.conf import settings
from django.db import connection

BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")


def database_url() -> str:
    """The URL of this process's database, so the worker writes where the caller reads."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] or "postgres"
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(queue: str, name: str, *, media_root=None) -> subprocess.Popen:
    """One worker process (solo pool) named ``name``, taking tasks from ``queue`` only."""
    return subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "lms",
            "worker",
            "--pool=solo",
            "-n",
            f"{name}@%h",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],  # fmt: skip # a command line: each flag beside its value
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": BROKER_URL,
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "DJANGO_ALLOWED_HOSTS": "localhost",
            "MANARA_MEDIA_ROOT": str(media_root or settings.MEDIA_ROOT),
        },
    )


def approved_hours(volunteers, *, category, season=1448, organisation=None, hours="3"):
    """One approved field entry for each volunteer, built and inserted in bulk."""
    from accreditation.models import HoursEntry
    from tests.factories import HoursEntryFactory

    HoursEntry.objects.bulk_create(
        (
            HoursEntryFactory.build(
                approved=True,
                volunteer=volunteer,
                hours=Decimal(hours),
                category=category,
                hourly_value_sar=Decimal("15"),
                season=season,
                organisation=organisation,
                description="Guiding pilgrims at Bab al-Salam",
            )
            for volunteer in volunteers
        ),
        batch_size=2000,
    )

"""Timing helpers: medians of repeated runs, and query counts."""

import statistics
import time
from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def median_ms(function: Callable[[], object], *, repeat: int = 50, warmup: int = 5) -> float:
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def query_count(function: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured.captured_queries)


def settle(*tables: str) -> None:
    """The database as a running one has it after bulk loading: on PostgreSQL the freshly
    written ``tables`` vacuumed (so index-only reads are possible) and every table analysed
    (autovacuum's work, which a server may have turned off), so the planner knows the
    sizes it plans for."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute("ANALYZE")

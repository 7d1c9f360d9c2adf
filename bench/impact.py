"""The public impact page over a million ledger entries: it reads the running totals
(field.impact), so its time does not grow with the ledger."""

import time

from bench.registry import Figure, benchmark
from bench.timing import median_ms, query_count, settle


@benchmark("impact_page")
def impact_page() -> list[Figure]:
    from django.test import Client

    from bench.accreditation import LEDGER_SIZE, ensure_ledger
    from field.impact import impact_totals_rebuild
    from field.models import ImpactServed, ImpactTotal

    entries = ensure_ledger(LEDGER_SIZE)
    # The scale ledger is loaded past the services (one INSERT ... SELECT), so the running
    # totals are recomputed from it, as ``manage.py rebuild_impact_totals`` does.
    started = time.perf_counter()
    groups = impact_totals_rebuild()
    rebuild_s = time.perf_counter() - started
    settle(ImpactTotal._meta.db_table, ImpactServed._meta.db_table)
    client = Client()
    context = {
        "ledger_entries": entries,
        "impact_groups": groups,
        "volunteers_served_rows": ImpactServed.objects.count(),
    }

    def page():
        response = client.get("/en/impact/")
        assert response.status_code == 200, response.status_code
        return response

    def csv():
        response = client.get("/en/impact/", {"export": "csv"})
        return b"".join(response.streaming_content)

    return [
        Figure("impact_page_ms_1m", median_ms(page, repeat=20, warmup=2), "ms", context),
        Figure("impact_page_queries", query_count(page), "queries", context),
        Figure("impact_csv_ms_1m", median_ms(csv, repeat=10, warmup=1), "ms", context),
        Figure("impact_rebuild_s_1m", rebuild_s, "s", context),
    ]

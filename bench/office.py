"""The office's volunteer list over 100,000 volunteers: its first page and an XLSX export of
10,000 rows, measured in process through Django's test client."""

import time

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from bench.registry import Figure, benchmark
from bench.timing import median_ms, query_count, settle

VOLUNTEERS = 100_000
EXPORT_ROWS = 10_000


def ensure_volunteers(count: int) -> int:
    """Top the scale data up to ``count`` volunteers (bulk inserts, reused when present) and
    fill the folded search column of rows written before it existed."""
    from lms.models import User, search_text_of

    call_command("generate_scale_data", volunteers=count, verbosity=0)
    blank = User.objects.filter(search_text="").only(
        "name_ar", "first_name", "last_name", "email", "mobile", "id_number"
    )
    batch = []
    for person in blank.iterator(chunk_size=5000):
        person.search_text = search_text_of(person)
        batch.append(person)
        if len(batch) == 5000:
            User.objects.bulk_update(batch, ["search_text"])
            batch = []
    User.objects.bulk_update(batch, ["search_text"])
    settle("lms_user")
    return User.objects.count()


def _office_client() -> tuple[Client, object]:
    from lms.models import User
    from lms.roles import Role

    staff, _created = User.objects.get_or_create(
        email="office@bench.manara.test", defaults={"first_name": "Bench", "last_name": "Office"}
    )
    staff.groups.add(Group.objects.get(name=Role.OFFICE_STAFF.value))
    client = Client()
    client.force_login(staff)
    return client, staff


@benchmark("volunteer_list")
def volunteer_list() -> list[Figure]:
    users = ensure_volunteers(VOLUNTEERS)
    client, staff = _office_client()

    def first_page():
        response = client.get("/admin/volunteers/")
        assert response.status_code == 200

    def searched():
        response = client.get("/admin/volunteers/", {"q": "متطوع 4242"})
        assert response.status_code == 200

    context = {"users": users}
    figures = [
        Figure("volunteer_list_ms", median_ms(first_page, repeat=20), "ms", context),
        Figure("volunteer_list_queries", query_count(first_page), "queries", context),
        Figure("volunteer_search_ms", median_ms(searched, repeat=10), "ms", context),
    ]

    from lms.exports import table_export
    from office.selectors import volunteer_export_rows
    from office.selectors import volunteer_list as listed
    from office.viewsets import VolunteerIndexView

    columns = VolunteerIndexView().export_columns
    started = time.perf_counter()
    first = listed(staff).order_by("search_text", "pk").values("pk")[:EXPORT_ROWS]
    rows = volunteer_export_rows(listed(staff).filter(pk__in=first).order_by("search_text", "pk"))
    response = table_export(
        fmt="xlsx", filename="volunteers", title="Volunteers", columns=columns, rows=rows
    )
    elapsed = time.perf_counter() - started
    figures.append(
        Figure(
            "volunteer_export_xlsx_s",
            elapsed,
            "s",
            {**context, "rows": EXPORT_ROWS, "bytes": len(response.content)},
        )
    )
    return figures

"""The office's dashboard on the admin's home, over scale data: what waits for the office
counted for the whole office and for a section's staff."""

import datetime

from django.db import transaction
from django.utils import timezone

from bench.registry import Figure, benchmark
from bench.timing import median_ms, query_count

ATTENDANCE = 50_000
LICENCES = 20_000
CERTIFICATES = 50_000


def _office_staff(email: str, section: str):
    from django.contrib.auth.models import Group

    from lms.models import User
    from lms.roles import Role

    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": "Bench", "last_name": "Office", "section": "men"}
    )
    if created:
        user.staff_section = section
        user.save(update_fields=["staff_section"])
        user.groups.add(Group.objects.get(name=Role.OFFICE_STAFF.value))
    return user


def ensure_waiting() -> dict:
    """Top the field service and certificates up with what the dashboard counts: confirmed
    attendance, overrides, licences expiring, certificates without their PDF, bulk issues."""
    from certificates.models import Certificate
    from field.models import Attendance, Licence
    from lms.models import User

    volunteers = list(User.objects.order_by("pk").values_list("pk", "section")[:10_000])
    if not Certificate.objects.filter(code="BENCH-00000000").exists():
        _load(volunteers)
    return {
        "attendance": Attendance.objects.count(),
        "licences": Licence.objects.count(),
        "certificates": Certificate.objects.count(),
    }


@transaction.atomic
def _load(volunteers) -> None:
    from accreditation.models import ServiceCategory
    from certificates.models import Certificate, CertificateBatch
    from field.models import Assignment, Attendance, Deployment, FieldRole, Licence

    # What an earlier run left half-made (it stopped before the certificates).
    Attendance.objects.filter(assignment__deployment__service_point="Bench gate").delete()
    Deployment.objects.filter(service_point="Bench gate").delete()
    Licence.objects.filter(holder_id__in=[pk for pk, _section in volunteers]).delete()
    category = ServiceCategory.objects.order_by("pk").first()
    role = FieldRole.objects.create(name_ar="بوابة", name_en="Gate", category=category)
    today = timezone.localdate()
    deployments = {
        section: Deployment.objects.create(
            role=role,
            service_point="Bench gate",
            section=section,
            starts_on=today - datetime.timedelta(days=20),
            ends_on=today + datetime.timedelta(days=20),
            capacity=10_000,
        )
        for section in ("men", "women")
    }
    Assignment.objects.bulk_create(
        [
            Assignment(
                deployment=deployments[section or "men"],
                volunteer_id=pk,
                override_reason="Bench" if n % 10 == 0 else "",
            )
            for n, (pk, section) in enumerate(volunteers)
        ],
        batch_size=2000,
    )
    assignments = list(Assignment.objects.filter(deployment__service_point="Bench gate"))
    days = ATTENDANCE // len(assignments) + 1
    Attendance.objects.bulk_create(
        [
            Attendance(
                assignment=assignment,
                day=assignment.deployment.starts_on + datetime.timedelta(days=day),
                hours=6,
                status=("recorded", "confirmed", "approved")[(n + day) % 3],
            )
            for n, assignment in enumerate(assignments)
            for day in range(days)
        ][:ATTENDANCE],
        batch_size=5000,
    )
    Licence.objects.bulk_create(
        [
            Licence(
                level="practitioner",
                holder_id=volunteers[n % len(volunteers)][0],
                expires_on=timezone.localdate() + datetime.timedelta(days=n % 400),
            )
            for n in range(min(LICENCES, len(volunteers)))
        ],
        batch_size=5000,
    )
    requester = _office_staff("bench-office@example.org", "")
    batches = [
        CertificateBatch.objects.create(season=1447, requested_by=requester, section=s)
        for s in ("men", "women", "")
    ]
    issued = timezone.now() - datetime.timedelta(hours=3)
    Certificate.objects.bulk_create(
        [
            Certificate(
                code=f"BENCH-{n:08d}",
                kind="hours",
                holder_id=volunteers[n % len(volunteers)][0],
                language="ar",
                payload={},
                signature="-",
                issued_at=issued,
                batch=batches[n % 3] if n % 50 == 0 and n < len(volunteers) else None,
                rendered_at=None if n % 100 == 0 else issued,
            )
            for n in range(CERTIFICATES)
        ],
        batch_size=5000,
    )


@benchmark("office_dashboard")
def office_dashboard() -> list[Figure]:
    from django.test import RequestFactory

    from lms.dashboard import OfficeDashboardPanel, dashboard_items
    from lms.roles import role_names

    context = ensure_waiting()
    figures = []
    for label, section in (("office", ""), ("section", "women")):
        user = _office_staff(f"bench-office-{label}@example.org", section)
        role_names(user)  # read once per request, before the panels
        request = RequestFactory().get("/admin/")
        request.user = user

        def render(user=user, request=request):
            return OfficeDashboardPanel(user).render_html({"request": request})

        counts = {str(c.item.label): c.count for c in dashboard_items(user)}
        run_context = {**context, "staff_section": section or "all", "items": len(counts)}
        figures.append(
            Figure(
                f"office_dashboard_ms_{label}",
                median_ms(render, repeat=20, warmup=2),
                "ms",
                run_context,
            )
        )
        figures.append(
            Figure(f"office_dashboard_queries_{label}", query_count(render), "queries", run_context)
        )
    return figures

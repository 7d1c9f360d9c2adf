"""The public list of opportunities over 5,000 published ones: its first page, in process
through Django's test client, and its queries (the same for any number)."""

import datetime

from django.test import Client
from django.utils import timezone

from bench.registry import Figure, benchmark
from bench.timing import median_ms, query_count, settle

OPPORTUNITIES = 5_000


def ensure_opportunities(count: int) -> int:
    """Top the data up to ``count`` published opportunities (bulk inserts, reused), each
    with a skill, spread over a season."""
    from accreditation.models import ServiceCategory
    from field.models import FieldRole, Opportunity
    from lms.models import Skill

    have = Opportunity.objects.filter(status=Opportunity.Status.PUBLISHED).count()
    if have < count:
        category = ServiceCategory.objects.order_by("pk").first()
        role = FieldRole.objects.first() or FieldRole.objects.create(
            name_ar="مرشد", name_en="Guide", category=category
        )
        skill = Skill.objects.order_by("pk").first()
        today = timezone.localdate()
        made = Opportunity.objects.bulk_create(
            Opportunity(
                title={"ar": f"فرصة تطوع {n}", "en": f"Opportunity {n}"},
                description={"ar": "وصف"},
                category=category,
                role=role,
                service_point=f"باب {n % 40}",
                section="men" if n % 2 else "women",
                starts_on=today + datetime.timedelta(days=n % 120),
                ends_on=today + datetime.timedelta(days=n % 120 + 7),
                places=10,
                languages=["ar", "ur"] if n % 3 else ["ar"],
                status=Opportunity.Status.PUBLISHED,
            )
            for n in range(have, count)
        )
        if skill is not None:
            through = Opportunity.skills.through
            through.objects.bulk_create(
                through(opportunity_id=item.pk, skill_id=skill.pk) for item in made
            )
        settle("field_opportunity")
    return Opportunity.objects.filter(status=Opportunity.Status.PUBLISHED).count()


@benchmark("opportunities_list")
def opportunities_list() -> list[Figure]:
    total = ensure_opportunities(OPPORTUNITIES)
    client = Client()

    def first_page():
        response = client.get("/ar/opportunities/")
        assert response.status_code == 200

    def filtered():
        response = client.get("/ar/opportunities/", {"section": "men", "language": "ur"})
        assert response.status_code == 200

    context = {"opportunities": total}
    return [
        Figure("opportunities_list_ms", median_ms(first_page, repeat=30), "ms", context),
        Figure("opportunities_list_queries", query_count(first_page), "queries", context),
        Figure("opportunities_filtered_ms", median_ms(filtered, repeat=30), "ms", context),
    ]

"""Generate scale data for benchmarks: volunteers, organisations and teams in bulk.

Tops the database up to the requested size, so running it twice adds nothing. Other apps
add their own scale data through the ``manara_generate_scale_data`` hook.
"""

import datetime

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail import hooks

from lms.models import IdentityType, Organisation, Section, Team, User, search_text_of
from lms.pagecache import ROLES, generation_replace
from lms.roles import Role

BATCH = 2_000


class Command(BaseCommand):
    help = "Top the database up to --volunteers scale volunteers (default 10,000)."

    def add_arguments(self, parser):
        parser.add_argument("--volunteers", type=int, default=10_000)

    @transaction.atomic
    def handle(self, *args, volunteers: int, **options):
        organisations = []
        for index in range(20):
            organisation, _created = Organisation.objects.get_or_create(
                slug=f"scale-organisation-{index}",
                defaults={"name_ar": f"جهة {index}", "name_en": f"Scale organisation {index}"},
            )
            organisations.append(organisation)
        existing = User.objects.filter(email__endswith="@scale.manara.test").count()
        password = make_password("scale-data-password")
        volunteer_group = Group.objects.get(name=Role.VOLUNTEER.value)
        membership = User.groups.through
        for start in range(existing, volunteers, BATCH):
            stop = min(start + BATCH, volunteers)
            batch = [
                User(
                    email=f"volunteer{n}@scale.manara.test",
                    password=password,
                    first_name="Scale",
                    last_name=f"Volunteer {n}",
                    name_ar=f"متطوع {n}",
                    mobile=f"+9665{n:08d}",
                    id_type=IdentityType.PASSPORT,
                    id_number=f"S{n:08d}",
                    date_of_birth=datetime.date(1990 + n % 15, 1 + n % 12, 1 + n % 28),
                    section=Section.MEN if n % 2 else Section.WOMEN,
                    preferred_language=("ar", "en", "ur", "tr", "ms", "ha")[n % 6],
                    organisation=organisations[n % len(organisations)],
                )
                for n in range(start, stop)
            ]
            for person in batch:  # bulk_create skips save(), which keeps the search column
                person.search_text = search_text_of(person)
            created = User.objects.bulk_create(batch)
            membership.objects.bulk_create(
                [membership(user_id=user.pk, group_id=volunteer_group.pk) for user in created]
            )
            # Bulk memberships send no signal: roles cached for these ids go (lms.pagecache).
            generation_replace(ROLES)
        for organisation in organisations:
            for section in Section.values:
                Team.objects.get_or_create(
                    organisation=organisation,
                    name=f"{organisation.name_en} {section}",
                    defaults={"section": section},
                )
        for hook in hooks.get_hooks("manara_generate_scale_data"):
            hook(volunteers=volunteers, stdout=self.stdout)
        self.stdout.write(
            f"{User.objects.count()} users, {Organisation.objects.count()} organisations"
        )

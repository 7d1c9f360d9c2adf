import datetime

import factory
from django.contrib.auth.models import Group

from lms.models import IdentityType, Organisation, Section, Team, User
from lms.roles import Role
from lms.validators import luhn_ok


def valid_national_id(serial: int) -> str:
    """A Saudi national ID (starts with 1) whose check digit the platform accepts."""
    body = f"1{serial:08d}"
    return next(body + str(d) for d in range(10) if luhn_ok(body + str(d)))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"organisation-{n}")
    name_ar = factory.Sequence(lambda n: f"جهة {n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.UNIVERSITY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = "Ahmad"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    name_ar = factory.Sequence(lambda n: f"أحمد {n}")
    mobile = "+966551234567"
    id_type = IdentityType.NATIONAL_ID
    id_number = factory.Sequence(lambda n: valid_national_id(n + 1000))
    date_of_birth = datetime.date(1998, 5, 1)
    section = Section.MEN
    preferred_language = "ar"
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create:
            return
        self.save()
        for role in extracted or [Role.VOLUNTEER]:
            self.groups.add(Group.objects.get(name=Role(role).value))


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    section = Section.MEN

"""factory_boy factories for the main models.

They write rows directly, past the services: use them to set a scene, and the services for
what a test is about. Rows the platform treats as append-only (ledger entries, licence
events) are only ever inserted, never saved twice."""

import datetime
import uuid
import zoneinfo
from decimal import Decimal

import factory
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone

from accreditation.models import CourseAccreditation, HoursEntry, ServiceCategory
from certificates.models import Certificate, CertificateBatch
from certificates.registry import holder_names
from certificates.signing import new_code, sign
from field.models import (
    Assignment,
    Attendance,
    Deployment,
    FieldRole,
    Licence,
    LicenceEvent,
    LicenceLevel,
    LicencePolicy,
    RoleRequirement,
    ShiftTemplate,
)
from lms.dates import hijri_season
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
    """A team; ``TeamFactory(leaders=[...], members=[...])`` fills it."""

    class Meta:
        model = Team
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    section = Section.MEN

    @factory.post_generation
    def leaders(self, create, extracted, **kwargs):
        if create and extracted:
            self.leaders.add(*extracted)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.add(*extracted)


def office_staff_factory():
    return factory.SubFactory(UserFactory, roles=[Role.OFFICE_STAFF])


# Accreditation


class ServiceCategoryFactory(factory.django.DjangoModelFactory):
    """A service category; ``ServiceCategoryFactory(slug="training")`` is the one the
    migrations made for training credit."""

    class Meta:
        model = ServiceCategory
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    name_ar = factory.Sequence(lambda n: f"خدمة {n}")
    name_en = factory.Sequence(lambda n: f"Service {n}")
    hourly_value_sar = Decimal("15")


class CourseAccreditationFactory(factory.django.DjangoModelFactory):
    """The office's decision on a course: pass ``course_key=course.translation_key``."""

    class Meta:
        model = CourseAccreditation

    course_key = factory.LazyFunction(uuid.uuid4)
    credit_hours = Decimal("5")
    accredited_by = office_staff_factory()


class HoursEntryFactory(factory.django.DjangoModelFactory):
    """A ledger entry, inserted once (``Model.objects.create``, a forced insert): the ledger
    is append-only, so nothing here saves an entry a second time. Organisation and section
    are the volunteer's, the season the Hijri year of ``served_on``, the value per hour the
    category's. Written past the services: call ``hours_totals_rebuild()`` when a test reads
    the totals. Traits: ``approved``, ``rejected``, ``training``."""

    class Meta:
        model = HoursEntry
        skip_postgeneration_save = True

    class Params:
        approved = factory.Trait(
            status=HoursEntry.Status.APPROVED,
            decided_at=factory.LazyFunction(timezone.now),
        )
        rejected = factory.Trait(
            status=HoursEntry.Status.REJECTED,
            decided_at=factory.LazyFunction(timezone.now),
            decision_reason="Not at the service point",
        )
        training = factory.Trait(
            kind=HoursEntry.Kind.TRAINING,
            source=HoursEntry.Source.COURSE_COMPLETION,
            category=factory.SubFactory(ServiceCategoryFactory, slug="training"),
        )

    volunteer = factory.SubFactory(UserFactory)
    kind = HoursEntry.Kind.FIELD
    hours = Decimal("3")
    category = factory.SubFactory(ServiceCategoryFactory)
    hourly_value_sar = factory.LazyAttribute(lambda o: o.category.hourly_value_sar)
    served_on = datetime.date(2026, 6, 1)
    season = factory.LazyAttribute(lambda o: hijri_season(o.served_on))
    organisation = factory.LazyAttribute(lambda o: o.volunteer.organisation)
    section = factory.LazyAttribute(lambda o: o.volunteer.section)
    source = HoursEntry.Source.MANUAL
    status = HoursEntry.Status.PENDING


# Certificates


class CertificateBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateBatch

    season = 1448
    organisation = None
    requested_by = office_staff_factory()


class CertificateFactory(factory.django.DjangoModelFactory):
    """A certificate as ``certificate_issue`` makes it (an hours statement unless told
    otherwise), without its PDF: a fresh code, and signed once every field is set, so it
    verifies as valid. Pass ``signature=`` to store another one."""

    class Meta:
        model = Certificate

    code = factory.LazyFunction(new_code)
    kind = Certificate.Kind.HOURS
    holder = factory.SubFactory(UserFactory)
    language = factory.LazyAttribute(lambda o: o.holder.preferred_language or "ar")
    payload = factory.LazyAttribute(
        lambda o: {
            "holder": holder_names(o.holder),
            "season": None,
            "total_hours": "0",
            "categories": [],
            "courses": [],
            "field": [],
        }
    )
    issued_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0))
    expires_at = None

    @classmethod
    def _signed(cls, model_class, kwargs):
        certificate = model_class(**kwargs)
        if not certificate.signature:
            certificate.signature = sign(certificate)
        return certificate

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        return cls._signed(model_class, kwargs)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        certificate = cls._signed(model_class, kwargs)
        certificate.save(force_insert=True)
        return certificate


# Field service


class FieldRoleFactory(factory.django.DjangoModelFactory):
    """A field role. ``FieldRoleFactory(requirements=[course, article])`` requires each page
    given (a course to have completed, an article to have acknowledged); requirements that
    are alternatives of each other are made with ``RoleRequirementFactory``."""

    class Meta:
        model = FieldRole
        skip_postgeneration_save = True

    name_ar = factory.Sequence(lambda n: f"دور ميداني {n}")
    name_en = factory.Sequence(lambda n: f"Field role {n}")
    category = factory.SubFactory(ServiceCategoryFactory)

    @factory.post_generation
    def requirements(self, create, extracted, **kwargs):
        if not create:
            return
        for page in extracted or ():
            RoleRequirementFactory(role=self, page=page, **kwargs)


class RoleRequirementFactory(factory.django.DjangoModelFactory):
    """What a role requires: ``page=`` a course page or a knowledge-base article (or pass
    ``course=`` / ``article=`` yourself)."""

    class Meta:
        model = RoleRequirement

    class Params:
        page = None

    role = factory.SubFactory(FieldRoleFactory)
    course = factory.LazyAttribute(lambda o: o.page if _is_course(o.page) else None)
    article = factory.LazyAttribute(lambda o: None if _is_course(o.page) else o.page)
    kind = factory.LazyAttribute(
        lambda o: RoleRequirement.Kind.COURSE if o.course else RoleRequirement.Kind.ARTICLE
    )


def _is_course(page) -> bool:
    from courses.models import CoursePage

    return isinstance(page, CoursePage)


class DeploymentFactory(factory.django.DjangoModelFactory):
    """A deployment for thirty days from ten days hence; its season is worked out by
    ``Deployment.save()`` from the start date."""

    class Meta:
        model = Deployment

    role = factory.SubFactory(FieldRoleFactory)
    service_point = "باب السلام"
    section = Section.MEN
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=30))
    capacity = 10


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    deployment = factory.SubFactory(DeploymentFactory)
    volunteer = factory.SubFactory(
        UserFactory, section=factory.SelfAttribute("..deployment.section")
    )
    team = None


def _shift_start(o):
    if o.check_in is None:
        return None
    return datetime.datetime.combine(o.day, o.check_in, zoneinfo.ZoneInfo(settings.TIME_ZONE))


class AttendanceFactory(factory.django.DjangoModelFactory):
    """A shift on the deployment's first day, from 08:00 (``check_in``, on the office's
    clock) for ``hours`` (pass ``check_in=None`` for hours without times). Traits:
    ``confirmed``, ``approved``."""

    class Meta:
        model = Attendance

    class Params:
        check_in = datetime.time(8)
        confirmed = factory.Trait(
            status=Attendance.Status.CONFIRMED,
            confirmed_at=factory.LazyFunction(timezone.now),
        )
        approved = factory.Trait(
            status=Attendance.Status.APPROVED,
            confirmed_at=factory.LazyFunction(timezone.now),
            decided_at=factory.LazyFunction(timezone.now),
        )

    assignment = factory.SubFactory(AssignmentFactory)
    day = factory.LazyAttribute(lambda o: o.assignment.deployment.starts_on)
    hours = Decimal("6")
    starts_at = factory.LazyAttribute(_shift_start)
    ends_at = factory.LazyAttribute(
        lambda o: o.starts_at + datetime.timedelta(hours=float(o.hours)) if o.starts_at else None
    )
    status = Attendance.Status.RECORDED


class ShiftTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShiftTemplate

    deployment = factory.SubFactory(DeploymentFactory)
    name = "Night"
    starts = datetime.time(21)
    ends = datetime.time(3)


class LicencePolicyFactory(factory.django.DjangoModelFactory):
    """What a licence level requires: a field role used as a profile of requirements
    (``LicencePolicyFactory(requirements__requirements=[course])``)."""

    class Meta:
        model = LicencePolicy
        django_get_or_create = ("level",)

    level = LicenceLevel.PRACTITIONER
    requirements = factory.SubFactory(
        FieldRoleFactory,
        name_ar=factory.SelfAttribute("..level"),
        name_en=factory.SelfAttribute("..level"),
    )
    validity_months = 24


class LicenceFactory(factory.django.DjangoModelFactory):
    """A licence held by a person (trait ``for_team``: by a team), in force for a year. Its
    events are not made: add ``LicenceEventFactory(licence=...)`` when a test reads them."""

    class Meta:
        model = Licence

    class Params:
        for_team = factory.Trait(holder=None, team=factory.SubFactory(TeamFactory))

    level = LicenceLevel.PRACTITIONER
    holder = factory.SubFactory(UserFactory)
    team = None
    status = Licence.Status.ACTIVE
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))


class LicenceEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LicenceEvent

    licence = factory.SubFactory(LicenceFactory)
    action = LicenceEvent.Action.ISSUE
    actor = office_staff_factory()
    expires_on = factory.LazyAttribute(lambda o: o.licence.expires_on)

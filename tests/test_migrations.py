"""An existing database survives the split of accreditation into certificates, field and
partner_api: every row written before the split is read through the new apps' models with
the same values, content types follow the models (same rows, new app label), and a group's
permission on a moved model still works.

The database is migrated back to the last state before the split, filled through the
historical models, and migrated forward again. Slow (a few seconds of migration states):
select it with ``-m migrations``, or leave it out with ``-m "not migrations"``."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from accreditation.models import ServiceCategory
from certificates.models import Certificate, CertificateBatch
from certificates.selectors import verification
from certificates.signing import new_code, sign
from field.models import (
    Assignment,
    Attendance,
    Deployment,
    FieldRole,
    Licence,
    LicenceEvent,
    LicencePolicy,
    RoleRequirement,
)
from lms.models import User
from partner_api.models import ApiToken
from tests.factories import OrganisationFactory, TeamFactory, UserFactory

pytestmark = [
    pytest.mark.migrations,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BEFORE_SPLIT = [
    ("accreditation", "0015_role_licence_level"),
    ("certificates", None),
    ("field", None),
    ("partner_api", None),
]

# Where each model that used to live in accreditation lives now.
MOVED = {
    "certificate": ("certificates", Certificate),
    "certificatebatch": ("certificates", CertificateBatch),
    "fieldrole": ("field", FieldRole),
    "rolerequirement": ("field", RoleRequirement),
    "deployment": ("field", Deployment),
    "assignment": ("field", Assignment),
    "attendance": ("field", Attendance),
    "licencepolicy": ("field", LicencePolicy),
    "licence": ("field", Licence),
    "licenceevent": ("field", LicenceEvent),
    "apitoken": ("partner_api", ApiToken),
}


def migrate(targets):
    """Migrate to ``targets`` and return the historical apps of the state reached."""
    executor = MigrationExecutor(connection)
    state = executor.migrate(targets)
    ContentType.objects.clear_cache()
    return state.apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def fill(apps, *, people, organisation, team, course):
    """Rows of every moved model, written through the historical models (as before the
    split). Returns each model's rows as ``values()`` read back from the database."""

    def model(name):
        return apps.get_model("accreditation", name)

    office, volunteer = people
    category = model("ServiceCategory").objects.create(
        slug="guiding",
        name_ar="إرشاد التائهين",
        name_en="Guiding lost pilgrims",
        hourly_value_sar=Decimal("15.50"),
    )
    role = model("FieldRole").objects.create(
        name_ar="مرشد",
        name_en="Guide",
        category=category,
        section="men",
        minimum_age=18,
        minimum_field_hours=Decimal("4.5"),
        languages=["ar", "ur"],
        licence_level="practitioner",
    )
    model("RoleRequirement").objects.create(
        role=role, kind="course", course_id=course.pk, validity_months=24, alternatives=1
    )
    deployment = model("Deployment").objects.create(
        role=role,
        service_point="باب السلام",
        organisation_id=organisation.pk,
        section="men",
        season=1448,
        starts_on=datetime.date(2026, 11, 20),
        ends_on=datetime.date(2026, 12, 10),
        capacity=12,
        created_by_id=office.pk,
    )
    assignment = model("Assignment").objects.create(
        deployment=deployment,
        volunteer_id=volunteer.pk,
        team_id=team.pk,
        assigned_by_id=office.pk,
        override_reason="Paramedic by profession",
        override_findings=[{"kind": "course", "status": "missing"}],
        check_findings=[],
        reminded=[["course", "2027-01-01"]],
    )
    model("Attendance").objects.create(
        assignment=assignment,
        day=datetime.date(2026, 11, 21),
        check_in=datetime.time(8),
        check_out=datetime.time(14, 30),
        hours=Decimal("6.50"),
        status="approved",
        recorded_by_id=office.pk,
        confirmed_by_id=office.pk,
        confirmed_at=timezone.now(),
        partner_id=organisation.pk,
        idempotency_key="sub-1",
    )
    model("LicencePolicy").objects.create(
        level="practitioner", requirements=role, validity_months=12
    )
    licence = model("Licence").objects.create(
        level="practitioner",
        holder_id=volunteer.pk,
        status="active",
        expires_on=datetime.date(2027, 11, 20),
    )
    model("Licence").objects.create(
        level="team_leader", team_id=team.pk, expires_on=datetime.date(2027, 6, 1)
    )
    model("LicenceEvent").objects.create(
        licence=licence,
        action="issue",
        actor_id=office.pk,
        reason="",
        expires_on=licence.expires_on,
    )
    batch = model("CertificateBatch").objects.create(
        season=1448, organisation_id=organisation.pk, requested_by_id=office.pk, total=1
    )
    certificate = model("Certificate")(
        code=new_code(),
        kind="hours",
        holder_id=volunteer.pk,
        language="ur",
        payload={"holder": {"name_ar": "أحمد", "name_latin": "Ahmad"}, "total_hours": "6.5"},
        issued_at=timezone.now().replace(microsecond=0),
        issued_by_id=office.pk,
        batch=batch,
    )
    certificate.signature = sign(certificate)  # as the certificates of the day were signed
    certificate.save()
    model("ApiToken").objects.create(
        organisation_id=organisation.pk,
        name="Roster sync",
        digest="a" * 64,
        created_by_id=office.pk,
    )
    return {name: list(model(name).objects.order_by("pk").values()) for name in MOVED}


def test_rows_content_types_and_permissions_survive_the_split(make_course):
    course = make_course().course
    office, volunteer = UserFactory(), UserFactory()
    organisation = OrganisationFactory()
    team = TeamFactory(organisation=organisation)
    try:
        old = migrate(BEFORE_SPLIT)
        old_types = {
            model: old.get_model("contenttypes", "ContentType")
            .objects.get(app_label="accreditation", model=model)
            .pk
            for model in MOVED
        }
        # (Models added to the new apps after the split, such as field's shift templates,
        # keep the content types the test database made for them.)
        assert (
            not old.get_model("contenttypes", "ContentType")
            .objects.filter(app_label__in=["certificates", "field", "partner_api"], model__in=MOVED)
            .exists()
        )
        # A group granted a permission on a model that is about to move.
        change_deployment = old.get_model("auth", "Permission").objects.get(
            content_type_id=old_types["deployment"], codename="change_deployment"
        )
        planners = old.get_model("auth", "Group").objects.create(name="Deployment planners")
        planners.permissions.add(change_deployment)
        before = fill(
            old, people=(office, volunteer), organisation=organisation, team=team, course=course
        )
        assert all(before.values()), "every moved model has a row"
        code = before["certificate"][0]["code"]
    finally:
        migrate(latest())

    for name, (app_label, model) in MOVED.items():
        # Later migrations add columns, and the certificates' PDF moved out of the file
        # library (certificates 0005) and a shift's times became moments (field 0004); every
        # other value there before the split is unchanged.
        current = {field.attname for field in model._meta.concrete_fields}
        columns = [column for column in before[name][0] if column in current]
        assert set(before[name][0]) - current <= {"pdf_id", "check_in", "check_out"}, name
        expected = [{column: row[column] for column in columns} for row in before[name]]
        assert list(model.objects.order_by("pk").values(*columns)) == expected, name
        content_type = ContentType.objects.get_for_model(model)
        assert (content_type.pk, content_type.app_label) == (old_types[name], app_label)
    assert not ContentType.objects.filter(app_label="accreditation", model__in=MOVED).exists()
    assert ServiceCategory.objects.filter(slug="guiding").exists()

    # Read through the new models, with their relations.
    certificate = Certificate.objects.select_related("batch", "holder").get(code=code)
    assert certificate.holder == volunteer and certificate.batch.organisation == organisation
    assert verification(code).status == "valid"
    attendance = Attendance.objects.select_related("assignment__deployment__role").get()
    assert attendance.assignment.deployment.role.category.slug == "guiding"
    assert attendance.assignment.team == team and attendance.hours == Decimal("6.5")
    madinah = zoneinfo.ZoneInfo("Asia/Riyadh")
    assert (attendance.starts_at, attendance.ends_at) == (
        datetime.datetime(2026, 11, 21, 8, tzinfo=madinah),
        datetime.datetime(2026, 11, 21, 14, 30, tzinfo=madinah),
    )
    assert FieldRole.objects.get().requirements.get().course_id == course.pk
    assert Licence.objects.get(holder=volunteer).events.get().actor == office
    assert ApiToken.objects.get().organisation == organisation

    # The group's permission followed the model, and so the person's right to change it.
    planners = Group.objects.get(name="Deployment planners")
    permission = planners.permissions.get()
    assert permission.pk == change_deployment.pk
    assert (permission.content_type.app_label, permission.codename) == (
        "field",
        "change_deployment",
    )
    assert (
        Permission.objects.get(content_type__app_label="field", codename="change_deployment")
        == permission
    )
    planner = UserFactory()
    planner.groups.add(planners)
    planner = User.objects.get(pk=planner.pk)  # no cached permissions
    assert planner.has_perm("field.change_deployment")
    assert not planner.has_perm("accreditation.change_deployment")
    assert not UserFactory().has_perm("field.change_deployment")

import pytest
from django.core.management import call_command

from accreditation.models import ServiceCategory
from lms.models import Organisation, Team, User
from lms.roles import Role

pytestmark = pytest.mark.django_db


def test_demo_office_loads_twice_without_duplicates():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (
        User.objects.count(),
        Organisation.objects.count(),
        Team.objects.count(),
        ServiceCategory.objects.count(),
    )
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == (
        User.objects.count(),
        Organisation.objects.count(),
        Team.objects.count(),
        ServiceCategory.objects.count(),
    )
    assert counts[1] == 7


def test_demo_office_has_every_role_in_both_sections():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for role in Role:
        sections = set(
            User.objects.filter(groups__name=role.value).values_list("section", flat=True)
        )
        assert {"men", "women"} <= sections, role
    assert set(Team.objects.values_list("section", flat=True)) == {"men", "women"}


def test_service_categories_take_the_office_figures_and_flag_assumptions():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    values = dict(ServiceCategory.objects.values_list("slug", "hourly_value_sar"))
    assert values["awareness"] == 20
    assert values["medical-nursing"] == 55
    assert values["medical-dentistry"] == 120
    assert values["ambulance"] == 45
    assert values["scouting"] == 10
    assert values["welcoming"] == 15
    assumed = set(
        ServiceCategory.objects.filter(value_is_assumption=True).values_list("slug", flat=True)
    )
    assert assumed == {"guiding-lost-pilgrims", "training", "translation", "engineering"}

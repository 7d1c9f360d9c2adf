import pytest

from lms.models import Section
from lms.roles import Role
from tests.factories import OrganisationFactory, TeamFactory, UserFactory


@pytest.fixture
def women_office(db):
    """Office staff limited to the women's section."""
    return UserFactory(
        roles=[Role.OFFICE_STAFF], section=Section.WOMEN, staff_section=Section.WOMEN
    )


@pytest.fixture
def whole_office(db):
    return UserFactory(roles=[Role.OFFICE_STAFF], section=Section.MEN)


@pytest.fixture
def fatimah(db):
    """A volunteer of the women's section whose Arabic name carries diacritics and hamza."""
    return UserFactory(
        section=Section.WOMEN,
        name_ar="فَاطِمَة الزَّهْرَاء أَحْمَد",
        first_name="Fatimah",
        last_name="Alzahra",
        email="fatimah@example.org",
        mobile="+966501112233",
        organisation=OrganisationFactory(slug="taibah", name_ar="جامعة طيبة", name_en="Taibah"),
    )


@pytest.fixture
def khalid(db):
    """A volunteer of the men's section."""
    return UserFactory(
        section=Section.MEN,
        name_ar="خَالِد أحمد",
        first_name="Khalid",
        last_name="Ahmad",
        email="khalid@example.org",
    )


@pytest.fixture
def women_team(db):
    return TeamFactory(section=Section.WOMEN, name="فريق الاستقبال")


@pytest.fixture
def men_team(db):
    return TeamFactory(section=Section.MEN, name="فريق الإرشاد")

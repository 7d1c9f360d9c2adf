import pytest
from django.core.cache import cache

from forums import services
from forums.models import Board
from lms.models import Section
from lms.roles import Role
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The posting rate is counted in the cache, which outlives a test's database."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def organisation(db):
    return OrganisationFactory(slug="red-crescent-test", name_en="Red Crescent")


@pytest.fixture
def boards(db, organisation):
    return {
        "all": Board.objects.create(slug="all", title="كل القادة"),
        "men": Board.objects.create(
            slug="men", title="قسم الرجال", scope=Board.Scope.SECTION, section=Section.MEN
        ),
        "women": Board.objects.create(
            slug="women", title="القسم النسائي", scope=Board.Scope.SECTION, section=Section.WOMEN
        ),
        "organisation": Board.objects.create(
            slug="red-crescent",
            title="الهلال الأحمر",
            scope=Board.Scope.ORGANISATION,
            organisation=organisation,
        ),
    }


@pytest.fixture
def leader_men(db):
    return UserFactory(roles=[Role.TEAM_LEADER, Role.VOLUNTEER], section=Section.MEN)


@pytest.fixture
def leader_women(db):
    return UserFactory(
        roles=[Role.TEAM_LEADER, Role.VOLUNTEER], section=Section.WOMEN, preferred_language="en"
    )


@pytest.fixture
def leader_of_organisation(db, organisation):
    return UserFactory(roles=[Role.TEAM_LEADER], section=Section.MEN, organisation=organisation)


@pytest.fixture
def make_topic():
    def make(board, author, *, replies=0, repliers=(), title="موضوع", body="نص المشاركة الأولى"):
        topic = services.topic_create(
            board=board, author=author, title=title, body=body, demo_data=True
        )
        people = list(repliers) or [author]
        for n in range(replies):
            services.post_create(
                topic=topic, author=people[n % len(people)], body=f"رد {n + 1}", demo_data=True
            )
        topic.refresh_from_db()
        return topic

    return make

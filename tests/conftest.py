import os

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, settings

from lms.roles import Role
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"  # noqa: S105

# Catalogue, courses and locales, shared by the courses, accreditation and browser tests.
pytest_plugins = [
    "tests.course_fixtures",
    "tests.knowledge_base.fixtures",
    "tests.accreditation.fixtures",
]


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """Tests read translated pages; make sure the .mo files match the .po files."""
    call_command("compile_translations", verbosity=0)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: rate-limit counters (verification, posting) of
    one test must not spill into the next one run by the same worker in the same minute."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def volunteer(db):
    return UserFactory(roles=[Role.VOLUNTEER])


@pytest.fixture
def trainer(db):
    return UserFactory(roles=[Role.TRAINER, Role.VOLUNTEER])


@pytest.fixture
def team_leader(db):
    return UserFactory(roles=[Role.TEAM_LEADER, Role.VOLUNTEER])


@pytest.fixture
def office_staff(db):
    return UserFactory(roles=[Role.OFFICE_STAFF])


@pytest.fixture
def role_users(volunteer, trainer, team_leader, office_staff):
    """One signed-in person per role, plus None for an anonymous visitor."""
    return {
        "anonymous": None,
        "volunteer": volunteer,
        "trainer": trainer,
        "team_leader": team_leader,
        "office_staff": office_staff,
    }


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Keep serialized rollback working once Playwright has started in this thread.

    Playwright's sync API runs an asyncio loop in the test thread; from then on Django keeps
    its connections per async context, so later tests get a new connection object that lacks
    the snapshot taken at database creation and the migrations' data (roles, Wagtail's page
    tree) would not come back after a browser test's flush. Putting the snapshot on the
    connection class makes every connection object see it.
    """
    from django.db import connections

    for alias in connections:
        snapshot = getattr(connections[alias], "_test_serialized_contents", None)
        if snapshot is not None:
            type(connections[alias])._test_serialized_contents = snapshot
    return django_db_setup


# Hypothesis: ``--hypothesis-profile=deep`` runs the invariants machine
# (tests/test_invariants.py) long: 500 examples of 50 steps.
settings.register_profile(
    "deep",
    max_examples=500,
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def pytest_collection_modifyitems(config, items):
    """``MANARA_SKIP_ONE_BACKEND=1`` (the PostgreSQL pass of .ci/run) deselects the tests
    that never touch the test database (``one_backend``): the SQLite pass ran them already.
    Deselected, not skipped, so a skip in CI still means something is missing."""
    if os.environ.get("MANARA_SKIP_ONE_BACKEND") != "1":
        return
    kept = [item for item in items if item.get_closest_marker("one_backend") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(
            items=[item for item in items if item.get_closest_marker("one_backend")]
        )
        items[:] = kept

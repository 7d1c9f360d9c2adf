"""The site menu shows each person the links their roles open, in one fixed order, in the
page's language. Apps register the links (``register_site_menu_item``); base.html names
none of them."""

import re

import pytest
from wagtail import hooks

from lms.menu import SITE_MENU_HOOK, SiteMenuItem, site_menu_items
from lms.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ANONYMOUS = [
    ("/en/courses/", "Courses"),
    ("/ar/kb/", "Rights and duties"),
    ("/ar/opportunities/", "Opportunities"),
    ("/ar/impact/", "Impact"),
    ("/ar/accounts/login/", "Sign in"),
    ("/ar/accounts/register/", "Register as a volunteer"),
]
SIGNED_IN_START = [
    ("/en/courses/", "Courses"),
    ("/ar/kb/", "Rights and duties"),
    ("/ar/learning/", "My learning"),
    ("/ar/hours/", "My hours and certificates"),
    ("/ar/opportunities/", "Opportunities"),
    ("/ar/opportunities/mine/", "My applications"),
]
DEPLOYMENTS = [("/ar/deployments/", "Deployments")]
OUR_OPPORTUNITIES = [("/ar/organisation/opportunities/", "Our opportunities")]
ATTENDANCE = [("/ar/deployments/attendance/", "Attendance to approve")]
IMPACT = [("/ar/impact/", "Impact")]
RESULTS = [("/ar/assessments/results/", "My results")]
FORUMS = [("/ar/forums/", "Forums")]
PROFILE = [("/ar/accounts/profile/", "My profile")]
ADMIN = [
    ("/ar/assessments/reports/", "Assessment reports"),
    ("/admin/", "Authoring and office"),
]

EXPECTED = {
    "volunteer": SIGNED_IN_START + IMPACT + RESULTS + PROFILE,
    "trainer": SIGNED_IN_START + IMPACT + RESULTS + FORUMS + PROFILE + ADMIN,
    "team_leader": SIGNED_IN_START + DEPLOYMENTS + IMPACT + RESULTS + FORUMS + PROFILE,
    "section_deputy": SIGNED_IN_START + ATTENDANCE + IMPACT + RESULTS + PROFILE,
    "office_staff": SIGNED_IN_START
    + OUR_OPPORTUNITIES
    + DEPLOYMENTS
    + ATTENDANCE
    + IMPACT
    + RESULTS
    + FORUMS
    + PROFILE
    + ADMIN,
}


def nav_of(client, path: str) -> str:
    html = client.get(path).content.decode()
    return re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)


def links_in(nav: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="([^"]+)">([^<]*)</a>', nav)


def in_english(links) -> list[tuple[str, str]]:
    """The links of the English page. The catalogue exists only in Arabic; its link opens it
    with the English interface all the same (``lms.pages.interface_url``)."""
    return [
        (url if label == "Courses" else url.replace("/ar/", "/en/"), label) for url, label in links
    ]


def test_anonymous_visitor_sees_courses_rights_and_sign_in(client, catalogue):
    nav = nav_of(client, "/en/")

    assert links_in(nav) == in_english(ANONYMOUS)
    assert "Sign out" not in nav


def test_without_a_catalogue_the_courses_link_is_left_out(client):
    nav = nav_of(client, "/en/")

    assert "Courses" not in nav
    assert 'href="/en/kb/"' in nav


@pytest.mark.parametrize("person", list(EXPECTED))
def test_each_role_sees_its_links_in_order(client, catalogue, person):
    roles = {
        "volunteer": [Role.VOLUNTEER],
        "trainer": [Role.TRAINER, Role.VOLUNTEER],
        "team_leader": [Role.TEAM_LEADER, Role.VOLUNTEER],
        "section_deputy": [Role.SECTION_DEPUTY, Role.VOLUNTEER],
        "office_staff": [Role.OFFICE_STAFF],
    }[person]
    client.force_login(UserFactory(roles=roles))

    nav = nav_of(client, "/en/")

    assert links_in(nav) == in_english(EXPECTED[person])
    assert nav.index("</a>", nav.rindex("<a ")) < nav.index("Sign out")


def test_labels_follow_the_page_language(client, catalogue, office_staff):
    client.force_login(office_staff)

    labels = [label for _url, label in links_in(nav_of(client, "/ar/"))]

    assert labels[:3] == ["الدورات التدريبية", "الحقوق والواجبات", "تعلُّمي"]
    assert labels[-1] == "إعداد المحتوى وإدارة المكتب"
    assert "Forums" not in labels and "المنتديات" in labels


@pytest.fixture
def fresh_site_menu():
    """The registered items are collected once per process; let a test add its own."""
    site_menu_items.cache_clear()
    yield
    site_menu_items.cache_clear()


def test_an_app_adds_a_link_by_registering_an_item_asked_for_once(
    client, volunteer, fresh_site_menu
):
    asked = []

    def help_menu_item():
        asked.append(True)
        return SiteMenuItem(label="Help desk", url=lambda request: "/help/", order=350)

    client.force_login(volunteer)
    with hooks.register_temporarily(SITE_MENU_HOOK, help_menu_item):
        first = links_in(nav_of(client, "/en/"))
        second = links_in(nav_of(client, "/en/"))

    labels = [label for _url, label in first]
    assert (
        labels.index("My learning")
        < labels.index("Help desk")
        < labels.index("My hours and certificates")
    )
    assert first == second
    assert asked == [True]

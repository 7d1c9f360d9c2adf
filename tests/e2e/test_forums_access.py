"""The forums in a real browser: a women's-section team leader sees her section's board and
not the men's; a plain volunteer gets no forum at all, not even by direct address; a post
full of script, javascript: links, event handlers and SVG renders as inert text."""

import pytest

from forums import services
from forums.models import Board, Post
from lms.models import Section
from lms.roles import Role
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HOSTILE = (
    "<script>window.__pwned = 'script'; alert('script')</script>\n\n"
    "[open the guide](javascript:window.__pwned='link';alert('link'))\n\n"
    "<img src=\"x\" onerror=\"window.__pwned='img';alert('img')\">\n\n"
    "<svg onload=\"window.__pwned='svg';alert('svg')\"><script>alert(1)</script></svg>\n\n"
    '<a href="#" onclick="window.__pwned=\'click\'">click me</a> and **bold words**'
)


@pytest.fixture
def forum(db):
    boards = {
        "all": Board.objects.create(slug="all-leaders", title="ملتقى قادة الفرق", position=0),
        "men": Board.objects.create(
            slug="men",
            title="قسم الرجال",
            scope=Board.Scope.SECTION,
            section=Section.MEN,
            position=1,
        ),
        "women": Board.objects.create(
            slug="women",
            title="القسم النسائي",
            scope=Board.Scope.SECTION,
            section=Section.WOMEN,
            position=2,
        ),
    }
    leader_men = UserFactory(roles=[Role.TEAM_LEADER], section=Section.MEN)
    services.topic_create(
        board=boards["men"],
        author=leader_men,
        title="مناوبات باب السلام",
        body="جدول الرجال",
        demo_data=True,
    )
    return boards


def status_of(page, url) -> int:
    """The status of a request made with the page's cookies, without navigating (the page
    fixture counts every failed navigation as an error)."""
    return page.request.get(url, max_redirects=0).status


def test_womens_leader_sees_her_board_and_not_the_mens(
    page, live_server, screenshot, sign_in, forum
):
    leader = UserFactory(
        roles=[Role.TEAM_LEADER, Role.VOLUNTEER], section=Section.WOMEN, name_ar="فاطمة الشريف"
    )
    sign_in(leader, PASSWORD, "ar")
    page.click(".site-nav a[href='/ar/forums/']")
    page.wait_for_url("**/ar/forums/")
    boards = page.locator(".forum-board h2").all_inner_texts()
    assert boards == ["ملتقى قادة الفرق", "القسم النسائي"]
    assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot("ar-forums-index-women-leader")
    page.click("text=القسم النسائي")
    page.wait_for_url("**/boards/women/")
    screenshot("ar-forums-board-women")
    assert status_of(page, f"{live_server.url}/ar/forums/boards/men/") == 404
    men_topic = forum["men"].topics.get()
    assert status_of(page, f"{live_server.url}/ar/forums/topics/{men_topic.pk}/") == 404


def test_a_volunteer_gets_no_forum_even_by_direct_address(page, live_server, sign_in, forum):
    volunteer = UserFactory(roles=[Role.VOLUNTEER], section=Section.WOMEN)
    sign_in(volunteer, PASSWORD, "ar")
    assert page.locator(".site-nav a[href='/ar/forums/']").count() == 0
    for path in ("/ar/forums/", "/ar/forums/boards/women/", "/en/forums/boards/all-leaders/"):
        assert status_of(page, f"{live_server.url}{path}") == 404, path


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_hostile_post_renders_inert(page, live_server, screenshot, sign_in, forum, language):
    leader = UserFactory(roles=[Role.TEAM_LEADER], section=Section.WOMEN)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(leader, PASSWORD, language)
    page.goto(f"{live_server.url}/{language}/forums/boards/women/new/")
    page.fill("input[name=title]", "اختبار")
    page.fill("textarea[name=body]", HOSTILE)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**/forums/topics/*/")
    page.wait_for_load_state("networkidle")

    body = page.locator(".forum-post__body").first
    assert body.locator("script, img, svg, iframe").count() == 0
    assert body.locator("[onclick], [onerror], [onload]").count() == 0
    assert body.locator("strong").inner_text() == "bold words"
    hrefs = [a.get_attribute("href") or "" for a in body.locator("a").all()]
    assert not any(href.lower().startswith("javascript") for href in hrefs)
    # The hostile text is shown, as text.
    assert "<script>" in body.inner_text()
    page.get_by_text("open the guide").click()
    page.get_by_text("click me").click()
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.evaluate("window.__pwned === undefined")
    assert Post.objects.get(topic__board=forum["women"]).body == HOSTILE
    screenshot(f"{language}-forums-hostile-post-inert")

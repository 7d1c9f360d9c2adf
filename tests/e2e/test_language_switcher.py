"""On a phone (390 × 844) in Urdu, English and Hausa, the language switcher leads from every
page type to the same page in the chosen language, never to a 404; a page not translated is
read in the language it is written in, marked so, with the interface in the reader's. The
walk goes as a team leader enrolled in a course, who may also read the forums: Wagtail pages,
the forum pages, the certificate verification page, my hours, the dashboard and the profile."""

import pytest

from courses import services as course_services
from forums import services as forum_services
from forums.models import Board
from lms.roles import Role
from tests.conftest import PASSWORD
from tests.factories import CertificateFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DIRECTIONS = {"ar": "rtl", "ur": "rtl", "en": "ltr", "ha": "ltr", "tr": "ltr", "ms": "ltr"}
SWITCH_TO = ["ar", "en", "ur", "tr", "ms", "ha"]


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    return page


def choose_language(page, code: str) -> None:
    # On a phone the languages sit in the site menu, folded behind its toggle.
    if not page.locator(".language-switcher").is_visible():
        page.click("summary.site-menu__toggle")
    page.locator(f'.language-switcher button[value="{code}"]').click()


@pytest.mark.parametrize("language", ["ur", "en", "ha"])
def test_the_switcher_walks_every_page_type_without_a_404(
    phone, live_server, screenshot, sign_in, course, make_article, language
):
    page = phone
    leader = UserFactory(password=PASSWORD, roles=[Role.TEAM_LEADER, Role.VOLUNTEER])
    course_services.enrolment_create(user=leader, course=course.course)
    article = make_article(audience="everyone")
    board = Board.objects.create(slug="all-leaders", title="ملتقى قادة الفرق")
    topic = forum_services.topic_create(
        board=board, author=leader, title="مناوبات باب السلام", body="جدول الأسبوع"
    )
    certificate = CertificateFactory(holder=leader)
    sign_in(leader, PASSWORD, language)
    paths = {
        "catalogue": course.catalogue.url,
        "course": course.course.url,
        "lesson": course.lessons[0].url,
        "knowledge-base": article.get_parent().get_parent().url,
        "topic": article.get_parent().url,
        "article": article.url,
        "dashboard": "/ar/learning/",
        "my-hours": "/ar/hours/",
        "profile": "/ar/accounts/profile/",
        "forums": "/ar/forums/",
        "forum-board": f"/ar/forums/boards/{board.slug}/",
        "forum-topic": f"/ar/forums/topics/{topic.pk}/",
        "verification": f"/ar/verify/{certificate.code}/",
    }
    for name, path in paths.items():
        # Open the page in the reader's language, as a link in their interface would.
        response = page.goto(f"{live_server.url}/{language}{path[3:]}")
        assert response.status == 200, (name, response.status)
        assert page.locator("html").get_attribute("lang") == language
        if name in ("catalogue", "course", "lesson", "knowledge-base", "topic", "article"):
            assert page.locator(".untranslated-note").count() == 1
            assert page.locator('h1[lang="ar"][dir="rtl"]').count() == 1
        screenshot(f"lang-{language}-{name}")
        for target in SWITCH_TO:
            if target == language:
                continue
            choose_language(page, target)
            page.wait_for_load_state("load")
            html = page.locator("html")
            assert html.get_attribute("lang") == target, (name, target, page.url)
            assert html.get_attribute("dir") == DIRECTIONS[target]
            assert f"/{target}/" in page.url, (name, target, page.url)
            # Back to the reader's language for the next switch.
            choose_language(page, language)
            page.wait_for_load_state("load")
            assert page.locator("html").get_attribute("lang") == language

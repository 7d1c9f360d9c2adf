"""A volunteer, in Arabic, finds an article by typing its words without hamza and with
other diacritics, reads it and accepts it; the English translation then shows it accepted.
A major revision later puts it back on her list."""

import pytest

from knowledge_base.models import Acknowledgement, ArticlePage
from lms.models import Section
from tests.conftest import PASSWORD
from tests.factories import UserFactory
from tests.knowledge_base.fixtures import (  # noqa: F401  (fixtures)
    kb_index,
    kb_topic,
    make_article,
    publish_revision,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "إرشاد التائهين إلى مساكنهم"


def translate(page, locale, **fields):
    translation = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation


@pytest.fixture
def guiding(kb_index, kb_topic, make_article, locales):  # noqa: F811
    article = make_article(
        title=TITLE,
        summary="رافق التائه حتى تسلّمه إلى مكتب الإرشاد.",
        body="<p>اسأل التائه عن اسم الفندق أو رقم الحملة، ورافقه إلى أقرب مكتب إرشاد في "
        "المَسْجِدِ النَّبَوِيِّ، ولا تتركه قبل تسليمه.</p>",
        requires_acknowledgement=True,
    )
    make_article(title="الزي الرسمي والبطاقة", body="<p>ارتدِ الصدرية.</p>")
    english = locales["en"]
    translate(kb_index, english, title="Volunteer guide")
    translate(kb_topic, english, title="Your duties")
    translate(
        article,
        english,
        title="Guiding lost pilgrims home",
        summary="Stay with a lost pilgrim until the guidance office takes over.",
        body="<p>Ask for the hotel or group number and walk them to the office.</p>",
    )
    return article


def test_volunteer_finds_an_article_spelled_otherwise_and_accepts_it(
    page, live_server, screenshot, sign_in, guiding
):
    volunteer = UserFactory(section=Section.WOMEN, preferred_language="ar")
    sign_in(volunteer, PASSWORD, "ar")
    page.click(".site-nav a[href$='/kb/']")
    page.wait_for_load_state("networkidle")
    assert page.locator(".kb-pending").inner_text().count(TITLE) == 1

    # No hamza under the alef, a shadda and kasra the title does not have.
    page.fill("input[name=q]", "ارشاد التّائِهين")
    page.click("form.kb-search button")
    page.wait_for_load_state("networkidle")
    results = page.locator(".kb-results .kb-article__title").all_inner_texts()
    assert results == [TITLE]
    screenshot("ar-kb-search")

    # A word only in the body, typed without its diacritics, still finds it.
    page.fill("input[name=q]", "المسجد النبوي")
    page.click("form.kb-search button")
    page.wait_for_load_state("networkidle")
    assert page.locator(".kb-results .kb-article__title").all_inner_texts() == [TITLE]

    page.click(f".kb-results a:text('{TITLE}')")
    page.wait_for_load_state("networkidle")
    page.click(".kb-acknowledgement button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator(".messages .success").count() == 1
    assert page.locator(".kb-acknowledgement form").count() == 0
    screenshot("ar-kb-article-accepted")
    ack = Acknowledgement.objects.get(user=volunteer)
    assert (ack.article_key, ack.version) == (guiding.translation_key, 1)

    # In English the translation is found by its English words, already accepted.
    page.goto(f"{live_server.url}/en/kb/search/?q=GUIDING+pilgrims")
    page.wait_for_load_state("networkidle")
    assert page.locator(".kb-results .kb-article__title").all_inner_texts() == [
        "Guiding lost pilgrims home"
    ]
    assert page.locator(".kb-results .tag--done").count() == 1
    screenshot("en-kb-search")
    page.click(".kb-results a:text('Guiding lost pilgrims home')")
    page.wait_for_load_state("networkidle")
    assert page.locator(".kb-acknowledgement form").count() == 0
    screenshot("en-kb-article-accepted")

    # The office publishes a major revision: the article waits for her again.
    publish_revision(ArticlePage.objects.get(pk=guiding.pk), major=True)
    page.goto(f"{live_server.url}/ar/kb/waiting/")
    assert page.locator(".kb-article__title").all_inner_texts() == [TITLE]
    page.click(f"a:text('{TITLE}')")
    page.wait_for_load_state("networkidle")
    assert page.locator(".kb-changed").count() == 1
    screenshot("ar-kb-article-changed")

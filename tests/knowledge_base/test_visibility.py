"""Who reads what: audiences and sections on article pages, topic lists and the index."""

import pytest

from knowledge_base.models import Audience
from lms.models import Section
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(make_article):
    return {
        "everyone": make_article(title="للجميع", audience=Audience.EVERYONE),
        "volunteers": make_article(title="للمتطوعين", audience=Audience.VOLUNTEERS),
        "leaders": make_article(title="للقادة", audience=Audience.TEAM_LEADERS),
        "women": make_article(title="للقسم النسائي", section=Section.WOMEN),
        "men": make_article(title="للقسم الرجالي", section=Section.MEN),
    }


def statuses(client, articles) -> dict:
    return {name: client.get(article.url).status_code for name, article in articles.items()}


def test_a_visitor_reads_only_articles_for_everyone_and_is_asked_to_sign_in(client, articles):
    got = statuses(client, articles)
    assert got == {"everyone": 200, "volunteers": 302, "leaders": 302, "women": 302, "men": 302}
    assert "/accounts/login/" in client.get(articles["leaders"].url)["Location"]


def test_a_volunteer_does_not_see_team_leaders_or_the_other_sections_articles(
    client, volunteer, articles
):
    client.force_login(volunteer)  # men's section
    got = statuses(client, articles)
    assert got == {"everyone": 200, "volunteers": 200, "leaders": 404, "women": 404, "men": 200}


def test_a_woman_volunteer_sees_her_section_not_the_mens(client, articles):
    client.force_login(UserFactory(section=Section.WOMEN))
    got = statuses(client, articles)
    assert got == {"everyone": 200, "volunteers": 200, "leaders": 404, "women": 200, "men": 404}


def test_a_team_leader_sees_team_leaders_articles(client, team_leader, articles):
    client.force_login(team_leader)
    assert statuses(client, articles)["leaders"] == 200
    assert statuses(client, articles)["women"] == 404


@pytest.mark.parametrize("role", ["office_staff", "trainer"])
def test_office_staff_and_trainers_see_every_article(client, role_users, role, articles):
    client.force_login(role_users[role])
    assert set(statuses(client, articles).values()) == {200}


def test_topic_page_lists_only_what_the_reader_may_see(client, volunteer, kb_topic, articles):
    client.force_login(volunteer)
    response = client.get(kb_topic.url)
    listed = [article.title for article in response.context["articles"]]
    assert listed == ["للجميع", "للمتطوعين", "للقسم الرجالي"]
    assert "للقادة" not in response.content.decode()


def test_each_kind_of_reader_gets_its_own_topic_list_from_the_shared_cache(
    kb_topic, articles, volunteer, team_leader, office_staff
):
    """The topic's list is cached per kind of reader: one reader's list never reaches
    another, whichever visits first."""
    from django.test import Client

    def listed(user) -> list[str]:
        client = Client()
        if user is not None:
            client.force_login(user)
        return [article.title for article in client.get(kb_topic.url).context["articles"]]

    readers = {
        "visitor": (None, ["للجميع"]),
        "men": (volunteer, ["للجميع", "للمتطوعين", "للقسم الرجالي"]),
        "women": (
            UserFactory(section=Section.WOMEN),
            ["للجميع", "للمتطوعين", "للقسم النسائي"],
        ),
        "leader": (team_leader, ["للجميع", "للمتطوعين", "للقادة", "للقسم الرجالي"]),
        "office": (office_staff, [a.title for a in articles.values()]),
    }
    for order in (list(readers), list(reversed(readers))):
        for name in order:
            user, expected = readers[name]
            assert sorted(listed(user)) == sorted(expected), name


def test_the_topic_list_follows_a_publish_and_an_unpublish_at_once(
    client, volunteer, kb_topic, articles, make_article
):
    client.force_login(volunteer)

    def titles() -> list[str]:
        return [article.title for article in client.get(kb_topic.url).context["articles"]]

    assert "للمتطوعين" in titles()
    articles["volunteers"].unpublish()
    assert "للمتطوعين" not in titles()
    make_article(title="مقال جديد", audience=Audience.VOLUNTEERS)
    assert "مقال جديد" in titles()
    articles["everyone"].audience = Audience.TEAM_LEADERS
    articles["everyone"].save_revision().publish()
    assert "للجميع" not in titles()


def test_index_counts_only_the_readers_articles(client, volunteer, kb_index, articles):
    assert client.get(kb_index.url).context["topics"][0].article_count == 1
    client.force_login(volunteer)
    assert client.get(kb_index.url).context["topics"][0].article_count == 3


def test_unpublished_articles_do_not_exist(client, office_staff, make_article):
    article = make_article(title="مسودة")
    article.unpublish()
    client.force_login(office_staff)
    assert client.get(article.url).status_code == 404


def test_the_menu_link_opens_the_knowledge_base_in_the_pages_language(client, kb_index):
    response = client.get("/ar/kb/")
    assert response.status_code == 302
    assert response["Location"] == kb_index.url


def test_an_arabic_article_on_a_hausa_page_is_marked_up_right_to_left(client, make_article):
    article = make_article(title="للجميع", audience=Audience.EVERYONE, summary="ملخص")
    response = client.get(article.url.replace("/ar/", "/ha/", 1))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ha" dir="ltr">' in html
    assert '<h1 lang="ar" dir="rtl">للجميع</h1>' in html
    assert '<div lang="ar" dir="rtl">' in html

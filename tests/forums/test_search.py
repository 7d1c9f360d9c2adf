"""Forum search matches words however they were spelled, within the boards one may read."""

import pytest

from forums import actions
from forums.search import fold

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("مدرسة", "مَدْرَسَةٌ"),  # diacritics
        ("الاسعاف", "الإسعاف"),  # hamza under alef
        ("احمد", "أحمد"),  # hamza over alef
        ("القران", "القرآن"),  # alef madda
        ("مدرسه", "مدرسة"),  # taa marbuta / haa
        ("مستشفي", "مستشفى"),  # alef maqsura / yaa
        ("istanbul", "İSTANBUL"),  # Turkish dotted capital I
        ("cafe", "Café"),
    ],
)
def test_folding(typed, written):
    assert fold(typed) == fold(written)


def results(client, query):
    response = client.get("/en/forums/search/", {"q": query})
    assert response.status_code == 200
    return [post.topic.title for post in response.context["results"]]


def test_search_finds_posts_spelled_otherwise(client, boards, leader_men, make_topic):
    make_topic(boards["all"], leader_men, title="الإسعافات", body="نقل المصاب إلى المستشفى")
    make_topic(boards["all"], leader_men, title="أخرى", body="توزيع الماء")
    client.force_login(leader_men)
    assert results(client, "المستشفي") == ["الإسعافات"]
    assert results(client, "الاسعافات") == ["الإسعافات"]  # the title counts for the first post
    assert results(client, "المصاب المستشفى") == ["الإسعافات"]  # every word
    assert results(client, "المصاب الماء") == []
    assert client.get("/en/forums/search/", {"q": ""}).context["searched"] is False


def test_search_stays_within_readable_boards_and_skips_hidden_posts(
    client, boards, leader_men, leader_women, office_staff, make_topic
):
    make_topic(boards["men"], leader_men, title="رجال", body="جدول المناوبات")
    women = make_topic(boards["women"], leader_women, title="نساء", body="جدول المناوبات")
    hidden = make_topic(boards["all"], leader_men, title="مخفي", body="جدول المناوبات")
    actions.HidePost(post=hidden.posts.get(), user=office_staff, reason="x").execute()
    client.force_login(leader_women)
    assert results(client, "المناوبات") == ["نساء"]
    client.force_login(office_staff)
    assert sorted(results(client, "المناوبات")) == sorted(["رجال", "نساء", "مخفي"])
    assert women  # used


def test_search_pages(client, boards, leader_men, make_topic, settings):
    settings.MANARA_FORUM_SEARCH_PER_PAGE = 2
    topic = make_topic(boards["all"], leader_men, body="كلمة", replies=0)
    for n in range(4):
        from forums import services

        services.post_create(topic=topic, author=leader_men, body=f"كلمة {n}", demo_data=True)
    client.force_login(leader_men)
    first = client.get("/en/forums/search/", {"q": "كلمة"})
    assert len(first.context["results"]) == 2 and first.context["pages"].has_next
    last = client.get("/en/forums/search/", {"q": "كلمة", "page": 3})
    assert len(last.context["results"]) == 1 and not last.context["pages"].has_next
    assert "q=%D9%83%D9%84%D9%85%D8%A9&amp;page=2" in last.content.decode()

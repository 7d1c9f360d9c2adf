"""The demo forums load twice without duplicates; scale data builds the bench topics."""

import io

import pytest
from django.core.management import call_command

from forums import scale
from forums.models import Board, Post, Topic
from lms.models import User

pytestmark = pytest.mark.django_db


def test_demo_forums_load_twice_without_duplicates(client):
    call_command("load_demo", stdout=io.StringIO())
    counts = (Board.objects.count(), Topic.objects.count(), Post.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert counts == (Board.objects.count(), Topic.objects.count(), Post.objects.count())
    assert set(Board.objects.values_list("slug", "scope", "section")) == {
        ("all-leaders", "all", ""),
        ("men", "section", "men"),
        ("women", "section", "women"),
    }
    # The women's leader of the demo sees her board, not the men's.
    client.force_login(User.objects.get(email="leader.women@demo.manara.sa"))
    shown = {board.slug for board in client.get("/ar/forums/").context["boards"]}
    assert shown == {"all-leaders", "women"}
    women = Board.objects.get(slug="women")
    assert women.topic_count == 1 and women.post_count == 2


def test_scale_data_builds_topics_of_10_and_10000_posts(monkeypatch):
    monkeypatch.setattr(scale, "SIZES", {"bench-topic-10": 10, "bench-topic-10000": 300})
    scale.generate()
    scale.generate()  # tops up, adds nothing
    sizes = dict(Topic.objects.values_list("title", "post_count"))
    assert sizes == {"bench-topic-10": 10, "bench-topic-10000": 300}
    assert Post.objects.count() == 310
    assert Board.objects.get(slug="bench-board").post_count == 310

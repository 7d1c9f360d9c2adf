"""Reads that feed the forum screens, each in a fixed number of queries whatever the size
of the board or topic (tests/forums/test_query_counts.py pins them).

Topic pages slice posts by their ``number`` (kept by the services), never by OFFSET, and
take their page count from the topic's counter; unread marks come from one subquery.
"""

import math
from dataclasses import dataclass

from django.conf import settings
from django.db.models import IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from forums import rules
from forums.models import Board, Post, PostAttachment, Report, Subscription, Topic, TopicRead
from forums.search import POST_LANGUAGE, ranked_topics
from lms.search import parse_query, plain_text, snippet


@dataclass(frozen=True)
class Pages:
    number: int
    count: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count

    @property
    def previous(self) -> int:
        return self.number - 1

    @property
    def next(self) -> int:
        return self.number + 1

    @property
    def several(self) -> bool:
        return self.count > 1


def topic_path(topic_id: int, page: int = 1, number: int | None = None) -> str:
    path = reverse("forum_topic", kwargs={"topic_id": topic_id})
    if page > 1:
        path += f"?page={page}"
    return path + (f"#post-{number}" if number else "")


def post_path(post: Post) -> str:
    """The address of a post on its page of the topic, in the active language."""
    page = (post.number - 1) // settings.MANARA_FORUM_POSTS_PER_PAGE + 1
    return topic_path(post.topic_id, page, post.number)


def page_number(raw, count: int) -> int:
    """The page asked for, kept within 1..count; "last" is the last page."""
    if raw == "last":
        return max(count, 1)
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), max(count, 1))


def _subscription_mode(user, **target):
    return Subquery(Subscription.objects.filter(user=user, **target).values("mode")[:1])


def visible_boards(user):
    return Board.objects.filter(rules.board_filter(user))


def forum_index(*, user) -> dict:
    """The boards ``user`` may read, with their counters, and what they follow."""
    boards = list(visible_boards(user).select_related("organisation"))
    moderator = rules.may_moderate(user)
    return {
        "boards": boards,
        "may_moderate": moderator,
        "subscriptions": subscriptions_of(user),
        "open_reports": Report.objects.filter(status=Report.Status.OPEN).count()
        if moderator
        else 0,
    }


def board_page(*, user, slug: str, page) -> dict:
    """A board and one page of its topics, pinned first, then by latest post; each topic
    says whether it has posts ``user`` has not read. Two queries."""
    board = (
        visible_boards(user)
        .filter(slug=slug)
        .annotate(subscription=_subscription_mode(user, board=OuterRef("pk")))
        .first()
    )
    if board is None:
        raise Http404
    size = settings.MANARA_FORUM_TOPICS_PER_PAGE
    count = max(1, math.ceil(board.topic_count / size))
    pages = Pages(page_number(page, count), count)
    start = (pages.number - 1) * size
    last_read = TopicRead.objects.filter(user=user, topic=OuterRef("pk")).values(
        "last_read_number"
    )[:1]
    topics = list(
        Topic.objects.filter(board=board)
        .select_related("author", "last_post_author")
        .annotate(last_read=Coalesce(Subquery(last_read), Value(0), output_field=IntegerField()))
        .order_by("-is_pinned", "-last_post_at", "-id")[start : start + size]
    )
    for topic in topics:
        topic.unread = topic.post_count > topic.last_read
        topic.board = board
    return {
        "board": board,
        "topics": topics,
        "pages": pages,
        "may_post": rules.may_post_in(user, board),
        "may_moderate": rules.may_moderate(user),
    }


def topic_for(*, user, topic_id: int) -> Topic:
    """A topic ``user`` may read, with its board, what ``user`` follows of them and how far
    they read it (``last_read``, 0 before their first visit), or 404. One query."""
    last_read = TopicRead.objects.filter(user=user, topic=OuterRef("pk")).values(
        "last_read_number"
    )[:1]
    # Sliced rather than first(): no ordering to add to a lookup by primary key.
    found = (
        Topic.objects.select_related("board")
        .filter(pk=topic_id)
        .annotate(
            subscription=_subscription_mode(user, topic=OuterRef("pk")),
            board_subscription=_subscription_mode(user, board=OuterRef("board_id")),
            last_read=Subquery(last_read),
        )[:1]
    )
    topic = next(iter(found), None)
    if topic is None or not rules.may_read_board(user, topic.board):
        raise Http404
    topic.last_read = topic.last_read or 0
    return topic


POST_SHOWN = (
    "topic_id",
    "number",
    "author_id",
    "body_html",
    "created_at",
    "edited_at",
    "is_hidden",
    "hidden_reason",
    "author__name_ar",
    "author__first_name",
    "author__last_name",
)


@dataclass(frozen=True)
class PostFile:
    """A file attached to a post, as a topic page lists it."""

    id: int
    name: str
    size: int


def files_of(posts) -> dict[int, list[PostFile]]:
    """The files of ``posts`` by post id, in the order they were attached: one query."""
    files: dict[int, list[PostFile]] = {}
    rows = (
        PostAttachment.objects.filter(post__in=[post.pk for post in posts])
        .order_by("pk")
        .values_list("post_id", "file_id", "file__original_filename", "file___file_size")
    )
    for post_id, file_id, name, size in rows:
        files.setdefault(post_id, []).append(PostFile(file_id, name, size or 0))
    return files


def topic_page(*, user, topic_id: int, page) -> dict:
    """A topic and one page of its posts with their authors' names and files: three
    queries (the topic with the reader's subscription and reading mark, the posts, the
    files). The page draws each post from the shared cache (``forums.fragments``)."""
    topic = topic_for(user=user, topic_id=topic_id)
    size = settings.MANARA_FORUM_POSTS_PER_PAGE
    count = max(1, math.ceil(topic.post_count / size))
    if page is None and 0 < topic.last_read < topic.post_count:
        page = topic.last_read // size + 1  # open where the reader stopped
    pages = Pages(page_number(page, count), count)
    first = (pages.number - 1) * size + 1
    posts = list(
        Post.objects.filter(topic=topic, number__gte=first, number__lt=first + size)
        .select_related("author")
        # What a post shows: its Markdown and its author's other columns stay behind.
        .only(*POST_SHOWN)
        .order_by("number")
    )
    files = files_of(posts)
    moderator = rules.may_moderate(user)
    now = timezone.now()
    for post in posts:
        post.topic = topic
        post.files = files.get(post.pk, [])
        post.by_reader = post.author_id == user.pk
        post.unread = post.number > topic.last_read and not post.by_reader
        post.may_edit = post.by_reader and not rules.edit_refusal(post=post, user=user, now=now)
    first_unread = next((p.number for p in posts if p.unread), None)
    for post in posts:
        # "New since your last visit" stands before it, unless it opens the topic.
        post.first_unread = post.number == first_unread and post.number > 1
    return {
        "topic": topic,
        "board": topic.board,
        "posts": posts,
        "pages": pages,
        "first_unread": first_unread,
        "may_reply": rules.may_post_in(user, topic.board) and (not topic.is_locked or moderator),
        "may_moderate": moderator,
        "last_number_shown": posts[-1].number if posts else 0,
    }


def boards_to_move_to(*, topic: Topic) -> list[Board]:
    return list(Board.objects.exclude(pk=topic.board_id).only("pk", "title"))


def post_for(*, user, post_id: int) -> Post:
    """A post ``user`` may read (hidden posts only for moderators), or 404."""
    post = Post.objects.select_related("topic__board", "author").filter(pk=post_id).first()
    if post is None or not rules.may_read_board(user, post.topic.board):
        raise Http404
    if post.is_hidden and not rules.may_moderate(user):
        raise Http404
    return post


def first_unread_location(*, user, topic_id: int) -> tuple[int, int]:
    """(page, post number) of the first post ``user`` has not read, else the last post."""
    topic = topic_for(user=user, topic_id=topic_id)
    number = min(topic.last_read + 1, max(topic.post_count, 1))
    return (number - 1) // settings.MANARA_FORUM_POSTS_PER_PAGE + 1, number


def search(*, user, query: str, page) -> dict:
    """Topics with visible posts matching the query however it was spelled, each once,
    with its newest matching post and a plain-text snippet of it, the matched words marked
    (``forums.search``); a page at a time."""
    parsed = parse_query(query, POST_LANGUAGE)
    size = settings.MANARA_FORUM_SEARCH_PER_PAGE
    if not parsed:
        return {"query": query, "results": [], "pages": Pages(1, 1), "searched": False}
    board_ids = list(visible_boards(user).values_list("pk", flat=True))
    number = page_number(page, 10_000)
    rows, some_words = ranked_topics(
        query=parsed,
        board_ids=board_ids,
        hidden=rules.may_moderate(user),
        start=(number - 1) * size,
        stop=number * size + 1,
    )
    more = len(rows) > size
    rows = rows[:size]
    loaded = Post.objects.select_related("topic__board", "author").in_bulk(
        [row["post_id"] for row in rows]
    )
    results = []
    for row in rows:
        post = loaded[row["post_id"]]
        post.path = post_path(post)
        post.snippet = snippet(plain_text(post.body_html), parsed, POST_LANGUAGE)
        post.title_marked = snippet(post.topic.title, parsed, POST_LANGUAGE, length=400)
        results.append(post)
    return {
        "query": query,
        "results": results,
        # Counting every match of a broad query would cost more than the page: only say
        # whether a next page exists.
        "pages": Pages(number, number + 1 if more else number),
        "searched": True,
        "some_words": some_words,
    }


def report_queue(*, page) -> dict:
    """Open reports, oldest first, with their posts, topics and people."""
    size = settings.MANARA_FORUM_TOPICS_PER_PAGE
    reports = Report.objects.filter(status=Report.Status.OPEN)
    count = reports.count()
    pages_count = max(1, math.ceil(count / size))
    pages = Pages(page_number(page, pages_count), pages_count)
    start = (pages.number - 1) * size
    rows = list(
        reports.select_related("post__topic__board", "post__author", "reporter").order_by(
            "created_at", "pk"
        )[start : start + size]
    )
    return {"reports": rows, "pages": pages, "open_count": count}


def subscriptions_of(user) -> list[Subscription]:
    """What ``user`` follows, newest first (the boards and topics they may still read)."""
    readable = visible_boards(user).values("pk")
    return list(
        Subscription.objects.filter(user=user)
        .filter(Q(board__in=readable) | Q(topic__board__in=readable))
        .select_related("board", "topic")
        .order_by("-created_at")[:50]
    )

"""Reads that feed the forum screens, each in a fixed number of queries whatever the size
of the board or topic (tests/forums/test_query_counts.py pins them).

Topic pages slice posts by their ``number`` (kept by the services), never by OFFSET, and
take their page count from the topic's counter; unread marks come from one subquery.
"""

import functools
import math
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.expressions import Col
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from forums import rules
from forums.models import Board, Post, PostAttachment, Report, Subscription, Topic, TopicRead
from forums.search import POST_LANGUAGE, ranked_topics
from lms.models import User
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


# The topic page is the forums' busiest screen. Its two reads below are written in SQL
# (names from the models' metadata, values as parameters, rows made into models by
# ``Manager.raw``, which applies the fields' own conversions): built through the ORM, the
# queries cost three quarters of the page's time, most of it in building and compiling
# them rather than in the database.


def _shown(model, *names: str) -> tuple[str, ...]:
    """``names`` in the order of the model's fields, the order ``Model.from_db`` takes."""
    return tuple(f.attname for f in model._meta.concrete_fields if f.attname in names)


# What the topic page needs of a board (what it shows and what the rules ask).
BOARD_SHOWN = _shown(
    Board, "id", "slug", "title", "scope", "section", "organisation_id", "is_active"
)


def _name(model, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@functools.cache
def _topic_sql(vendor: str) -> str:
    """The topic, the board columns ``BOARD_SHOWN`` (as ``board_<column>``), and for one
    reader (the first three parameters) the modes they follow the topic and the board with
    and the last post number they read; the topic's id is the last parameter. Each reader
    has at most one of each row (unique constraints), so the subqueries are scalar."""
    topic_columns = ", ".join(f"t.{_name(Topic, f.name)}" for f in Topic._meta.concrete_fields)
    board_columns = ", ".join(
        f"b.{_name(Board, name)} AS {connection.ops.quote_name('board_' + name)}"
        for name in BOARD_SHOWN
    )
    subscription, mode, user = _table(Subscription), _name(Subscription, "mode"), "user_id"
    return (
        f"SELECT {topic_columns}, {board_columns}, "  # noqa: S608 - names from metadata
        f"(SELECT s.{mode} FROM {subscription} s WHERE s.{_name(Subscription, user)} = %s"
        f" AND s.{_name(Subscription, 'topic')} = t.{_name(Topic, 'id')}) AS subscription, "
        f"(SELECT s.{mode} FROM {subscription} s WHERE s.{_name(Subscription, user)} = %s"
        f" AND s.{_name(Subscription, 'board')} = t.{_name(Topic, 'board')})"
        " AS board_subscription, "
        f"(SELECT r.{_name(TopicRead, 'last_read_number')} FROM {_table(TopicRead)} r"
        f" WHERE r.{_name(TopicRead, user)} = %s"
        f" AND r.{_name(TopicRead, 'topic')} = t.{_name(Topic, 'id')}) AS last_read "
        f"FROM {_table(Topic)} t INNER JOIN {_table(Board)} b"
        f" ON b.{_name(Board, 'id')} = t.{_name(Topic, 'board')} "
        f"WHERE t.{_name(Topic, 'id')} = %s"
    )


def topic_for(*, user, topic_id: int) -> Topic:
    """A topic ``user`` may read, with its board, what ``user`` follows of them
    (``subscription``, ``board_subscription``: a mode or None) and how far they read it
    (``last_read``, 0 before their first visit), or 404. One query."""
    sql = _topic_sql(connection.vendor)
    topic = next(iter(Topic.objects.raw(sql, [user.pk, user.pk, user.pk, topic_id])), None)
    if topic is None:
        raise Http404
    values = [getattr(topic, f"board_{name}") for name in BOARD_SHOWN]
    board = Board.from_db(connection.alias, BOARD_SHOWN, values)
    board.is_active = bool(board.is_active)
    board.subscription = topic.board_subscription  # "You follow its board."
    topic.board = board
    topic.last_read = topic.last_read or 0
    if not rules.may_read_board(user, board):
        raise Http404
    return topic


# What a topic page shows of a post, its author and its files; the rest stays behind.
POST_SHOWN = _shown(
    Post,
    "id",
    "topic_id",
    "number",
    "author_id",
    "body_html",
    "created_at",
    "edited_at",
    "is_hidden",
    "hidden_reason",
)
AUTHOR_SHOWN = _shown(User, "id", "name_ar", "first_name", "last_name")


@dataclass(frozen=True)
class PostFile:
    """A file attached to a post, as a topic page lists it."""

    id: int
    name: str
    size: int


@functools.cache
def _page_sql(vendor: str) -> str:
    """The columns ``POST_SHOWN`` of the posts of a topic numbered from one number up to
    another (parameters: topic id, first number, number after the last), then their
    authors' ``AUTHOR_SHOWN``, then one file per row (id, name, size; None for a post
    without files), in order of number and attachment."""
    link, stored = PostAttachment, PostAttachment._meta.get_field("file").related_model
    columns = [f"p.{_name(Post, name)}" for name in POST_SHOWN]
    columns += [f"u.{_name(User, name)}" for name in AUTHOR_SHOWN]
    columns += [
        f"a.{_name(link, 'file')}",
        f"f.{_name(stored, 'original_filename')}",
        f"f.{_name(stored, '_file_size')}",
    ]
    return (
        f"SELECT {', '.join(columns)} "  # noqa: S608 - names from metadata
        f"FROM {_table(Post)} p "
        f"INNER JOIN {_table(User)} u ON u.{_name(User, 'id')} = p.{_name(Post, 'author')} "
        f"LEFT JOIN {_table(link)} a ON a.{_name(link, 'post')} = p.{_name(Post, 'id')} "
        f"LEFT JOIN {_table(stored)} f ON f.{_name(stored, 'id')} = a.{_name(link, 'file')} "
        f"WHERE p.{_name(Post, 'topic')} = %s AND p.{_name(Post, 'number')} >= %s"
        f" AND p.{_name(Post, 'number')} < %s "
        f"ORDER BY p.{_name(Post, 'number')}, a.{_name(link, 'id')}"
    )


def _converters(model, names) -> list[tuple[Col, list]]:
    """What the ORM does to each of ``names`` as read from the database (datetimes made
    aware, booleans on SQLite...), for rows read without it."""
    columns = [Col(model._meta.db_table, model._meta.get_field(name)) for name in names]
    return [
        (column, connection.ops.get_db_converters(column) + column.get_db_converters(connection))
        for column in columns
    ]


def _converted(values, converters) -> list:
    converted = []
    for value, (column, functions) in zip(values, converters, strict=True):
        for function in functions:
            value = function(value, column, connection)
        converted.append(value)
    return converted


def posts_numbered(*, topic: Topic, first: int, stop: int) -> list[Post]:
    """The posts of ``topic`` numbered ``first`` to ``stop - 1`` with what a topic page
    shows of them: their authors (names only) and ``files`` (``PostFile``). One query."""
    with connection.cursor() as cursor:
        cursor.execute(_page_sql(connection.vendor), [topic.pk, first, stop])
        rows = cursor.fetchall()
    converters = _converters(Post, POST_SHOWN)
    shown, named = len(POST_SHOWN), len(POST_SHOWN) + len(AUTHOR_SHOWN)
    posts: dict[int, Post] = {}
    authors: dict[int, User] = {}
    for row in rows:
        post = posts.get(row[0])
        if post is None:
            values = _converted(row[:shown], converters)
            post = posts[row[0]] = Post.from_db(connection.alias, POST_SHOWN, values)
            author = authors.get(post.author_id)
            if author is None:
                names = row[shown:named]
                author = authors[post.author_id] = User.from_db(
                    connection.alias, AUTHOR_SHOWN, names
                )
            post.author = author
            post.topic = topic
            post.files = []
        file_id, name, size = row[named:]
        if file_id is not None:
            post.files.append(PostFile(file_id, name, size or 0))
    return list(posts.values())


def topic_page(*, user, topic_id: int, page) -> dict:
    """A topic and one page of its posts with their authors' names and files: two queries
    (the topic with the reader's subscriptions and reading mark, the posts with their
    authors and files). The page draws each post from the shared cache
    (``forums.fragments``)."""
    topic = topic_for(user=user, topic_id=topic_id)
    size = settings.MANARA_FORUM_POSTS_PER_PAGE
    count = max(1, math.ceil(topic.post_count / size))
    if page is None and 0 < topic.last_read < topic.post_count:
        page = topic.last_read // size + 1  # open where the reader stopped
    pages = Pages(page_number(page, count), count)
    first = (pages.number - 1) * size + 1
    posts = posts_numbered(topic=topic, first=first, stop=first + size)
    moderator = rules.may_moderate(user)
    now = timezone.now()
    for post in posts:
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

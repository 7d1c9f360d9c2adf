"""Forum search: the index of post terms and the ranking, over ``lms.search`` (the same
folding, stemming, stop words and snippets as the knowledge base).

Each post has a row per distinct term (``PostTerm``), written when it is created or
edited; the first post of a topic also holds the topic's title, counting double. Each
topic has a row per term of its visible posts (``TopicTerm``), their weights summed,
which is what readers search: a word common to thousands of posts is then read once per
topic. Results are topics, each shown once with its newest matching post the reader may
see: topics holding every word of the query if any do (else those holding some, and the
page says so), then by a BM25-like score (inverse document frequency times the saturated
term frequency; a word matched only as the start of a longer one counts a third), then
the newest.
"""

from django.db import connection, transaction
from django.db.models import Count, QuerySet, Sum

from forums.models import Board, Post, PostTerm, Topic, TopicTerm
from lms.search import (
    Query,
    cached_frequencies,
    found_sql,
    frequencies_changed,
    index_terms,
    inverse_document_frequency,
    matching_term_rows,
    where_sql,
)

BATCH = 2_000
# The namespace of the cached document frequencies. A post changes them too little to
# forget them: they are forgotten when the index is rebuilt, and age out
# (``lms.search.FREQUENCIES_TIMEOUT``).
FREQUENCIES = "forums"
# Forums are written in every language of the office; Arabic stems Arabic-script words
# whatever the language, and Latin words are folded (a post carries no language).
POST_LANGUAGE = "ar"


def post_terms(post: Post, *, title: str = "") -> list[PostTerm]:
    in_title = index_terms(title, POST_LANGUAGE) if title else {}
    counts = index_terms(f"{title}\n{post.body}" if title else post.body, POST_LANGUAGE)
    return [
        PostTerm(
            post_id=post.pk,
            topic_id=post.topic_id,
            board_id=post.topic.board_id,
            term=term[:64],
            weight=count / (count + 1.2) * (2 if term in in_title else 1),
            hidden=post.is_hidden,
        )
        for term, count in counts.items()
    ]


@transaction.atomic
def post_index(*, post: Post, title: str = "") -> None:
    """Index the post's text as it is now (and ``title``, for a topic's first post), and
    sum its topic's terms afresh for the terms it had and has."""
    had = set(PostTerm.objects.filter(post_id=post.pk).values_list("term", flat=True))
    PostTerm.objects.filter(post_id=post.pk).delete()
    rows = PostTerm.objects.bulk_create(post_terms(post, title=title), batch_size=BATCH)
    topic_terms_sum(topic_id=post.topic_id, terms=had | {row.term for row in rows})


@transaction.atomic
def posts_index(posts=None) -> int:
    """Index every post of ``posts`` (all by default) afresh, in batches, then sum the
    terms of their topics afresh; returns how many posts were indexed."""
    posts = Post.objects.all() if posts is None else posts
    PostTerm.objects.filter(post__in=posts.values("pk")).delete()
    frequencies_changed(FREQUENCIES)
    ordered = (
        posts.select_related("topic")
        .only("body", "number", "is_hidden", "topic__title", "topic__board_id")
        .order_by("pk")
    )
    indexed, last = 0, 0
    while True:
        chunk = list(ordered.filter(pk__gt=last)[:BATCH])
        if not chunk:
            break
        rows = []
        for post in chunk:
            rows.extend(post_terms(post, title=post.topic.title if post.number == 1 else ""))
        PostTerm.objects.bulk_create(rows, batch_size=BATCH)
        indexed += len(chunk)
        last = chunk[-1].pk
    topics_terms_sum(Topic.objects.filter(pk__in=posts.order_by().values("topic_id")))
    return indexed


def topics_terms_sum(topics: QuerySet) -> None:
    """Sum the terms of the visible posts of ``topics`` afresh into their ``TopicTerm``
    rows (after their posts' terms were written in bulk)."""
    TopicTerm.objects.filter(topic_id__in=topics.values("pk")).delete()
    _sum_into_topic_terms(PostTerm.objects.filter(topic_id__in=topics.values("pk")))


@transaction.atomic
def post_hidden_set(*, post: Post) -> None:
    """Carry the post's hidden mark to its terms (called when it is hidden or shown), and
    sum its topic's terms afresh without it or with it."""
    terms = PostTerm.objects.filter(post_id=post.pk)
    terms.update(hidden=post.is_hidden)
    topic_terms_sum(topic_id=post.topic_id, terms=set(terms.values_list("term", flat=True)))


@transaction.atomic
def topic_board_copy(*, topic: Topic) -> None:
    """Carry the topic's board to the terms of its posts (called when it is moved)."""
    PostTerm.objects.filter(topic_id=topic.pk).update(board_id=topic.board_id)
    TopicTerm.objects.filter(topic_id=topic.pk).update(board_id=topic.board_id)


def topic_terms_sum(*, topic_id: int, terms: set[str]) -> None:
    """Sum the weights of ``terms`` (those a post of the topic just gained or lost) in the
    topic's visible posts afresh into its ``TopicTerm`` rows. The topic's row is locked
    meanwhile, so of two posts written at once the second counts the first."""
    board_id = (
        Topic.objects.select_for_update().filter(pk=topic_id).values_list("board_id", flat=True)
    ).get()
    terms = sorted(terms)
    TopicTerm.objects.filter(topic_id=topic_id, term__in=terms).delete()
    # The terms and the board lead the post terms' index: one short range per term.
    _sum_into_topic_terms(
        PostTerm.objects.filter(term__in=terms, board_id=board_id, topic_id=topic_id)
    )


def _sum_into_topic_terms(post_terms: QuerySet) -> None:
    """Write the sums of ``post_terms`` (the visible ones) by topic and term, in one
    statement that leaves the rows in the database."""
    where, params = where_sql(post_terms.filter(hidden=False))
    target = connection.ops.quote_name(TopicTerm._meta.db_table)
    source = connection.ops.quote_name(PostTerm._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {target} (topic_id, board_id, term, weight, post_id) "  # noqa: S608 - values are parameters
            "SELECT topic_id, board_id, term, SUM(weight), MAX(post_id) "
            f"FROM {source} WHERE {where} GROUP BY topic_id, board_id, term",
            params,
        )


def _frequencies(query: Query) -> tuple[dict[str, int], int]:
    """How many posts hold each term of ``query``, kept a while
    (``lms.search.cached_frequencies``), and how many posts there are."""

    def count(terms: list[str]) -> dict[str, int]:
        frequencies = dict(
            PostTerm.objects.filter(term__in=terms)
            .order_by()
            .values("term")
            .annotate(posts=Count("post_id"))  # in the search index: an index-only count
            .values_list("term", "posts")
        )
        # Under the empty term, which no post holds: the number of posts.
        frequencies[""] = Board.objects.aggregate(posts=Sum("post_count"))["posts"] or 0
        return frequencies

    frequencies = cached_frequencies(FREQUENCIES, query.terms, count)
    return frequencies, frequencies[""]


def ranked_topics(
    *, query: Query, board_ids: list[int], hidden: bool, start: int, stop: int
) -> tuple[list[dict], bool]:
    """Rows (topic_id, post_id of its newest match, found, score) for topics ``start`` to
    ``stop`` of the ranking for ``query`` of the posts in ``board_ids`` (hidden ones only
    if ``hidden``, for moderators), and whether only some of the words were found: of the
    topics holding every word if any does, else of all. One query, and for a query of
    several words two more the first time its words are sought (``_frequencies``)."""
    idfs = [1.0] * len(query.words)
    if len(query.words) > 1:
        # A query of one word needs no inverse document frequency: it multiplies every
        # score alike, so it changes no order.
        frequencies, total = _frequencies(query)
        idfs = [
            inverse_document_frequency(
                total, max((frequencies.get(term, 0) for term in word.terms), default=0)
            )
            for word in query.words
        ]
    # The terms carry their board: the search index alone keeps to the readable boards.
    # Readers search the topics' terms, summed over the visible posts; moderators, who
    # also find hidden posts, the posts' terms.
    terms = PostTerm if hidden else TopicTerm
    rows, rows_params = matching_term_rows(
        query,
        table=connection.ops.quote_name(terms._meta.db_table),
        columns=("topic_id", "post_id"),
        where=where_sql(terms.objects.filter(board_id__in=board_ids)),
        idfs=idfs,
    )
    every = len(query.words)
    sql = (
        "SELECT topic_id, post_id, found, score, best "  # noqa: S608 - values are parameters
        "FROM (SELECT ranked.*, MAX(found) OVER () AS best "
        f"FROM (SELECT topic_id, MAX(post_id) AS post_id, {found_sql(query)} AS found, "
        f"SUM(score) AS score FROM ({rows}) matching GROUP BY topic_id) ranked) counted "
        "WHERE found = %s OR best < %s ORDER BY found DESC, score DESC, post_id DESC "
        "LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*rows_params, every, every, max(stop - start, 0), start))
        found = cursor.fetchall()
    page = [
        {"topic_id": topic_id, "post_id": post_id, "found": words, "score": score}
        for topic_id, post_id, words, score, _best in found
    ]
    return page, bool(found) and found[0][4] < every

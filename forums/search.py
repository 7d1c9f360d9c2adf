"""Forum search: the index of post terms and the ranking, over ``lms.search`` (the same
folding, stemming, stop words and snippets as the knowledge base).

Each post has a row per distinct term (``PostTerm``), written when it is created or
edited; the first post of a topic also holds the topic's title, counting double. Results
are topics, each shown once with its newest matching post the reader may see: topics holding every
word of the query if any do (else those holding some, and the page says so), then by a
BM25-like score (inverse document frequency times the saturated term frequency; a word
matched only as the start of a longer one counts a third), then the newest.
"""

from django.db import connection, transaction
from django.db.models import Count, Sum

from forums.models import Board, Post, PostTerm
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
    """Index the post's text as it is now (and ``title``, for a topic's first post)."""
    PostTerm.objects.filter(post_id=post.pk).delete()
    PostTerm.objects.bulk_create(post_terms(post, title=title), batch_size=BATCH)


@transaction.atomic
def posts_index(posts=None) -> int:
    """Index every post of ``posts`` (all by default) afresh, in batches; returns how many."""
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
            return indexed
        rows = []
        for post in chunk:
            rows.extend(post_terms(post, title=post.topic.title if post.number == 1 else ""))
        PostTerm.objects.bulk_create(rows, batch_size=BATCH)
        indexed += len(chunk)
        last = chunk[-1].pk


def post_hidden_set(*, post: Post) -> None:
    """Carry the post's hidden mark to its terms (called when it is hidden or shown)."""
    PostTerm.objects.filter(post_id=post.pk).update(hidden=post.is_hidden)


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
    readable = PostTerm.objects.filter(board_id__in=board_ids)
    if not hidden:
        readable = readable.filter(hidden=False)
    rows, rows_params = matching_term_rows(
        query,
        table=connection.ops.quote_name(PostTerm._meta.db_table),
        columns=("topic_id", "post_id"),
        where=where_sql(readable),
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

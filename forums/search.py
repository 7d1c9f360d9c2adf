"""Forum search: the index of post terms and the ranking, over ``lms.search`` (the same
folding, stemming, stop words and snippets as the knowledge base).

Each post has a row per distinct term (``PostTerm``), written when it is created or
edited; the first post of a topic also holds the topic's title, counting double. Results
are topics, each shown once with its newest matching post the reader may see: topics holding every
word of the query if any do (else those holding some, and the page says so), then by a
BM25-like score (inverse document frequency times the saturated term frequency; a word
matched only as the start of a longer one counts a third), then the newest.
"""

from django.db import transaction
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    Max,
    Q,
    Sum,
    Value,
    When,
)

from forums.models import Board, Post, PostTerm
from lms.search import (
    Query,
    index_terms,
    inverse_document_frequency,
    term_starts_with,
)

BATCH = 2_000
PARTIAL_WEIGHT = 1 / 3
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


def ranked_topics(
    *, query: Query, board_ids: list[int], hidden: bool, start: int, stop: int
) -> tuple[list[dict], bool]:
    """Rows (topic_id, post_id of its newest match, found, score) for topics ``start`` to
    ``stop`` of the ranking for ``query`` of the posts in ``board_ids`` (hidden ones only
    if ``hidden``, for moderators), and
    whether only some of the words were found. Three queries (one for a query of one
    word), one more when no topic holds every word."""
    # A query of one word needs no inverse document frequency: it multiplies every score
    # alike, so it changes no order.
    several = len(query.words) > 1
    frequencies = (
        dict(
            PostTerm.objects.filter(term__in=query.terms)
            .order_by()
            .values("term")
            .annotate(posts=Count("post_id"))  # in the search index: an index-only count
            .values_list("term", "posts")
        )
        if several
        else {}
    )
    total = (Board.objects.aggregate(posts=Sum("post_count"))["posts"] or 0) if several else 0
    matched = Q()
    annotations: dict = {}
    exact_cases, partial_cases = [], []
    for number, word in enumerate(query.words):
        exact = Q(term__in=word.terms)
        # The range of a prefix holds the word itself: whole words are told apart by the
        # order of the cases below, so the filter needs no NOT IN.
        partial = term_starts_with(word.prefix) if word.prefix else Q(pk__in=[])
        outside = sorted(term for term in word.terms if not term.startswith(word.prefix))
        matched |= (partial | Q(term__in=outside)) if word.prefix else exact
        documents = max((frequencies.get(term, 0) for term in word.terms), default=0)
        idf = inverse_document_frequency(total, documents) if several else 1.0
        annotations[f"found_{number}"] = Max(
            Case(When(exact | partial, then=Value(1)), default=Value(0)),
            output_field=IntegerField(),
        )
        exact_cases.append(When(exact, then=F("weight") * Value(idf)))
        if word.prefix:
            partial_cases.append(When(partial, then=F("weight") * Value(idf * PARTIAL_WEIGHT)))
    # The terms carry their board: the search index alone keeps to the readable boards.
    found = PostTerm.objects.filter(matched, board_id__in=board_ids)
    if not hidden:
        found = found.filter(hidden=False)
    rows = (
        found.order_by()
        .values("topic_id")
        .annotate(
            **annotations,
            score=Sum(
                Case(*exact_cases, *partial_cases, default=Value(0.0), output_field=FloatField())
            ),
            post_id=Max("post_id"),
        )
        .annotate(found=sum((F(f"found_{n}") for n in range(len(query.words))), start=Value(0)))
        .order_by("-found", "-score", "-post_id")
        .values("topic_id", "post_id", "found", "score")
    )
    every = rows.filter(found=len(query.words))
    page = list(every[start:stop])
    if page or (start and every.exists()):
        return page, False
    page = list(rows[start:stop])
    return page, bool(page)

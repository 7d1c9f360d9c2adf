"""The knowledge base's search index and ranking, over the terms of ``lms.search``.

Each published article has a row per distinct term (``ArticleTerm``), written on publish
and removed on unpublish or delete; ``rebuild_search_index`` writes them all again. The
same table and the same query serve SQLite and PostgreSQL, so both rank alike: neither
database's own text search folds the hamza seats, taa marbuta or Urdu letters, and
PostgreSQL's ``arabic`` configuration (Snowball) splits a word typed with ه from the same
word written with ة.

Ranking, in order: articles in the page's language before the Arabic originals of
articles without a translation in it; articles holding every word of the query, if any
do (else those holding some, more words first, and the page says so); more words of the
query found whole in the title; then a BM25-like score (inverse document frequency times
the saturated term frequency, title words counting double; a word matched only as the
start of a longer one counts a third); never the alphabet.
"""

import math
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Max,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)

from knowledge_base.models import ArticlePage, ArticleTerm
from lms.search import Query, index_terms, parse_query

BATCH = 2_000
PARTIAL_WEIGHT = 1 / 3
ORIGINAL_LANGUAGE = "ar"  # the office writes in Arabic first; other languages translate


def article_terms(article: ArticlePage, language: str) -> list[ArticleTerm]:
    title, text = article.search_text()
    in_title = index_terms(title, language)
    counts = index_terms(f"{title} {text}", language)
    return [
        ArticleTerm(
            article_id=article.pk,
            term=term[:64],
            weight=count / (count + 1.2) * (2 if term in in_title else 1),
            in_title=term in in_title,
            language=language,
        )
        for term, count in counts.items()
    ]


@transaction.atomic
def article_index(*, article: ArticlePage) -> None:
    """Index the article as it is now if it is live, else take it out of the index."""
    ArticleTerm.objects.filter(article_id=article.pk).delete()
    if article.live:
        ArticleTerm.objects.bulk_create(
            article_terms(article, article.locale.language_code), batch_size=BATCH
        )


@transaction.atomic
def articles_index(articles: QuerySet | None = None) -> int:
    """Index every live article of ``articles`` (all of them by default) afresh; returns
    how many were indexed. Reads and writes in batches."""
    articles = ArticlePage.objects.all() if articles is None else articles
    ArticleTerm.objects.filter(article__in=articles.values("pk")).delete()
    live = articles.filter(live=True).select_related("locale").order_by("pk")
    fields = ("title", "summary", "body", "locale__language_code")
    indexed = 0
    last = 0
    while True:
        chunk = list(live.filter(pk__gt=last).only(*fields)[:BATCH])
        if not chunk:
            return indexed
        rows = []
        for article in chunk:
            rows.extend(article_terms(article, article.locale.language_code))
        ArticleTerm.objects.bulk_create(rows, batch_size=BATCH)
        indexed += len(chunk)
        last = chunk[-1].pk


@dataclass
class Ranking:
    """Ids of the articles found, best first; ``some_words`` when none holds every word
    and the results hold only some; ``originals``: ids shown in Arabic for want of a
    translation in the page's language."""

    query: Query
    ids: list[int] = field(default_factory=list)
    some_words: bool = False
    originals: set[int] = field(default_factory=set)


def _not_indexed(column: str) -> ExpressionWrapper:
    """``column + 0``: the same value, but no index on it drives the query. Without it
    SQLite (without ANALYZE statistics) walks every readable item and probes its terms,
    rather than reading the few terms sought and checking their items."""
    return ExpressionWrapper(F(column) + 0, output_field=IntegerField())


def _prefix_match(prefix: str) -> Q:
    if connection.vendor == "postgresql":
        # LIKE 'x%' reads the lookup index, whose operator class on ``term`` is a pattern one.
        return Q(term__startswith=prefix)
    # SQLite compares by code point, so a prefix is a range of the index on ``term``.
    return Q(term__gte=prefix, term__lt=prefix + "\U0010ffff")


def rank(*, query: str, articles: QuerySet, language: str) -> Ranking:
    """Rank ``articles`` (already limited to what the reader may see, in the page's
    language and the Arabic originals) for ``query``. Three queries: the number of
    articles and the document frequency of the query's terms (for the inverse document
    frequency), then one grouped pass over the term rows that match."""
    parsed = parse_query(query, language)
    ranking = Ranking(query=parsed)
    if not parsed:
        return ranking
    frequencies = dict(
        ArticleTerm.objects.filter(term__in=parsed.terms)
        .order_by()
        .values("term")
        .annotate(documents=Count("article_id"))  # in the lookup index: index-only
        .values_list("term", "documents")
    )
    total = ArticlePage.objects.filter(live=True).count()
    matched = Q()
    annotations: dict = {}
    exact_cases, partial_cases = [], []
    for number, word in enumerate(parsed.words):
        exact = Q(term__in=word.terms)
        # The range of a prefix holds the word itself: whole words are told apart by the
        # order of the cases below, so the filter needs no NOT IN.
        partial = _prefix_match(word.prefix) if word.prefix else Q(pk__in=[])
        outside = sorted(term for term in word.terms if not term.startswith(word.prefix))
        matched |= (partial | Q(term__in=outside)) if word.prefix else exact
        documents = max((frequencies.get(term, 0) for term in word.terms), default=0)
        idf = math.log(1 + (total - documents + 0.5) / (documents + 0.5))
        annotations[f"found_{number}"] = Max(
            Case(When(exact | partial, then=Value(1)), default=Value(0)),
            output_field=IntegerField(),
        )
        annotations[f"title_{number}"] = Max(
            Case(When(exact & Q(in_title=True), then=Value(1)), default=Value(0)),
            output_field=IntegerField(),
        )
        exact_cases.append(When(exact, then=F("weight") * Value(idf)))
        if word.prefix:
            partial_cases.append(When(partial, then=F("weight") * Value(idf * PARTIAL_WEIGHT)))
    numbers = range(len(parsed.words))
    rows = (
        ArticleTerm.objects.alias(candidate=_not_indexed("article_id"))
        .filter(matched, candidate__in=articles.values("pk"))
        .order_by()
        .values("article_id")
        .annotate(
            **annotations,
            in_language=Max(
                Case(When(language=language, then=Value(1)), default=Value(0)),
                output_field=IntegerField(),
            ),
            score=Sum(
                Case(*exact_cases, *partial_cases, default=Value(0.0), output_field=FloatField())
            ),
        )
        .annotate(
            found=sum((F(f"found_{n}") for n in numbers), start=Value(0)),
            title_words=sum((F(f"title_{n}") for n in numbers), start=Value(0)),
        )
        .order_by("-in_language", "-found", "-title_words", "-score", "article_id")
        .values_list("article_id", "found", "in_language")
    )
    rows = list(rows)
    every = len(parsed.words)
    if any(found == every for _pk, found, _lang in rows):
        rows = [row for row in rows if row[1] == every]
    else:
        ranking.some_words = bool(rows)
    ranking.ids = [pk for pk, _found, _lang in rows]
    ranking.originals = {pk for pk, _found, in_language in rows if not in_language}
    return ranking

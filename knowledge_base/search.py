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

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet

from knowledge_base.models import ArticlePage, ArticleTerm
from lms.search import (
    Query,
    cached_frequencies,
    found_sql,
    frequencies_changed,
    index_terms,
    inverse_document_frequency,
    matching_term_rows,
    parse_query,
    title_words_sql,
    where_sql,
)

BATCH = 2_000
FREQUENCIES = "knowledge_base"  # the namespace of the cached document frequencies
ORIGINAL_LANGUAGE = "ar"  # the office writes in Arabic first; other languages translate
# Every indexed article also has a row under the empty term (no query looks for it): the
# number of articles searched, which the inverse document frequency needs, is then that
# term's document frequency, counted with the query's terms in one index-only read.
EVERY_ARTICLE = ""


def article_terms(article: ArticlePage, language: str) -> list[ArticleTerm]:
    """The article's term rows, and its row under ``EVERY_ARTICLE``."""
    title, text = article.search_text()
    in_title = index_terms(title, language)
    counts = index_terms(f"{title} {text}", language)
    counts.pop(EVERY_ARTICLE, None)
    visibility = {"language": language, "audience": article.audience, "section": article.section}
    return [
        ArticleTerm(article_id=article.pk, term=EVERY_ARTICLE, weight=0.0, **visibility),
        *(
            ArticleTerm(
                article_id=article.pk,
                term=term[:64],
                weight=count / (count + 1.2) * (2 if term in in_title else 1),
                in_title=term in in_title,
                **visibility,
            )
            for term, count in counts.items()
        ),
    ]


@transaction.atomic
def article_index(*, article: ArticlePage) -> None:
    """Index the article as it is now if it is live, else take it out of the index."""
    ArticleTerm.objects.filter(article_id=article.pk).delete()
    if article.live:
        ArticleTerm.objects.bulk_create(
            article_terms(article, article.locale.language_code), batch_size=BATCH
        )
    frequencies_changed(FREQUENCIES)


def article_visibility_copy(*, article: ArticlePage) -> None:
    """Carry the article's audience and section to its terms (called when it is saved;
    publishing writes its terms afresh)."""
    ArticleTerm.objects.filter(article_id=article.pk).exclude(
        audience=article.audience, section=article.section
    ).update(audience=article.audience, section=article.section)


@transaction.atomic
def articles_index(articles: QuerySet | None = None) -> int:
    """Index every live article of ``articles`` (all of them by default) afresh; returns
    how many were indexed. Reads and writes in batches."""
    articles = ArticlePage.objects.all() if articles is None else articles
    ArticleTerm.objects.filter(article__in=articles.values("pk")).delete()
    frequencies_changed(FREQUENCIES)
    live = articles.filter(live=True).select_related("locale").order_by("pk")
    fields = ("title", "summary", "body", "audience", "section", "locale__language_code")
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
    """One page of the articles found, best first: their ids (``ids``) and how many were
    found in all (``count``); ``some_words`` when none holds every word and the results
    hold only some; ``originals``: the ids of the page shown in Arabic for want of a
    translation in the page's language."""

    query: Query
    ids: list[int] = field(default_factory=list)
    count: int = 0
    some_words: bool = False
    originals: set[int] = field(default_factory=set)


def _document_frequencies(query: Query) -> dict[str, int]:
    """How many articles hold each term of ``query``, and under ``EVERY_ARTICLE`` how
    many there are: one index-only count, kept a while (``lms.search.cached_frequencies``).
    None for a query of one word, whose inverse document frequency multiplies every score
    alike and so changes no order."""
    if len(query.words) < 2:
        return {}

    def count(terms: list[str]) -> dict[str, int]:
        return dict(
            ArticleTerm.objects.filter(term__in=terms)
            .order_by()
            .values("term")
            .annotate(documents=Count("article_id"))  # in the search index: index-only
            .values_list("term", "documents")
        )

    return cached_frequencies(FREQUENCIES, {EVERY_ARTICLE, *query.terms}, count)


def rank(*, query: str, visible: Q, language: str, start: int = 0, stop: int = 20) -> Ranking:
    """Rank the indexed articles that ``visible`` (a filter on ``ArticleTerm``: the
    reader's audiences and section, the page's language and the Arabic originals) keeps
    for ``query``, and keep articles ``start`` to ``stop`` of the ranking. One query, and
    for a query of several words one more the first time its words are sought
    (``_document_frequencies``): a grouped pass over the visible term rows that match,
    which also counts the articles found."""
    parsed = parse_query(query, language)
    ranking = Ranking(query=parsed)
    if not parsed:
        return ranking
    frequencies = _document_frequencies(parsed)
    total = frequencies.get(EVERY_ARTICLE, 0)
    idfs = [
        inverse_document_frequency(
            total, max((frequencies.get(term, 0) for term in word.terms), default=0)
        )
        if frequencies
        else 1.0
        for word in parsed.words
    ]
    columns = ("article_id",)
    if language == ORIGINAL_LANGUAGE:
        # An Arabic page searches Arabic articles only: every one is in the page's language.
        in_language, in_language_params = "1", []
    else:
        columns += ("language",)
        in_language, in_language_params = (
            "MAX(CASE WHEN language = %s THEN 1 ELSE 0 END)",
            [language],
        )
    rows, rows_params = matching_term_rows(
        parsed,
        table=connection.ops.quote_name(ArticleTerm._meta.db_table),
        columns=columns,
        where=where_sql(ArticleTerm.objects.filter(visible)),
        idfs=idfs,
        title="in_title",
    )
    every = len(parsed.words)
    # The articles are grouped and counted in one query (window functions, which SQLite
    # and PostgreSQL both have): those holding every word if any does, else all of them;
    # only the page leaves the database.
    sql = (
        "SELECT article_id, in_language, "  # noqa: S608 - values are parameters
        "CASE WHEN best = %s THEN complete ELSE everything END, best "
        "FROM (SELECT ranked.*, "
        "MAX(found) OVER () AS best, "
        "SUM(CASE WHEN found = %s THEN 1 ELSE 0 END) OVER () AS complete, "
        "COUNT(*) OVER () AS everything "
        f"FROM (SELECT article_id, {in_language} AS in_language, {found_sql(parsed)} AS found, "
        f"{title_words_sql(parsed)} AS title_words, SUM(score) AS score "
        f"FROM ({rows}) matching GROUP BY article_id) ranked) counted "
        "WHERE found = %s OR best < %s "
        "ORDER BY in_language DESC, found DESC, title_words DESC, score DESC, article_id "
        "LIMIT %s OFFSET %s"
    )
    arguments = (
        every,
        every,
        *in_language_params,
        *rows_params,
        every,
        every,
        max(stop - start, 0),
        start,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, arguments)
        found = cursor.fetchall()
    if found:
        ranking.count = found[0][2]
        ranking.some_words = found[0][3] < every
    ranking.ids = [pk for pk, _in_language, _count, _best in found]
    ranking.originals = {pk for pk, in_language, _count, _best in found if not in_language}
    return ranking

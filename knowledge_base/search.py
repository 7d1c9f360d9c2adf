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
from django.db.models import (
    Case,
    Count,
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
from lms.search import (
    Query,
    index_terms,
    inverse_document_frequency,
    parse_query,
    term_starts_with,
)

BATCH = 2_000
PARTIAL_WEIGHT = 1 / 3
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
    many there are: one index-only count. None for a query of one word, whose inverse
    document frequency multiplies every score alike and so changes no order."""
    if len(query.words) < 2:
        return {}
    sought = sorted(term for term in query.terms if term != EVERY_ARTICLE)
    return dict(
        ArticleTerm.objects.filter(term__in=[EVERY_ARTICLE, *sought])
        .order_by()
        .values("term")
        .annotate(documents=Count("article_id"))  # in the search index: index-only
        .values_list("term", "documents")
    )


def rank(*, query: str, visible: Q, language: str, start: int = 0, stop: int = 20) -> Ranking:
    """Rank the indexed articles that ``visible`` (a filter on ``ArticleTerm``: the
    reader's audiences and section, the page's language and the Arabic originals) keeps
    for ``query``, and keep articles ``start`` to ``stop`` of the ranking. Two queries
    (one for a query of one word): the document frequencies of the query's terms with the
    number of articles, then one grouped pass over the visible term rows that match, which
    also counts the articles found."""
    parsed = parse_query(query, language)
    ranking = Ranking(query=parsed)
    if not parsed:
        return ranking
    frequencies = _document_frequencies(parsed)
    total = frequencies.get(EVERY_ARTICLE, 0)
    branches: list[QuerySet] = []
    earlier = Q()
    annotations: dict = {}
    exact_cases, partial_cases = [], []
    for number, word in enumerate(parsed.words):
        exact = Q(term__in=word.terms)
        # The range of a prefix holds the word itself: whole words are told apart by the
        # order of the cases below, so the filter needs no NOT IN.
        partial = term_starts_with(word.prefix) if word.prefix else Q(pk__in=[])
        outside = sorted(term for term in word.terms if not term.startswith(word.prefix))
        matched = (partial | Q(term__in=outside)) if word.prefix else exact
        # One branch per word, each leaving out the rows of the words before it: a row is
        # read once, and each branch is one range of the index, read alone (an OR of
        # ranges would make PostgreSQL visit the table).
        branch = ArticleTerm.objects.filter(matched, visible)
        branches.append(branch.exclude(earlier) if earlier else branch)
        earlier |= matched
        documents = max((frequencies.get(term, 0) for term in word.terms), default=0)
        idf = inverse_document_frequency(total, documents) if frequencies else 1.0
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
    grouped = (
        ArticleTerm.objects.order_by()
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
        .values("article_id", "found", "in_language", "title_words", "score")
    )
    columns = ("article_id", "term", "weight", "in_title", "language")
    first, *others = (branch.order_by().values(*columns) for branch in branches)
    matching = first.union(*others, all=True) if others else first
    rows = _page_of(grouped, matching, every=len(parsed.words), start=start, stop=stop)
    if rows:
        ranking.count = rows[0][2]
        ranking.some_words = rows[0][3] < len(parsed.words)
    ranking.ids = [pk for pk, _in_language, _count, _best in rows]
    ranking.originals = {pk for pk, in_language, _count, _best in rows if not in_language}
    return ranking


def _page_of(
    grouped: QuerySet, matching: QuerySet, *, every: int, start: int, stop: int
) -> list[tuple]:
    """Rows (article id, in language, how many found, most words found) ``start`` to
    ``stop`` of ``grouped`` (the grouping of every term row) over the ``matching`` rows
    only, in ranking order: of the articles holding every word if any does, else of all.
    The grouped rows are counted in the same query (window functions, which SQLite and
    PostgreSQL both have), so only the page leaves the database."""
    grouping, grouping_params = grouped.query.get_compiler(using=grouped.db).as_sql()
    rows, rows_params = matching.query.get_compiler(using=matching.db).as_sql()
    # The grouping reads the matching rows under the table's name, so its columns hold.
    table = connection.ops.quote_name(ArticleTerm._meta.db_table)
    head, tail = grouping.split(f" FROM {table} ", 1)
    selected = head.count("%s")
    inner = f"{head} FROM ({rows}) {table} {tail}"
    params = (*grouping_params[:selected], *rows_params, *grouping_params[selected:])
    order = "in_language DESC, found DESC, title_words DESC, score DESC, article_id"
    sql = (
        "SELECT article_id, in_language, "  # noqa: S608 - the ORM's SQL; values are parameters
        "CASE WHEN best = %s THEN complete ELSE everything END, best "
        "FROM (SELECT ranked.*, "
        "MAX(found) OVER () AS best, "
        "SUM(CASE WHEN found = %s THEN 1 ELSE 0 END) OVER () AS complete, "
        "COUNT(*) OVER () AS everything "
        f"FROM ({inner}) ranked) counted "
        f"WHERE found = %s OR best < %s ORDER BY {order} LIMIT %s OFFSET %s"
    )
    arguments = (every, every, *params, every, every, max(stop - start, 0), start)
    with connection.cursor() as cursor:
        cursor.execute(sql, arguments)
        return cursor.fetchall()

"""Reads that feed the knowledge base screens, and the acknowledgement reads other apps use
(readiness checks), each in a fixed number of queries."""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Substr
from django.utils import translation

from knowledge_base.models import Acknowledgement, ArticlePage, KnowledgeBaseIndexPage, TopicPage
from knowledge_base.rules import audiences_for, sees_everything, visible_to
from knowledge_base.search import ORIGINAL_LANGUAGE, Ranking, rank
from lms.pagecache import cached_per_page_tree
from lms.pages import family_children
from lms.search import snippet

# What lists show of an article; enough for its link, tags and acknowledgement state.
LIST_FIELDS = (
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    "locale",
    "translation_key",
    "summary",
    "kind",
    "audience",
    "section",
    "requires_acknowledgement",
    "major_version",
    "live",
)


def visible_articles(user) -> QuerySet:
    """Live articles ``user`` may read, in every language."""
    return ArticlePage.objects.live().filter(visible_to(user))


def knowledge_base_for_language(language: str | None = None) -> KnowledgeBaseIndexPage | None:
    """The live knowledge base in ``language`` (the active one by default), else the first
    in any language, else None. One query."""
    language = language or translation.get_language()
    return (
        KnowledgeBaseIndexPage.objects.live()
        .only("url_path", "locale_id", "path", "depth")
        .annotate(
            in_language=Case(
                When(locale__language_code=language, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("in_language", "path")
        .first()
    )


# Acknowledgements: the reads the readiness checks of the accreditation app rely on.


def current_versions(article_keys: Iterable) -> dict:
    """The major version in force for each article key (one query)."""
    rows = (
        ArticlePage.objects.filter(translation_key__in=list(article_keys))
        .order_by()
        .values("translation_key")
        .annotate(version=Max("major_version"))
        .values_list("translation_key", "version")
    )
    return dict(rows)


def acknowledged_article_keys(*, user_ids, article_keys: Iterable) -> set[tuple[int, uuid.UUID]]:
    """The pairs (user id, article key) in which the user has acknowledged the article's
    current major version. ``user_ids`` may be a list or a queryset of ids (a subquery, for
    a whole roster); two queries whatever the number of people."""
    versions = current_versions(article_keys)
    if not versions:
        return set()
    accepted = Q()
    for key, version in versions.items():
        accepted |= Q(article_key=key, version__gte=version)
    if not isinstance(user_ids, QuerySet):
        user_ids = list(user_ids)
    rows = (
        Acknowledgement.objects.filter(accepted, user_id__in=user_ids)
        .values_list("user_id", "article_key")
        .distinct()
    )
    return set(rows)


def acknowledges_current_version(*, article_key, person: str = "pk") -> Exists:
    """An annotation for a queryset of people (``person`` names the column holding each one's
    id): whether each one has acknowledged the article's current major version (of any
    translation). The version is looked up once in the query, not once per person."""
    current = (
        ArticlePage.objects.filter(translation_key=article_key)
        .order_by()
        .values("translation_key")
        .annotate(version=Max("major_version"))
        .values("version")
    )
    return Exists(
        Acknowledgement.objects.filter(
            user_id=OuterRef(person), article_key=article_key, version__gte=Subquery(current)
        )
    )


def pending_acknowledgements(user, language: str | None = None) -> list[ArticlePage]:
    """Published articles ``user`` may read that ask for an acknowledgement of a version
    they have not accepted yet, one page per article in ``language`` where a translation
    exists (the page's language by default). Two queries."""
    if not user.is_authenticated:
        return []
    language = language or translation.get_language()
    articles = (
        visible_articles(user)
        .filter(requires_acknowledgement=True)
        .select_related("locale")
        .only(*LIST_FIELDS)
        .annotate(
            in_language=Case(
                When(locale__language_code=language, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("in_language", "path")
    )
    chosen: dict = {}
    for article in articles:
        chosen.setdefault(article.translation_key, article)
    if not chosen:
        return []
    accepted = dict(
        Acknowledgement.objects.filter(user=user, article_key__in=list(chosen))
        .order_by()
        .values("article_key")
        .annotate(version=Max("version"))
        .values_list("article_key", "version")
    )
    pending = []
    for key, article in chosen.items():
        if accepted.get(key, 0) < article.major_version:
            # "Accept again" reads differently from a first acceptance.
            article.accepted_earlier_version = key in accepted
            pending.append(article)
    return sorted(pending, key=lambda article: article.path)


# Screens.


@dataclass
class AcknowledgementState:
    """Where a reader stands with an article that asks for an acknowledgement."""

    accepted_version: int | None  # the newest version they accepted, if any
    accepted_at: object | None
    current_version: int

    @property
    def is_current(self) -> bool:
        return self.accepted_version is not None and self.accepted_version >= self.current_version

    @property
    def is_outdated(self) -> bool:
        return self.accepted_version is not None and not self.is_current


def acknowledgement_states(user, articles) -> dict:
    """Acknowledgement state per article key for the articles shown (one query, none for a
    visitor or when no article asks for one)."""
    asking = {a.translation_key: a.major_version for a in articles if a.requires_acknowledgement}
    if not asking or not user.is_authenticated:
        return {}
    newest: dict = {}
    for ack in Acknowledgement.objects.filter(user=user, article_key__in=list(asking)).only(
        "article_key", "version", "acknowledged_at"
    ):
        if ack.article_key not in newest or ack.version > newest[ack.article_key].version:
            newest[ack.article_key] = ack
    return {
        key: AcknowledgementState(
            accepted_version=newest[key].version if key in newest else None,
            accepted_at=newest[key].acknowledged_at if key in newest else None,
            current_version=version,
        )
        for key, version in asking.items()
    }


def with_acknowledgement_states(user, articles) -> list:
    """``articles`` as a list, each with ``acknowledgement_state`` (None when the article
    asks for no acknowledgement or the reader is a visitor). One query at most."""
    articles = list(articles)
    states = acknowledgement_states(user, articles)
    for article in articles:
        article.acknowledgement_state = states.get(article.translation_key)
        # Set, so the template does not look them up in vain: a miss costs a dir() of the
        # page, and three misses an article were most of a topic page's time.
        found = vars(article)
        found.setdefault("accepted_earlier_version", False)
        found.setdefault("title_marked", "")
        found.setdefault("snippet", "")
        found.setdefault("is_original", False)
    return articles


def index_page_context(*, index_page: KnowledgeBaseIndexPage, user) -> dict:
    """Topics with the number of articles the reader may read in each, and what waits for
    the reader's acknowledgement. Two queries, two more for a signed-in reader."""
    topics = list(
        family_children(TopicPage.objects.live().select_related("locale"), index_page).only(
            "title", "slug", "url_path", "path", "depth", "locale", "translation_key", "intro"
        )
    )
    # Articles per topic family, each article family once (as the topic page lists them).
    prefix_length = index_page.depth * TopicPage.steplen + TopicPage.steplen
    index_paths = KnowledgeBaseIndexPage.objects.filter(
        translation_key=index_page.translation_key, depth=index_page.depth
    )
    topic_key = TopicPage.objects.filter(path=OuterRef("topic_path")).values("translation_key")
    counts = dict(
        visible_articles(user)
        .filter(depth=index_page.depth + 2)
        .annotate(
            index_path=Substr("path", 1, index_page.depth * TopicPage.steplen),
            topic_path=Substr("path", 1, prefix_length),
        )
        .filter(index_path__in=index_paths.values("path"))
        .annotate(topic_key=Subquery(topic_key[:1]))
        .order_by()  # pages are ordered by path, which would split the groups
        .values("topic_key")
        .annotate(articles=Count("translation_key", distinct=True))
        .values_list("topic_key", "articles")
    )
    for topic in topics:
        topic.article_count = counts.get(topic.translation_key, 0)
    return {
        "topics": topics,
        "pending": pending_acknowledgements(user),
    }


def topic_articles(*, topic: TopicPage, user) -> QuerySet:
    """The articles of a topic the reader may read, in the reader's language where
    translated, else in the language they are written in (``lms.pages.family_children``),
    translated first, each group in the editor's order (paginated by the view)."""
    return family_children(visible_articles(user).select_related("locale"), topic).only(
        *LIST_FIELDS
    )


def _reader_kind(user) -> tuple:
    """Everything ``visible_to`` reads of ``user``: readers of the same kind read the same
    articles."""
    if sees_everything(user):
        return ("all",)
    section = user.section if user.is_authenticated else ""
    return (*sorted(audiences_for(user)), section or "")


def topic_article_ids(*, topic: TopicPage, user) -> list[int]:
    """The ids of ``topic_articles``, in order, from the shared cache until the page tree
    changes (``lms.pagecache``): the same for every reader of the same audiences and section
    in the same language. Building and running the families' query cost more than the rest
    of the topic page."""
    return cached_per_page_tree(
        "topic-articles",
        (topic.pk, _reader_kind(user)),
        lambda: list(topic_articles(topic=topic, user=user).values_list("pk", flat=True)),
    )


def articles_listed(ids: Sequence[int]) -> list[ArticlePage]:
    """The articles ``ids``, in that order, with what lists show of them. One query."""
    found = ArticlePage.objects.select_related("locale").only(*LIST_FIELDS).in_bulk(list(ids))
    return [found[pk] for pk in ids if pk in found]


def article_page_context(*, article: ArticlePage, user) -> dict:
    states = acknowledgement_states(user, [article])
    return {"acknowledgement": states.get(article.translation_key)}


def search_candidates(*, user, language: str) -> Q:
    """What a search on a page in ``language`` looks through, as a filter on the index
    (``ArticleTerm``, which carries its article's language, audience and section): the
    articles the reader may read in that language, and the Arabic originals of those with
    no translation in it that the reader may read."""
    visible = visible_to(user)
    if language == ORIGINAL_LANGUAGE:
        return visible & Q(language=language)
    translated = (
        visible_articles(user).filter(locale__language_code=language).values("translation_key")
    )
    originals_translated = ArticlePage.objects.filter(
        locale__language_code=ORIGINAL_LANGUAGE, translation_key__in=translated
    ).values("pk")
    return visible & (
        Q(language=language)
        | Q(language=ORIGINAL_LANGUAGE) & ~Q(article_id__in=originals_translated)
    )


def search_ranking(*, query: str, user, language: str, start: int = 0, stop: int = 20) -> Ranking:
    """Articles ``start`` to ``stop`` of those the reader may read that match ``query``,
    best first, and how many match (``knowledge_base.search.rank``). Two queries,
    whatever the number of articles."""
    return rank(
        query=query,
        visible=search_candidates(user=user, language=language),
        language=language,
        start=start,
        stop=stop,
    )


def search_results(*, ranking: Ranking, ids) -> list[ArticlePage]:
    """The articles with these ids in the order given, each with a ``snippet`` of its text
    with the matched words marked, and ``is_original`` when it is shown in Arabic for want
    of a translation. One query."""
    ids = list(ids)
    pages = (
        ArticlePage.objects.filter(pk__in=ids).select_related("locale").only(*LIST_FIELDS, "body")
    )
    by_id = {page.pk: page for page in pages}
    articles = [by_id[pk] for pk in ids if pk in by_id]
    for article in articles:
        title, text = article.search_text()
        article_language = article.locale.language_code
        article.title_marked = snippet(title, ranking.query, article_language, length=400)
        article.snippet = snippet(text, ranking.query, article_language)
        article.is_original = article.pk in ranking.originals
    return articles


def articles_in_order(ids) -> list[ArticlePage]:
    """The articles with these ids, in the order given (one query)."""
    ids = list(ids)
    pages = ArticlePage.objects.filter(pk__in=ids).select_related("locale").only(*LIST_FIELDS)
    by_id = {page.pk: page for page in pages}
    return [by_id[pk] for pk in ids if pk in by_id]

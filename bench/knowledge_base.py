"""Knowledge base search over the 5,000 bench articles, and the topic and article pages."""

from urllib.parse import urlencode

from django.test import Client

from bench.registry import Figure, benchmark
from bench.timing import median_ms, query_count, settle
from knowledge_base.models import ArticlePage, KnowledgeBaseIndexPage, TopicPage
from lms.models import User

# A common phrase typed with diacritics and another alef (most articles match: the worst
# case, since every match is ranked) and one article's number typed in Eastern Arabic digits.
QUERIES = {"common": "المَسْجِد النبوي", "rare": "٣٢١"}


def _client() -> Client:
    client = Client()
    client.force_login(User.objects.filter(email__endswith="@scale.manara.test").first())
    return client


def _get(client: Client, url: str):
    def request():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return request


@benchmark("kb_search")
def kb_search() -> list[Figure]:
    settle("knowledge_base_articleterm")
    index = KnowledgeBaseIndexPage.objects.get(slug="bench-kb")
    articles = ArticlePage.objects.descendant_of(index).count()
    client = _client()
    figures = []
    for label, query in QUERIES.items():
        url = "/ar/kb/search/?" + urlencode({"q": query})
        found = client.get(url).context["results"].paginator.count
        request = _get(client, url)
        context = {"articles": articles, "query": label, "found": found}
        suffix = "" if label == "common" else f"_{label}"
        figures.append(Figure(f"kb_search_ms_5000{suffix}", median_ms(request), "ms", context))
        figures.append(
            Figure(f"kb_search_queries_5000{suffix}", query_count(request), "queries", context)
        )
    return figures


@benchmark("kb_pages")
def kb_pages() -> list[Figure]:
    index = KnowledgeBaseIndexPage.objects.get(slug="bench-kb")
    topic = TopicPage.objects.child_of(index).order_by("path").first()
    article = ArticlePage.objects.child_of(topic).filter(requires_acknowledgement=True).last()
    in_topic = ArticlePage.objects.child_of(topic).count()
    client = _client()
    figures = []
    for name, url in (("kb_topic_page", topic.url), ("kb_article_page", article.url)):
        request = _get(client, url)
        context = {"articles_in_topic": in_topic}
        figures.append(Figure(f"{name}_ms", median_ms(request), "ms", context))
        figures.append(Figure(f"{name}_queries", query_count(request), "queries", context))
    return figures

"""Forum board and topic pages over the scale data: a topic of 10 posts and one of 10,000,
read by a team leader (forums.scale)."""

from urllib.parse import urlencode

from django.test import Client

from bench.registry import Figure, benchmark
from bench.timing import median_ms, query_count, settle
from forums.models import Board, PostTerm, Topic, TopicTerm
from forums.scale import bench_reader
from lms.search import parse_query


def _get(client: Client, url: str):
    def request():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return request


@benchmark("forum_pages")
def forum_pages() -> list[Figure]:
    client = Client()
    client.force_login(bench_reader())
    figures = []
    for title, label in (("bench-topic-10", "10"), ("bench-topic-10000", "10000")):
        topic = Topic.objects.select_related("board").get(board__slug="bench-board", title=title)
        context = {"posts": topic.post_count}
        # The last page, where a reader of a long topic usually lands.
        request = _get(client, f"/ar/forums/topics/{topic.pk}/?page=last")
        figures.append(Figure(f"topic_page_ms_{label}", median_ms(request), "ms", context))
        figures.append(
            Figure(f"topic_page_queries_{label}", query_count(request), "queries", context)
        )
    board = _get(client, "/ar/forums/boards/bench-board/")
    context = {"posts": topic.board.post_count}
    figures.append(Figure("board_page_ms_10000", median_ms(board), "ms", context))
    figures.append(Figure("board_page_queries_10000", query_count(board), "queries", context))
    search = _get(client, "/ar/forums/search/?q=الحشود")
    figures.append(Figure("forum_search_ms_10000", median_ms(search), "ms", context))
    return figures


@benchmark("forum_search")
def forum_search() -> list[Figure]:
    """A common word (in about one post in six) and a rare pair over 100,000 posts."""
    settle("forums_postterm", "forums_topicterm")
    client = Client()
    client.force_login(bench_reader())
    board = Board.objects.get(slug="bench-search")
    figures = []
    for label, query in (("", "الحشود"), ("_two_words", "المظلات والمراوح")):
        url = "/ar/forums/search/?" + urlencode({"q": query})
        terms = parse_query(query, "ar").terms
        matching = PostTerm.objects.filter(board=board, term__in=terms).count()
        # What a reader's search reads: the topics' terms, summed over their posts.
        topic_rows = TopicTerm.objects.filter(board=board, term__in=terms).count()
        context = {
            "posts": board.post_count,
            "query": query,
            "matching_term_rows": matching,
            "matching_topic_term_rows": topic_rows,
        }
        request = _get(client, url)
        figures.append(Figure(f"forum_search_ms_100000{label}", median_ms(request), "ms", context))
        figures.append(
            Figure(f"forum_search_queries_100000{label}", query_count(request), "queries", context)
        )
    return figures

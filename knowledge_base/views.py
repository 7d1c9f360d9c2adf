"""Knowledge base screens: the index, topic and article pages (served by Wagtail), search,
the list of articles waiting for the reader, and "I have read and accept". Rules live in
rules, services and selectors; views translate outcomes."""

from collections.abc import Sequence

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from knowledge_base import selectors, services
from knowledge_base.forms import SearchForm
from knowledge_base.models import ArticlePage, KnowledgeBaseIndexPage, TopicPage
from knowledge_base.rules import may_read
from knowledge_base.search import Ranking
from lms.pages import interface_url

PER_PAGE = 20


def index_page(request: HttpRequest, index: KnowledgeBaseIndexPage) -> HttpResponse:
    context = {"page": index, "self": index, "form": SearchForm()}
    context.update(selectors.index_page_context(index_page=index, user=request.user))
    return TemplateResponse(request, index.template, context)


def topic_page(request: HttpRequest, topic: TopicPage) -> HttpResponse:
    articles = Paginator(selectors.topic_article_ids(topic=topic, user=request.user), PER_PAGE)
    shown = articles.get_page(request.GET.get("page"))
    shown.object_list = selectors.with_acknowledgement_states(
        request.user, selectors.articles_listed(shown.object_list)
    )
    context = {"page": topic, "self": topic, "articles": shown, "form": SearchForm()}
    return TemplateResponse(request, topic.template, context)


def article_page(request: HttpRequest, article: ArticlePage) -> HttpResponse:
    """An article outside the reader's audience or section does not exist for them; a
    visitor is asked to sign in first, since it may be theirs once signed in."""
    if not may_read(request.user, article):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    context = {"page": article, "self": article}
    context.update(selectors.article_page_context(article=article, user=request.user))
    return TemplateResponse(request, article.template, context)


def knowledge_base_home(request: HttpRequest) -> HttpResponse:
    """The knowledge base in the page's language (the address the site's menu links to)."""
    index = selectors.knowledge_base_for_language()
    if index is None:
        raise Http404
    return redirect(interface_url(index, request))


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    context = {"form": form, "query": "", "results": None, "some_words": False}
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        language = translation.get_language()
        ranking, results = _ranked_page(request, query=query, language=language)
        results.object_list = selectors.with_acknowledgement_states(
            request.user,
            selectors.search_results(ranking=ranking, ids=results.object_list),
        )
        context.update(query=query, results=results, some_words=ranking.some_words)
    return TemplateResponse(request, "knowledge_base/search.html", context)


class _Found(Sequence):
    """The articles found, as the paginator sees them: ``count`` long, holding the ids of
    the page ranked (the ranking keeps only the page shown)."""

    def __init__(self, ranking: Ranking, start: int):
        self.ranking, self.start = ranking, start

    def __len__(self) -> int:
        return self.ranking.count

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("only the page ranked can be read")
        return self.ranking.ids[index.start - self.start : index.stop - self.start]


def _ranked_page(request: HttpRequest, *, query: str, language: str) -> tuple[Ranking, Page]:
    """The page of results asked for (the first if the number is not one, the last if it
    is past the end), ranked: one ranking, two when the number is past the end."""
    try:
        number = max(int(request.GET.get("page", 1)), 1)
    except (TypeError, ValueError):
        number = 1

    def ranked(number: int) -> tuple[Ranking, Paginator]:
        start = (number - 1) * PER_PAGE
        ranking = selectors.search_ranking(
            query=query, user=request.user, language=language, start=start, stop=start + PER_PAGE
        )
        return ranking, Paginator(_Found(ranking, start), PER_PAGE)

    ranking, paginator = ranked(number)
    if number > 1 and not ranking.ids:
        # Past the end: rank the first page, which says how many pages there are, then the last.
        ranking, paginator = ranked(1)
        if paginator.num_pages > 1:
            number = paginator.num_pages
            ranking, paginator = ranked(number)
        else:
            number = 1
    return ranking, paginator.page(number)


@login_required
def pending(request: HttpRequest) -> HttpResponse:
    context = {"pending": selectors.pending_acknowledgements(request.user)}
    return TemplateResponse(request, "knowledge_base/pending.html", context)


@login_required
@require_POST
def acknowledge(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(ArticlePage.objects.live(), pk=article_id)
    if not may_read(request.user, article):
        raise Http404
    try:
        services.acknowledgement_create(user=request.user, article=article)
    except services.AcknowledgementRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Thank you: your acknowledgement is recorded."))
    return redirect(interface_url(article, request))

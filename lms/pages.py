"""Page-tree helpers shared by the apps whose pages have one child type per level or are
served by a view of their own app, and the language fallback every page type is served
through (``serve``): a page without a translation in the reader's language is read in the
language it is written in, inside an interface that keeps the reader's language."""

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Substr
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.module_loading import import_string
from wagtail import hooks
from wagtail.models import Locale, Page, Site

from lms.admin_forms import ManaraPageForm
from lms.i18n import text_direction
from lms.pagecache import cached_route, site_for_request


def route_to_child(parent: Page, request, path_components, child_model):
    """Wagtail's routing, one query per level instead of two: the parent allows one page
    type only, so the child is read straight from its own model, with its locale (pages are
    marked up in the language they are written in) and its parent cached."""
    slug, *remaining = path_components
    child = child_model.objects.child_of(parent).filter(slug=slug).select_related("locale").first()
    if child is None:
        raise Http404
    child._cached_parent_obj = parent
    return child.route(request, remaining)


class ServedByView:
    """A page whose screen is a view in its app's ``views.py``, called as
    ``view(request, page)``.

    The page names its view by dotted path (``serve_view``) instead of importing it, so
    models never import views (views import models); the view is imported here, the first
    time such a page is served.
    """

    serve_view: str
    # Every page served by a view of its app is edited with Manara's page form.
    base_form_class = ManaraPageForm

    def serve(self, request, *args, **kwargs) -> HttpResponse:
        return page_view(self.serve_view)(request, self)


@functools.cache
def page_view(dotted_path: str) -> Callable[..., HttpResponse]:
    """The view at ``dotted_path``, imported once per process."""
    return import_string(dotted_path)


# Language fallback: a page is read in the language it is written in when it has no
# translation in the reader's language, and the interface keeps the reader's language.

_LANGUAGE_PREFIX = re.compile(r"^(?P<origin>[a-z][a-z0-9+.-]*://[^/]+)?/(?P<code>[a-z]{2,3})(?=/)")


def interface_url(page: Page, request=None, language: str | None = None) -> str:
    """The address of ``page`` with the interface in ``language`` (the active one by
    default), whatever language the page is written in: ``/en/courses/first-aid/`` for the
    Arabic course read by an English reader. No query beyond Wagtail's own ``get_url``."""
    if request is not None and not hasattr(request, "_wagtail_site"):
        site_for_request(request)
    url = page.get_url(request) or ""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    match = _LANGUAGE_PREFIX.match(url)
    if match is None or match["code"] == language or match["code"] not in _language_codes():
        return url
    return f"{match['origin'] or ''}/{language}{url[match.end() :]}"


@functools.cache
def _language_codes() -> frozenset[str]:
    return frozenset(code for code, _name in settings.LANGUAGES)


@dataclass(frozen=True)
class ContentLanguage:
    """The language a page is written in, as the reader's page marks it."""

    code: str
    direction: str
    name: str  # in the reader's language
    is_fallback: bool  # written in another language than the interface's


@functools.cache
def _locale_languages() -> dict[int, str]:
    """Language code per locale id. A handful of rows, read once per process and again when
    a locale is saved or deleted (``lms.signal_handlers``) or an unknown id is asked for."""
    return dict(Locale.all_objects.values_list("pk", "language_code"))


def forget_locale_languages() -> None:
    _locale_languages.cache_clear()


def language_of(page: Page) -> str:
    """The language ``page`` is written in, without a query: its selected locale, else the
    process's table of locales."""
    if "locale" in page._state.fields_cache:
        return page.locale.language_code
    code = _locale_languages().get(page.locale_id)
    if code is None:
        forget_locale_languages()
        code = _locale_languages().get(page.locale_id, settings.LANGUAGE_CODE)
    return code


def content_language(page: Page, language: str | None = None) -> ContentLanguage:
    """What language ``page`` is written in, and whether that differs from the interface
    language (``language``, the active one by default). No query."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    code = language_of(page)
    return ContentLanguage(
        code=code,
        direction=text_direction(code),
        name=str(dict(settings.LANGUAGES).get(code, code)),
        is_fallback=code != language,
    )


def route_with_fallback(request, path: str):
    """Wagtail's routing (the page tree of the reader's language, or of the site's root when
    that language has none), and when it finds nothing, the same path in the tree of every
    other language, the site's default language first. So ``/en/courses/first-aid/`` finds
    the Arabic course when no English catalogue or course exists. Costs nothing more when
    the first routing succeeds."""
    found = Page.route_for_request(request, path)
    if found is not None:
        return found
    site = Site.find_for_request(request)
    if site is None:
        return None
    components = [component for component in path.split("/") if component]
    language = translation.get_language()
    default = settings.LANGUAGE_CODE
    roots = sorted(
        site.root_page.get_translations(inclusive=True).select_related("locale"),
        key=lambda root: (root.locale.language_code != default, root.path),
    )
    for root in roots:
        if root.locale.language_code == language:
            continue  # Wagtail's own routing looked there
        try:
            found = root.specific.route(request, components)
        except Http404:
            continue
        break
    request._wagtail_route_for_request = found
    return found


def serve(request, path: str) -> HttpResponse:
    """Wagtail's ``serve`` view with the language fallback: a page read in another language
    than the interface's is served when it has no live translation in the interface
    language, and redirects to that translation when it has one. Never a 404 for a page
    that exists in some language."""
    found = cached_route(request, path, route_with_fallback)
    if found is None:
        raise Http404
    page, args, kwargs = found
    language = translation.get_language()
    if language_of(page) != language:
        translated = (
            Page.objects.live()
            .filter(translation_key=page.translation_key, locale__language_code=language)
            .only("url_path", "path", "depth", "locale_id")
            .first()
        )
        if translated is not None:
            url = translated.get_url(request)
            # Not to the same address: Wagtail routes past a translation whose ancestors
            # are not live, and a redirect to it would come straight back here.
            if url and urlsplit(url).path != request.path:
                query = request.META.get("QUERY_STRING")
                return redirect(f"{url}?{query}" if query else url)

    def serve_chain(page, request, args, kwargs):
        return page.serve(request, *args, **kwargs)

    chain = serve_chain
    for hook in reversed(hooks.get_hooks("on_serve_page")):
        chain = hook(chain)
    for hook in hooks.get_hooks("before_serve_page"):
        result = hook(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return chain(page, request, args, kwargs)


def reading_rank(language: str | None = None) -> Case:
    """How well a page's language suits the reader, for ordering a translation family: 0 in
    the reader's language, 1 in the site's default language (the office writes in it), 2
    in another."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return Case(
        When(locale__language_code=language, then=Value(0)),
        When(locale__language_code=settings.LANGUAGE_CODE, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def family_children(queryset: QuerySet, parent: Page, language: str | None = None) -> QuerySet:
    """``queryset`` (pages of one model) narrowed to the children of ``parent`` and of its
    translations, one page per translation family: the version in the reader's
    language where there is one, else in the default language, else the oldest. Translated
    pages come first, each group in the order of its page tree. One query when evaluated:
    the families are compared in the database, so it paginates."""
    parents = Page.objects.live().filter(translation_key=parent.translation_key, depth=parent.depth)
    candidates = queryset.filter(depth=parent.depth + 1).annotate(
        parent_path=Substr("path", 1, parent.depth * Page.steplen)
    )
    candidates = candidates.filter(parent_path__in=parents.values("path"))
    rank = reading_rank(language)
    better = (
        candidates.annotate(family_rank=rank)
        .filter(translation_key=OuterRef("translation_key"))
        .filter(
            Q(family_rank__lt=OuterRef("reading_rank"))
            | Q(family_rank=OuterRef("reading_rank"), pk__lt=OuterRef("pk"))
        )
    )
    return (
        candidates.annotate(reading_rank=rank)
        .exclude(Exists(better.values("pk")))
        .order_by("reading_rank", "path")
    )


def may_read_page(request, page: Page) -> bool:
    """Whether the person making ``request`` may read ``page`` where it is served: it has an
    address, its view restrictions (sign-in, groups, password) let them in, and no app's
    reading rule refuses them (an article's audience and section). For actions taken on a
    page outside its own view, so that they tell nothing about a page the person could not
    open. Apps with a reading rule of their own register it as a ``page_reading_rule``
    hook: ``(user, page) -> bool | None`` (None: not my page type)."""
    if not page.live or not page.get_url(request):
        return False
    if any(not restriction.accept_request(request) for restriction in page.get_view_restrictions()):
        return False
    specific = page.specific
    return all(
        rule(request.user, specific) is not False for rule in hooks.get_hooks(PAGE_READING_RULE)
    )


PAGE_READING_RULE = "page_reading_rule"

"""Shared caches of what every request to a page asks and hardly ever changes: the site of
the request, the route from an address to its page (with the page's view restrictions),
and a person's roles.

They live in the Django cache (Redis in production), never in a process, so every process
sees the same invalidation, and it goes through the keys: each key carries a generation
(a random token stored in the cache) that signal handlers (``lms.signal_handlers``)
replace when what the entries were read from changes. The page tree's generation changes
with any page saved, published, unpublished, moved or deleted, any view restriction, site
or locale saved or deleted; the roles' generation with any change of a person's groups.
A replaced generation makes every entry under the old one unreachable (they expire on
their own). Nothing stored here depends on who asks: routes and sites are the same for
everyone, and roles are stored under the person's own id.

The generation is replaced at once and again when the transaction commits, so a request
that read the database before the commit cannot leave its old reading under the new key.
"""

import hashlib
import uuid
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction
from django.http import Http404
from django.utils import translation
from wagtail.models import Site

PAGES = "manara:pages:generation"
ROLES = "manara:roles:generation"
TIMEOUT = 60 * 60  # an entry unread for an hour goes; a generation never expires
_NONE = "none"  # a cached "no site": None cannot be told from a miss


# The generations read during the current request (``RequestGenerationsMiddleware``): a
# request reads each one once, so everything it shows comes from one reading of the tree.
_read_in_request: ContextVar[dict | None] = ContextVar("manara_generations", default=None)


class RequestGenerationsMiddleware:
    """Keeps the generations a request reads for the rest of that request, whichever code
    asks (with the request in hand or not), so each costs one cache read per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reset = _read_in_request.set({})
        try:
            return self.get_response(request)
        finally:
            _read_in_request.reset(reset)


def generation(name: str) -> str:
    """The current token of generation ``name``, kept for the rest of the request once read
    (``RequestGenerationsMiddleware``), so a request sees one reading of it throughout."""
    read = _read_in_request.get()
    if read is not None and (known := read.get(name)):
        return known
    token = cache.get(name)
    if token is None:
        token = uuid.uuid4().hex
        if not cache.add(name, token, timeout=None):
            token = cache.get(name) or token
    if read is not None:
        read[name] = token
    return token


def generation_replace(name: str) -> None:
    """Make every entry of generation ``name`` unreachable, now and when the current
    transaction commits."""

    def replace():
        token = uuid.uuid4().hex
        cache.set(name, token, timeout=None)
        if (read := _read_in_request.get()) is not None:
            read[name] = token

    replace()
    transaction.on_commit(replace)


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def site_for_request(request) -> Site | None:
    """``Site.find_for_request`` read from the shared cache; kept on the request where
    Wagtail looks for it first (``request._wagtail_site``), so its own calls cost nothing."""
    if request is None:
        return None
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    host = f"{request._get_raw_host()}|{request.get_port()}"
    key = f"manara:site:{generation(PAGES)}:{_digest(host)}"
    site = cache.get(key)
    if site is None:
        site = Site._find_for_request(request)
        cache.set(key, site or _NONE, TIMEOUT)
    elif site == _NONE:
        site = None
    request._wagtail_site = site
    return site


def cached_route(request, path: str, route):
    """The route of ``path`` for ``request`` (``(page, args, kwargs)`` or None): from the
    shared cache by site, language and path, else from ``route(request, path)``, which is
    then stored with the page's view restrictions. A route that finds nothing is not
    stored. The page comes back with its view restrictions in hand, so Wagtail's check of
    them costs no query (``get_view_restrictions`` answers from the cached list)."""
    if hasattr(request, "_wagtail_route_for_request"):
        return request._wagtail_route_for_request
    site = site_for_request(request)
    if site is None:
        return None
    language = translation.get_language() or ""
    token = generation(PAGES)
    key = f"manara:route:{token}:{site.pk}:{language}:{_digest(path)}"
    stored = cache.get(key)
    if stored is None:
        try:
            found = route(request, path)
        except Http404:
            found = None
        if found is None:
            request._wagtail_route_for_request = None
            return None
        page, args, kwargs = found
        restrictions = list(page.get_view_restrictions())
        cache.set(key, (page, args, kwargs, restrictions), TIMEOUT)
    else:
        page, args, kwargs, restrictions = stored
    page.get_view_restrictions = lambda: restrictions
    found = (page, args, kwargs)
    request._wagtail_route_for_request = found
    return found


def cached_roles(user, read) -> set[str]:
    """``read(user)`` (the names of the user's groups), stored in the shared cache under
    the user's own id."""
    key = f"manara:roles:{generation(ROLES)}:{user.pk}"
    names = cache.get(key)
    if names is None:
        names = set(read(user))
        cache.set(key, names, TIMEOUT)
    return names


def cached_per_page_tree(name: str, parts: tuple, compute):
    """A value read from the page tree (the same for everyone who shares ``parts``: say a
    language and a site), stored until the page tree changes."""
    language = translation.get_language() or ""
    key = f"manara:{name}:{generation(PAGES)}:{language}:" + _digest(repr(parts))
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value

"""Walk every URL pattern the project serves and turn each into a path to request."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

# Numbers even for str: Wagtail's choosers take a str pk and fail on letters (a 500, not a leak).
SAMPLES = {
    "int": "1",
    "str": "1",
    "slug": "x",
    "path": "x/y",
    "uuid": "0" * 8 + "-0000-0000-0000-" + "0" * 12,
}
ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
NAMED_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


@dataclass(frozen=True)
class UrlCase:
    route: str  # the pattern as written, e.g. "<lang>/accounts/profile/"
    name: str | None
    path: str  # a concrete path to request
    has_parameters: bool


def _route_sample(route: str) -> str:
    return ROUTE_PARAMETER.sub(lambda m: SAMPLES[m.group("converter") or "str"], route)


def _regex_sample(regex: str) -> str:
    sample = regex.lstrip("^").rstrip("$")
    sample = NAMED_GROUP.sub("1", sample)
    # The few unnamed groups Wagtail uses: a page path, a document id and file name.
    sample = sample.replace(r"((?:[\w\-]+/)*)", "x/")
    sample = sample.replace(r"(\d+)/(.*)", "1/x.pdf")
    sample = sample.replace(r"\.\.\.", "...")
    sample = sample.replace(".*/", "x/")
    return _route_sample(sample)


def walk(patterns=None, route="", path="", parameters=False):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        pattern = entry.pattern
        if isinstance(pattern, LocalePrefixPattern):
            piece_route, piece_path, has = "<lang>/", "ar/", False
        elif isinstance(pattern, RoutePattern):
            piece_route = str(pattern._route)
            piece_path = _route_sample(piece_route)
            has = piece_route != piece_path
        elif isinstance(pattern, RegexPattern):
            piece_route = str(pattern._regex)
            piece_path = _regex_sample(piece_route)
            has = "(" in piece_route
        else:  # pragma: no cover - a new kind of pattern must be taught here
            raise TypeError(pattern)
        if isinstance(entry, URLResolver):
            yield from walk(
                entry.url_patterns, route + piece_route, path + piece_path, parameters or has
            )
        elif isinstance(entry, URLPattern):
            yield UrlCase(
                route + piece_route, entry.name, "/" + path + piece_path, parameters or has
            )


def all_url_cases() -> list[UrlCase]:
    return list(walk())

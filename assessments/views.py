"""H5P screens: the isolated player, the package's files, and the endpoints its reports go
to. Rules live in services; views translate outcomes.

How an H5P package is kept from running script with a volunteer's session
-------------------------------------------------------------------------
H5P content is JavaScript written by whoever made the package, and packages may carry SVG
files with scripts in them. None of it may run in the platform's origin, where it could
read the page, the CSRF token or act with the volunteer's session. We chose one origin
with an isolated path over a second domain, because a second domain needs its own DNS,
certificate and cookie rules in every deployment, and the sandbox gives the same guarantee:

* The lesson page embeds ``h5p_player`` in ``<iframe sandbox="allow-scripts">``, and the
  player's response carries ``Content-Security-Policy: sandbox allow-scripts`` as well, so
  even opened on its own it runs in an opaque origin: no cookies, no storage, no access to
  the parent page, no same-origin requests with the session, no forms, no pop-ups.
* The package's files (``h5p_file``) are served with ``sandbox`` and ``script-src 'none'``
  and ``nosniff``: an SVG opened directly renders as an inert image. Their addresses carry
  a signed, expiring token because the sandboxed frame has no session cookie to send.
* The player's policy allows media from other hosts only as the package's trainer
  confirmed them (``H5PPackage.media_hosts``, see :func:`player_policy`), never ``*``;
  YouTube and Vimeo only through their privacy-enhanced players.
* Everything the frame loads (package files, shared libraries, the player's own styles
  and fonts) is requested from the opaque origin "null", so it is served with CORS headers
  and its preflight (``OPTIONS``) is answered.
* The player talks to the platform only by ``postMessage`` to the lesson page, whose own
  script (``h5p-activity.js``) accepts messages from that frame alone and posts them with
  the volunteer's session and CSRF token to ``h5p_xapi``; the server then decides
  everything from the signed activity token, never from the frame's word.
"""

import mimetypes
from pathlib import PurePosixPath

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import IntegrityError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments import selectors, services
from assessments.activity import activity_from_token, files_token, package_uuid_from_token
from assessments.h5p import MEDIA_HOST, VIMEO, YOUTUBE
from assessments.models import H5PLibrary, H5PPackage
from assessments.storage import h5p_storage
from lms.jsonbody import JSONBodyRefused, read_json

MAX_STATEMENT_BYTES = 64 * 1024
# An xAPI statement nests about eight levels (context, activities, definitions, extensions).
MAX_STATEMENT_DEPTH = 32

# The player's policy before any media host is added (see player_policy).
PLAYER_POLICY = (
    # H5P core and its jQuery evaluate strings; inside the opaque origin that reaches
    # nothing of the platform's, so 'unsafe-eval' is allowed here and nowhere else.
    "sandbox allow-scripts; default-src 'none'; script-src 'self' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; font-src 'self' data:; connect-src 'self'; frame-src 'self'; "
    "form-action 'none'; base-uri 'none'; object-src 'none'; frame-ancestors 'self'"
)
# What a confirmed privacy-enhanced player needs: its API script and its frame.
PRIVACY_PLAYERS = {
    YOUTUBE: {"script-src": "https://www.youtube.com", "frame-src": f"https://{YOUTUBE}"},
    VIMEO: {"script-src": f"https://{VIMEO}", "frame-src": f"https://{VIMEO}"},
}


def player_policy(package: H5PPackage) -> str:
    """The player's Content-Security-Policy for ``package``: PLAYER_POLICY, plus the media
    hosts the trainer confirmed that its content names (media and images from a plain
    host; the API script and frame of YouTube's or Vimeo's privacy-enhanced player). A
    host is added only if it is a plain host name, so no entry can widen the policy."""
    named = set(package.media_hosts_named or [])
    hosts = [
        host
        for host in package.media_hosts or []
        if isinstance(host, str) and host in named and MEDIA_HOST.match(host)
    ]
    extra: dict[str, list[str]] = {}
    for host in sorted(set(hosts)):
        if host in PRIVACY_PLAYERS:
            for directive, source in PRIVACY_PLAYERS[host].items():
                extra.setdefault(directive, []).append(source)
        else:
            for directive in ("img-src", "media-src"):
                extra.setdefault(directive, []).append(host)
    directives = []
    for directive in PLAYER_POLICY.split("; "):
        name = directive.split(" ", 1)[0]
        directives.append(" ".join([directive, *extra.get(name, [])]))
    return "; ".join(directives)


FILE_POLICY = (
    "sandbox; default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; "
    "img-src data:; frame-ancestors 'none'"
)
TYPES = {
    ".js": "text/javascript",
    ".json": "application/json",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".md": "text/plain",
}


def _direction(language: str) -> str:
    if not language:
        return "auto"
    try:
        return "rtl" if get_language_info(language)["bidi"] else "ltr"
    except KeyError:
        return "ltr"


@require_GET
@xframe_options_sameorigin
def h5p_player(request: HttpRequest, token: str) -> HttpResponse:
    """The player page inside the lesson's sandboxed frame (see the module's docstring)."""
    activity = activity_from_token(token)
    if activity is None:
        raise Http404
    package = get_object_or_404(H5PPackage, pk=activity.package_id)
    # The content's own language sets its direction; a package that does not say
    # ("und") reads in the direction of its first letters (dir="auto").
    language = (package.language or "").split("-")[0].lower()
    token = files_token(package)
    files = request.build_absolute_uri(reverse("h5p_file", args=[token, "h5p.json"]))
    files = files.rsplit("/", 1)[0]
    libraries = files
    if package.libraries_shared:
        libraries = request.build_absolute_uri(reverse("h5p_library", args=[token, "x"]))
        libraries = libraries.rsplit("/", 1)[0]
    hosts = set(package.media_hosts or []) & set(package.media_hosts_named or [])
    config = {
        "id": str(activity.block_id),
        "h5pJsonPath": files,
        "librariesPath": libraries,
        "frameJs": request.build_absolute_uri(static("vendor/h5p-standalone/frame.bundle.js")),
        "frameCss": _asset_url(request, "vendor/h5p-standalone/styles/h5p.css"),
        "fontCss": _asset_url(request, "assessments/css/h5p-frame.css"),
        "parentOrigin": request.build_absolute_uri("/").rstrip("/"),
        "xAPIObjectIRI": activity_iri(request, activity),
        "youtube": YOUTUBE in hosts,
        "vimeo": VIMEO in hosts,
        "state": selectors.saved_state(
            user_id=activity.user_id, lesson_key=activity.lesson_key, block_id=activity.block_id
        ),
    }
    context = {"config": config, "language": language or "und", "direction": _direction(language)}
    response = TemplateResponse(request, "assessments/h5p_player.html", context)
    response["Content-Security-Policy"] = player_policy(package)
    response["Cache-Control"] = "private, no-store"
    return response


def activity_iri(request: HttpRequest, activity) -> str:
    """The xAPI activity IRI of an H5P block: its course's translation key and the block's
    id, on the platform's address. It never changes with the file addresses (their tokens
    expire) nor between translations of the course, so reports group one activity as one.
    H5P adds ``?subContentId=...`` for the questions inside a container."""
    return request.build_absolute_uri(
        f"/xapi/activities/h5p/{activity.course_key or activity.lesson_key}/{activity.block_id}"
    )


def _asset_url(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(reverse("h5p_asset", args=[path]))


# Answering the preflight of the opaque origin's requests (audio with a Range header, fonts).
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Range, Content-Type, Accept, Origin, X-Requested-With",
    "Access-Control-Expose-Headers": "Content-Length, Content-Range, Accept-Ranges",
    "Access-Control-Max-Age": "86400",
    "Cross-Origin-Resource-Policy": "cross-origin",
}


def _preflight() -> HttpResponse:
    response = HttpResponse(status=204)
    for name, value in CORS_HEADERS.items():
        response[name] = value
    return response


def _clean_path(path: str) -> str | None:
    parts = PurePosixPath(path).parts
    if not parts or ".." in parts or "\\" in path or path.startswith("/") or "\x00" in path:
        return None
    return path


def _serve(name: str, path: str, *, opener=None) -> HttpResponse:
    """A stored file, inert when opened on its own, readable by the opaque origin."""
    try:
        handle = (opener or h5p_storage().open)(name, "rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404 from None
    suffix = PurePosixPath(path).suffix.lower()
    content_type = TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Content-Security-Policy"] = FILE_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    # The player runs in an opaque origin ("null") and fetches JSON, fonts and audio from
    # here; the token in the address, not a cookie, is what grants access, so any origin
    # may read it.
    for header, value in CORS_HEADERS.items():
        response[header] = value
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_http_methods(["GET", "HEAD", "OPTIONS"])
def h5p_file(request: HttpRequest, token: str, path: str) -> HttpResponse:
    """A file of an unpacked package's content (or, for a package stored before libraries
    were shared, of its libraries), inert when opened on its own (see the docstring)."""
    if request.method == "OPTIONS":
        return _preflight()
    package_uuid = package_uuid_from_token(token)
    if package_uuid is None or _clean_path(path) is None:
        raise Http404
    return _serve(f"packages/{package_uuid}/{path}", path)


def _library_folders(package_uuid) -> dict[str, str]:
    """The stored folder of each library the package bundles, by the name players ask for
    (``H5P.Video-1.5``). A package's libraries never change, so the answer is cached."""
    key = services.library_folders_key(package_uuid)
    folders = cache.get(key)
    if folders is None:
        rows = H5PLibrary.objects.filter(packages__uuid=package_uuid).values_list(
            "machine_name", "major_version", "minor_version", "folder"
        )
        folders = {f"{name}-{major}.{minor}": folder for name, major, minor, folder in rows}
        if folders:
            cache.set(key, folders, 24 * 60 * 60)
    return folders


@require_http_methods(["GET", "HEAD", "OPTIONS"])
def h5p_library(request: HttpRequest, token: str, path: str) -> HttpResponse:
    """A file of one of the shared libraries the package bundles; the package's token
    grants its own libraries only."""
    if request.method == "OPTIONS":
        return _preflight()
    package_uuid = package_uuid_from_token(token)
    if package_uuid is None or _clean_path(path) is None or "/" not in path:
        raise Http404
    wanted, rest = path.split("/", 1)
    folder = _library_folders(package_uuid).get(wanted)
    if folder is None:
        raise Http404
    return _serve(f"libraries/{folder}/{rest}", rest)


# The platform's own files the frame loads: H5P's core styles (and the fonts they name) and
# the player's font faces. Only these folders, and only from the collected static files.
ASSET_PREFIXES = (
    "vendor/h5p-standalone/styles/",
    "vendor/h5p-standalone/fonts/",
    "vendor/h5p-standalone/images/",
    "vendor/noto-naskh-arabic/",
    "vendor/noto-sans/",
    "assessments/css/",
)


def _open_static(name: str, mode: str = "rb"):
    try:
        return staticfiles_storage.open(name, mode)
    except (FileNotFoundError, OSError, ValueError):
        # Development and tests serve static files from the apps' folders, uncollected.
        found = finders.find(name)
        if not found:
            raise FileNotFoundError(name) from None
        return open(found, mode)  # noqa: SIM115 - FileResponse closes it


@require_http_methods(["GET", "HEAD", "OPTIONS"])
def h5p_asset(request: HttpRequest, path: str) -> HttpResponse:
    """A static file of the player (core styles, fonts) with the CORS headers the opaque
    origin needs; static files themselves are served without them."""
    if request.method == "OPTIONS":
        return _preflight()
    if _clean_path(path) is None or not path.startswith(ASSET_PREFIXES):
        raise Http404
    response = _serve(path, path, opener=_open_static)
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _json_body(request: HttpRequest, limit: int = MAX_STATEMENT_BYTES):
    try:
        body = read_json(request, max_bytes=limit, max_depth=MAX_STATEMENT_DEPTH)
    except JSONBodyRefused as refused:
        raise services.StatementRefused(refused.message, refused.status) from None
    if not isinstance(body, dict):
        raise services.StatementRefused(_("The report must be a JSON object."))
    activity = activity_from_token(str(body.get("activity", "")))
    if activity is None:
        raise services.StatementRefused(_("This activity has expired; reload the lesson."), 403)
    return body, activity


def _refusal(refused: services.StatementRefused) -> JsonResponse:
    return JsonResponse({"error": refused.message}, status=refused.status)


@require_POST
def h5p_xapi(request: HttpRequest) -> HttpResponse:
    """Store one xAPI statement from the player; needs a session, CSRF and enrolment."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Sign in to record your results.")}, status=403)
    try:
        body, activity = _json_body(request)
        outcome = services.statement_record(
            user=request.user, activity=activity, statement=body.get("statement")
        )
    except services.StatementRefused as refused:
        return _refusal(refused)
    except IntegrityError:
        return JsonResponse({"stored": False, "duplicate": True})
    answer: dict = {"stored": True}
    if outcome.result is not None:
        result = outcome.result
        answer.update(
            passed=result.passed,
            scaled=result.scaled_score,
            raw=result.raw_score,
            max=result.max_score,
            lesson_completed=outcome.lesson_completed,
        )
    return JsonResponse(answer)


@require_POST
def h5p_state(request: HttpRequest) -> HttpResponse:
    """Keep the player's state so the learner finds the activity as they left it."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Sign in to record your results.")}, status=403)
    try:
        body, activity = _json_body(request, services.MAX_STATE_CHARS * 2)
        services.state_save(user=request.user, activity=activity, state=body.get("state"))
    except services.StatementRefused as refused:
        return _refusal(refused)
    return JsonResponse({"saved": True})

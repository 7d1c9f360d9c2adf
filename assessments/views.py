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
* The player talks to the platform only by ``postMessage`` to the lesson page, whose own
  script (``h5p-activity.js``) accepts messages from that frame alone and posts them with
  the volunteer's session and CSRF token to ``h5p_xapi``; the server then decides
  everything from the signed activity token, never from the frame's word.
"""

import mimetypes
from pathlib import PurePosixPath

from django.db import IntegrityError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from assessments import selectors, services
from assessments.activity import activity_from_token, files_token, package_uuid_from_token
from assessments.models import H5PPackage
from assessments.storage import h5p_storage
from lms.jsonbody import JSONBodyRefused, read_json

MAX_STATEMENT_BYTES = 64 * 1024
# An xAPI statement nests about eight levels (context, activities, definitions, extensions).
MAX_STATEMENT_DEPTH = 32

PLAYER_POLICY = (
    # H5P core and its jQuery evaluate strings; inside the opaque origin that reaches
    # nothing of the platform's, so 'unsafe-eval' is allowed here and nowhere else.
    "sandbox allow-scripts; default-src 'none'; script-src 'self' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; font-src 'self' data:; connect-src 'self'; frame-src 'self'; "
    "form-action 'none'; base-uri 'none'; object-src 'none'; frame-ancestors 'self'"
)
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
    files = request.build_absolute_uri(
        reverse("h5p_file", args=[files_token(package), "h5p.json"])
    ).rsplit("/", 1)[0]
    config = {
        "id": str(activity.block_id),
        "h5pJsonPath": files,
        "frameJs": request.build_absolute_uri(static("vendor/h5p-standalone/frame.bundle.js")),
        "frameCss": request.build_absolute_uri(static("vendor/h5p-standalone/styles/h5p.css")),
        "parentOrigin": request.build_absolute_uri("/").rstrip("/"),
        "state": selectors.saved_state(
            user_id=activity.user_id, lesson_key=activity.lesson_key, block_id=activity.block_id
        ),
    }
    context = {"config": config, "language": language or "und", "direction": _direction(language)}
    response = TemplateResponse(request, "assessments/h5p_player.html", context)
    response["Content-Security-Policy"] = PLAYER_POLICY
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def h5p_file(request: HttpRequest, token: str, path: str) -> HttpResponse:
    """A file of an unpacked package, inert when opened on its own (see the docstring)."""
    package_uuid = package_uuid_from_token(token)
    parts = PurePosixPath(path).parts
    if package_uuid is None or not parts or ".." in parts or "\\" in path or path.startswith("/"):
        raise Http404
    name = f"packages/{package_uuid}/{path}"
    storage = h5p_storage()
    try:
        handle = storage.open(name, "rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404 from None
    suffix = PurePosixPath(path).suffix.lower()
    content_type = TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Content-Security-Policy"] = FILE_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    # The player runs in an opaque origin ("null") and fetches JSON from here; the token in
    # the address, not a cookie, is what grants access, so any origin may read it.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Cache-Control"] = "private, max-age=3600"
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

"""One bounded reader for JSON request bodies.

``json.loads`` recurses once per nesting level, so a body of a few kilobytes of ``[[[[``
raises RecursionError (a 500) or worse; a huge body costs memory before anything is
checked. ``read_json`` checks the size first, then the nesting depth by scanning the bytes
once without recursion (brackets inside strings do not count), and only then parses.
Views turn ``JSONBodyRefused`` into a 400 (or 413) with its message.
"""

import json

from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 64 * 1024
DEFAULT_MAX_DEPTH = 32

_OPEN = frozenset(b"[{")
_CLOSE = frozenset(b"]}")
_QUOTE = ord('"')
_BACKSLASH = ord("\\")


class JSONBodyRefused(Exception):
    """The body is too large, too deeply nested or not JSON; ``message`` says which, in the
    user's language, and ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def nesting_depth(data: bytes, *, stop_above: int | None = None) -> int:
    """The deepest nesting of arrays and objects in ``data``, found iteratively. With
    ``stop_above``, the answer is only good for comparing with it: counting stops once the
    depth exceeds it, and a body with fewer brackets than that answers 0."""
    if stop_above is not None and data.count(b"[") + data.count(b"{") <= stop_above:
        return 0  # cannot nest deeper than it has brackets: the common case costs no loop
    depth = deepest = 0
    in_string = escaped = False
    for byte in data:
        if in_string:
            if escaped:
                escaped = False
            elif byte == _BACKSLASH:
                escaped = True
            elif byte == _QUOTE:
                in_string = False
        elif byte == _QUOTE:
            in_string = True
        elif byte in _OPEN:
            depth += 1
            if depth > deepest:
                deepest = depth
                if stop_above is not None and deepest > stop_above:
                    return deepest
        elif byte in _CLOSE:
            depth -= 1
    return deepest


def read_json(request, *, max_bytes: int = DEFAULT_MAX_BYTES, max_depth: int = DEFAULT_MAX_DEPTH):
    """The request's JSON body, parsed. Raises JSONBodyRefused (413) when the body (or its
    declared length) exceeds ``max_bytes`` and (400) when it nests deeper than
    ``max_depth`` or is not UTF-8 JSON; the body is never read past the limit."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > max_bytes:
        raise JSONBodyRefused(_("The request body is too large."), status=413)
    data = request.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise JSONBodyRefused(_("The request body is too large."), status=413)
    if nesting_depth(data, stop_above=max_depth) > max_depth:
        raise JSONBodyRefused(
            _("The request body is nested more than %(depth)d levels deep.") % {"depth": max_depth}
        )
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise JSONBodyRefused(_("The request body is not valid JSON.")) from None

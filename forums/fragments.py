"""The posts of a topic page as HTML, each post drawn once and then read from the shared
cache (Redis in production), all of a page's posts with one ``get_many``.

A post's key is a digest of everything its fragment is drawn from: the post as stored (its
HTML, its edit mark, whether it is hidden and why), its author's name as the page's
language writes it, its files, the language, the fragment's template, and what the reader
may do with the post (moderate, reply, edit, report it; new to them or not). An edit, a
hide, a renamed author, a new template or another language is another key, so nothing is
ever invalidated and nothing stale can be found; a deleted post is no longer on the page
and its fragment expires unread. What a moderator sees (hidden bodies, moderation forms)
is stored under keys no member's page asks for.

The forms in a post carry the reader's CSRF token, which must never be shared: fragments
are drawn with a placeholder that each page replaces with its own reader's token. The
placeholder is a whole ``<input>`` element, which nothing a member writes can produce (post
bodies keep no ``<input>``, ``forums.markdown``; names and file names are escaped).
"""

import functools
import hashlib
from collections.abc import Sequence

from django.core.cache import cache
from django.template import Context, Template
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from forums.models import Post

TEMPLATE = "forums/includes/post.html"
TIMEOUT = 60 * 60  # a fragment nobody read for an hour goes; keys never go stale
_CSRF_STAND_IN = "forum-post-csrf-placeholder"


@functools.cache
def _token_template() -> Template:
    return Template("{% csrf_token %}")


def _token_field(token: str) -> str:
    """The hidden field ``{% csrf_token %}`` writes for ``token``."""
    return _token_template().render(Context({"csrf_token": token}))


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _key(post: Post, shared: tuple) -> str:
    parts = (
        *shared,
        post.pk,
        post.topic_id,
        post.number,
        post.created_at,
        post.edited_at,
        post.is_hidden,
        post.hidden_reason,
        post.author.display_name,
        post.body_html,
        tuple(post.files),
        post.unread,
        post.first_unread,
        post.may_edit,
        post.by_reader,
    )
    return "manara:forum-post:" + _digest(repr(parts))


def rendered_posts(
    posts: Sequence[Post], *, csrf_token: str, may_reply: bool, may_moderate: bool
) -> SafeString:
    """The HTML of ``posts`` (as ``forums.selectors.topic_page`` prepares them) for the
    reader whose page carries ``csrf_token``."""
    if not posts:
        return mark_safe("")  # noqa: S308 - nothing to mark
    template = get_template(TEMPLATE)
    shared = (
        _digest(template.template.source),
        translation.get_language(),
        may_reply,
        may_moderate,
    )
    keys = [_key(post, shared) for post in posts]
    found = cache.get_many(keys)
    missing = {}
    for key, post in zip(keys, posts, strict=True):
        if key not in found:
            context = {
                "post": post,
                "may_reply": may_reply,
                "may_moderate": may_moderate,
                "csrf_token": _CSRF_STAND_IN,
            }
            missing[key] = found[key] = template.render(context)
    if missing:
        cache.set_many(missing, TIMEOUT)
    html = "".join(found[key] for key in keys)
    # Escaped and sanitised fragments cannot hold the placeholder field: only ours match.
    html = html.replace(_token_field(_CSRF_STAND_IN), _token_field(csrf_token))
    return mark_safe(html)  # noqa: S308 - fragments drawn by the autoescaping template

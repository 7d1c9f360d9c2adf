"""A small, safe Markdown for forum posts, sanitised with nh3.

No Markdown library is installed, and posts need little: paragraphs and line breaks,
**strong**, *emphasis*, `code`, fenced code blocks, "> " quotations (nested), "- " and "1. "
lists, [links](https://...) and bare https:// addresses, and @mentions by email address.

Safety does not rest on the parser: every character the author typed is HTML-escaped
before any markup is added, links are kept only for http, https and mailto, and the result
goes through nh3 with a short list of tags and attributes. Raw HTML in a post is shown as
text; it never becomes markup.
"""

import html
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "span",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_CLASSES = {"span": {"mention"}}
URL_SCHEMES = {"http", "https", "mailto"}

MENTION = re.compile(r"(?<![\w.@])@([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
FENCE = re.compile(r"^\s*```")
QUOTE = re.compile(r"^\s{0,3}&gt;\s?")
BULLET = re.compile(r"^\s{0,3}[-*+]\s+")
NUMBERED = re.compile(r"^\s{0,3}\d{1,9}[.)]\s+")
CODE_SPAN = re.compile(r"`([^`\n]+)`")
LINK = re.compile(r"\[([^\]\n]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)")
BARE_URL = re.compile(r"(?<![\w\"'=/])(https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]])")
STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
UNDERSCORE_EMPHASIS = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
PLACEHOLDER = "\x00{}\x00"


@dataclass
class Rendered:
    html: str
    mentions: list[str] = field(default_factory=list)  # email addresses, lower case


def safe_url(url: str) -> str | None:
    """The URL when it is an absolute http(s) or mailto address, else None."""
    candidate = html.unescape(url).strip()
    if any(ord(char) < 33 for char in candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in URL_SCHEMES:
        return None
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    return candidate


def sanitise(fragment: str) -> str:
    """Keep only harmless markup: the tags above, http(s)/mailto links with rel=nofollow."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def render(source: str) -> Rendered:
    """Markdown source to sanitised HTML, and the addresses it mentions."""
    mentions: list[str] = []
    # NUL marks the inline placeholders below, so an author may not type it.
    source = source.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    lines = html.escape(source).split("\n")
    body = _blocks(lines, mentions)
    seen: list[str] = []
    for address in mentions:
        if address not in seen:
            seen.append(address)
    return Rendered(html=sanitise(body), mentions=seen)


def _blocks(lines: list[str], mentions: list[str]) -> str:
    out: list[str] = []
    paragraph: list[str] = []
    index = 0

    def flush() -> None:
        if paragraph:
            out.append("<p>" + "<br>".join(_inline(line, mentions) for line in paragraph) + "</p>")
            paragraph.clear()

    while index < len(lines):
        line = lines[index]
        if FENCE.match(line):
            flush()
            code = []
            index += 1
            while index < len(lines) and not FENCE.match(lines[index]):
                code.append(lines[index])
                index += 1
            out.append("<pre><code>" + "\n".join(code) + "</code></pre>")
            index += 1  # the closing fence (or the end)
            continue
        if QUOTE.match(line):
            flush()
            quoted = []
            while index < len(lines) and QUOTE.match(lines[index]):
                quoted.append(QUOTE.sub("", lines[index], count=1))
                index += 1
            out.append("<blockquote>" + _blocks(quoted, mentions) + "</blockquote>")
            continue
        for pattern, tag in ((BULLET, "ul"), (NUMBERED, "ol")):
            if pattern.match(line):
                flush()
                items = []
                while index < len(lines) and pattern.match(lines[index]):
                    items.append(_inline(pattern.sub("", lines[index], count=1), mentions))
                    index += 1
                out.append(f"<{tag}>" + "".join(f"<li>{item}</li>" for item in items) + f"</{tag}>")
                break
        else:
            if line.strip():
                paragraph.append(line.strip())
            else:
                flush()
            index += 1
    flush()
    return "".join(out)


def _inline(text: str, mentions: list[str]) -> str:
    """Inline markup on already-escaped text. Code spans and links are set aside first so
    emphasis inside an address or a code sample is left alone."""
    kept: list[str] = []

    def keep(markup: str) -> str:
        kept.append(markup)
        return PLACEHOLDER.format(len(kept) - 1)

    text = CODE_SPAN.sub(lambda m: keep(f"<code>{m.group(1)}</code>"), text)

    def link(match: re.Match) -> str:
        label, url = match.group(1), safe_url(match.group(2))
        if url is None:
            return keep(label)  # an unsafe address keeps its words and loses the link
        return keep(f'<a href="{html.escape(url)}">{label}</a>')

    text = LINK.sub(link, text)

    def bare(match: re.Match) -> str:
        url = safe_url(match.group(1))
        if url is None:
            return match.group(1)
        return keep(f'<a href="{html.escape(url)}">{match.group(1)}</a>')

    text = BARE_URL.sub(bare, text)

    def mention(match: re.Match) -> str:
        mentions.append(match.group(1).lower())
        return keep(f'<span class="mention">@{match.group(1)}</span>')

    text = MENTION.sub(mention, text)
    text = STRONG.sub(r"<strong>\1</strong>", text)
    text = EMPHASIS.sub(r"<em>\1</em>", text)
    text = UNDERSCORE_EMPHASIS.sub(r"<em>\1</em>", text)
    for _depth in range(4):  # a link label may hold a code span or a mention
        if "\x00" not in text:
            break
        text = re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], text)
    return text


def quote(source: str, *, author: str) -> str:
    """The Markdown that quotes a post: a line naming its author, then each line of it
    behind "> ". Used to start a reply."""
    lines = [f"> **{author}**:"] + [f"> {line}" if line else ">" for line in source.splitlines()]
    return "\n".join(lines) + "\n\n"

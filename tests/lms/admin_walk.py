"""Walk the admin screens trainers and office staff use and report the English left in
the Arabic admin: visible text and labels (title, aria-label, placeholder, alt) in Latin
letters that are neither user content nor on the allow-list."""

import json
import re
from html import unescape
from html.parser import HTMLParser

from django.test import Client

# Names, codes and units that are written in Latin letters in Arabic too.
ALLOWED = {
    "Manara",
    "Wagtail",
    "H5P",
    "CSV",
    "XLSX",
    "PDF",
    "QR",
    "URL",
    "API",
    "ID",
    "SAR",
    "HTML",
    "JSON",
    "xAPI",
    "SVG",
    "PNG",
    "JPEG",
    "GIF",
    "WebP",
    "AVIF",
    "MB",
    "KB",
    "GB",
    "px",
    "Ctrl",
    "Cmd",
    "Alt",
    "Shift",
    "Enter",
    "Esc",
    "Markdown",
    "YouTube",
    "Vimeo",
    "RSS",
    "UTC",
    "AH",
    "FAQ",
    "Google",
    "OpenStreetMap",
    "SEO",
    "slug",
}
SKIP_TAGS = {"script", "style", "template", "svg", "code", "pre", "textarea", "noscript"}
LABEL_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "aria-description")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{2,}")
NOT_WORDS = re.compile(
    r"[0-9a-f]{8}-[0-9a-f-]{27}|\S+@\S+|https?://\S+|/\S+|\b[A-Z0-9]{4}(?:-[A-Z0-9]{4})+\b"
)


class VisibleText(HTMLParser):
    """Text a reader sees or hears on a page, outside scripts and outside what users typed
    (form values, the content of rich-text editors, user-content regions)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.skipping = 0
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        void = tag in {"input", "img", "br", "hr", "meta", "link", "source", "col", "wbr"}
        user_content = "data-w-user-content" in attrs or tag in SKIP_TAGS
        if not void:
            self.stack.append(tag)
            if self.skipping or user_content:
                self.skipping += 1
        if self.skipping:
            return
        for name in LABEL_ATTRIBUTES:
            if attrs.get(name):
                self.found.append(attrs[name])
        if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
            self.found.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack:
                open_tag = self.stack.pop()
                if self.skipping:
                    self.skipping -= 1
                if open_tag == tag:
                    break

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.found.append(data.strip())


def sidebar_labels(html: str) -> list[str]:
    """The labels of Wagtail's sidebar menu, which it renders from JSON."""
    match = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S)
    if not match:
        return []
    labels = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "label" and isinstance(value, str):
                    labels.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(json.loads(match.group(1)))
    return labels


TELEPATH_LABEL = re.compile(r'"(?:label|helpText|description)": ("(?:[^"\\]|\\.)*")')


def editor_labels(html: str) -> list[str]:
    """Block labels and help of StreamField editors and rich-text toolbars, which Wagtail
    ships to the browser as JSON inside attributes."""
    labels = []
    for raw in TELEPATH_LABEL.findall(unescape(html)):
        try:
            labels.append(json.loads(raw))
        except ValueError:
            continue
    return [label for label in labels if isinstance(label, str)]


def english_in(html: str, user_content: set[str]) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    texts = parser.found + sidebar_labels(html) + editor_labels(html)
    leftovers = set()
    for text in texts:
        if text in user_content:
            continue
        cleaned = NOT_WORDS.sub(" ", text)
        words = [w for w in LATIN_WORD.findall(cleaned) if w not in ALLOWED]
        if words and not any(part in text for part in user_content if len(part) > 3):
            leftovers.add(text[:120])
    return leftovers


def edit_links(html: str, limit: int = 2) -> list[str]:
    links = []
    for href in re.findall(r'href="(/admin/[^"?#]+/edit/[^"?#]*)"', html):
        if href not in links:
            links.append(href)
    return links[:limit]


def walk(client: Client, start: list[str], user_content: set[str]) -> dict[str, set[str]]:
    """English found on each page reached from ``start`` (and the first edit screens of
    each listing)."""
    seen: dict[str, set[str]] = {}
    queue = list(start)
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="ar")
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            seen[url] = set()
            continue
        html = response.content.decode()
        seen[url] = english_in(html, user_content)
        if url in start:
            queue.extend(link for link in edit_links(html) if link not in seen)
    return {url: found for url, found in seen.items() if found}

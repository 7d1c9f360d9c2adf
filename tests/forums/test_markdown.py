"""Posts are Markdown rendered once to sanitised HTML: hostile input never becomes markup."""

from html.parser import HTMLParser

import pytest

from forums import services
from forums.markdown import quote, render, sanitise

pytestmark = pytest.mark.django_db

PAYLOADS = {
    "script": "<script>alert('x')</script>",
    "javascript link": "[click me](javascript:alert(1))",
    "javascript link, mixed case and entities": "[click](JaVaScRiPt&#58;alert(1))",
    "data link": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "event handler": '<img src="x" onerror="alert(1)">',
    "event handler on a link": '<a href="https://example.org" onclick="alert(1)">x</a>',
    "svg payload": '<svg onload="alert(1)"><script>alert(2)</script></svg>',
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "style": "<style>body{display:none}</style>",
}


class Markup(HTMLParser):
    """The elements and attributes a browser would build from the HTML."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes += [(name, value or "") for name, value in attrs]


@pytest.mark.parametrize("name", PAYLOADS)
def test_hostile_input_renders_inert(name):
    markup = Markup(render(PAYLOADS[name]).html)
    assert markup.tags <= {"p", "a", "br"}, name
    for attribute, value in markup.attributes:
        assert not attribute.startswith("on"), (name, attribute)
        if attribute == "href":
            assert value.startswith(("https:", "http:", "mailto:")), (name, value)


def test_raw_html_is_shown_as_text():
    assert render("<b>bold?</b>").html == "<p>&lt;b&gt;bold?&lt;/b&gt;</p>"


def test_an_unsafe_link_keeps_its_words_and_loses_the_link():
    assert render("[click me](javascript:alert(1))").html == "<p>click me</p>"


def test_the_sanitiser_alone_strips_what_the_renderer_never_makes():
    cleaned = sanitise(
        '<a href="javascript:alert(1)" onclick="x()">a</a><svg onload="y()"></svg>'
        '<span class="mention evil" style="color:red">m</span><img src=x onerror=z>'
    )
    assert cleaned == '<a rel="nofollow noopener noreferrer">a</a><span class="mention">m</span>'


def test_markdown_subset():
    html = render(
        "**bold** and *italic*, `a < b` and [docs](https://example.org/a?b=1&c=2)\n"
        "next line\n\n- one\n- two\n\n1. first\n\n```\n<b>code</b>\n```\n\nsee https://example.org."
    ).html
    assert "<strong>bold</strong> and <em>italic</em>" in html
    assert "<code>a &lt; b</code>" in html
    assert (
        '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener noreferrer">docs</a>'
        in html
    )
    assert "next line" in html and "<br>" in html
    assert "<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>" in html
    assert "<pre><code>&lt;b&gt;code&lt;/b&gt;</code></pre>" in html
    assert ">https://example.org</a>." in html


def test_quoting_makes_a_blockquote_with_the_author():
    source = quote("أولاً\nثانياً", author="فاطمة")
    assert source == "> **فاطمة**:\n> أولاً\n> ثانياً\n\n"
    html = render(source + "أوافق").html
    assert html == (
        "<blockquote><p><strong>فاطمة</strong>:<br>أولاً<br>ثانياً</p></blockquote><p>أوافق</p>"
    )


def test_mentions_are_found_and_marked():
    rendered = render("شكراً @Leader.Women@demo.manara.sa و @x@y.org، وليس email@host.org")
    assert rendered.mentions == ["leader.women@demo.manara.sa", "x@y.org"]
    assert '<span class="mention">@Leader.Women@demo.manara.sa</span>' in rendered.html


def test_html_is_rendered_once_at_save(boards, leader_men):
    topic = services.topic_create(
        board=boards["all"], author=leader_men, title="t", body="<script>x</script> **b**"
    )
    post = topic.posts.get()
    assert post.body == "<script>x</script> **b**"
    assert post.body_html == "<p>&lt;script&gt;x&lt;/script&gt; <strong>b</strong></p>"

"""lms.jsonbody.read_json: size and depth are checked before parsing, never by recursion."""

import json

import pytest
from django.test import RequestFactory
from django.utils import translation

from lms.jsonbody import JSONBodyRefused, nesting_depth, read_json


def request_with(body: bytes):
    return RequestFactory().post("/", data=body, content_type="application/json")


def test_a_small_body_is_parsed():
    assert read_json(request_with(b'{"a": [1, {"b": "[[["}]}'), max_bytes=100, max_depth=3) == {
        "a": [1, {"b": "[[["}]
    }


@pytest.fixture(autouse=True)
def in_english():
    """The messages are read in English here (they are translated like every other)."""
    with translation.override("en"):
        yield


def test_brackets_inside_strings_do_not_count():
    assert nesting_depth(b'{"a": "[[[[\\"[[[[", "b": [1]}') == 2


@pytest.mark.parametrize("depth", [33, 100_000])
def test_deep_nesting_is_refused_before_parsing(depth):
    body = b"[" * depth + b"]" * depth
    with pytest.raises(JSONBodyRefused) as refused:
        read_json(request_with(body), max_bytes=len(body), max_depth=32)
    assert refused.value.status == 400
    assert "nested more than 32 levels" in refused.value.message


def test_depth_is_counted_without_recursion():
    assert nesting_depth(b"[" * 1_000_000) == 1_000_000


def test_an_oversized_body_is_refused_without_reading_it_all():
    body = json.dumps({"padding": "x" * 2_000}).encode()
    with pytest.raises(JSONBodyRefused) as refused:
        read_json(request_with(body), max_bytes=1_000, max_depth=32)
    assert refused.value.status == 413


@pytest.mark.parametrize("body", [b"{", b"\xff\xfe", b""])
def test_broken_json_is_refused(body):
    with pytest.raises(JSONBodyRefused, match="not valid JSON"):
        read_json(request_with(body), max_bytes=100, max_depth=32)

"""Skips for things a newcomer's machine may lack (Chromium, ../shared, PostgreSQL, Redis).

On a newcomer's machine such a test skips with its reason. In CI (CI=true) a skip is a
failure, so CI proves the browser, fixture and service tests really ran; the one exception
is a kind that .ci/run names in MANARA_CI_ALLOW_SKIP for a pass that runs without that
service (the SQLite pass allows "postgres" and "broker"; the PostgreSQL pass allows none).
"""

import os

import pytest

KINDS = {"chromium", "shared-fixtures", "postgres", "broker"}


def ci_allows_skip(kind: str) -> bool:
    if os.environ.get("CI", "").lower() != "true":
        return True
    allowed = {k.strip() for k in os.environ.get("MANARA_CI_ALLOW_SKIP", "").split(",")}
    return kind in allowed


def require(kind: str, available: bool, reason: str) -> None:
    """Skip (or, in CI, fail) the calling test when ``available`` is false."""
    assert kind in KINDS, kind
    if available:
        return
    message = f"[needs {kind}] {reason}"
    if ci_allows_skip(kind):
        pytest.skip(message)
    pytest.fail(f"{message}; CI=true does not allow this skip", pytrace=False)

"""Browser tests: Playwright for Python driving Debian's Chromium against a live server.

No browser is downloaded: the tests use /usr/bin/chromium (``apt-get install chromium``)
and skip with a reason where it is missing (a failure in CI). Screenshots go to
build/screenshots/ for people to look at.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from tests.environment import require

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("MANARA_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(settings.BASE_DIR) / "build" / "screenshots"
ADMIN_PAGE = re.compile(r"/admin/")


def is_editor_background_check(response) -> bool:
    """The Wagtail editor sends the form in the background (preview, autosave, editing
    sessions) and hears 400 while the form is still incomplete: the editor working, not a
    fault. Only such fetches are excused; a page the browser navigates to never is."""
    return (
        response.status == 400
        and ADMIN_PAGE.search(response.url) is not None
        and response.request.resource_type in ("fetch", "xhr")
    )


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - part of the dev dependencies
        sync_playwright = None
    require("chromium", sync_playwright is not None, "Playwright for Python is not installed")
    require(
        "chromium",
        Path(CHROMIUM).exists() or shutil.which("chromium") is not None,
        f"no Chromium at {CHROMIUM}; install Debian's chromium package",
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    # Failed requests are reported with their address, which the console message lacks.
    page.on(
        "response",
        lambda response: (
            errors.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    yield page
    context.close()
    assert errors == [], f"the browser reported errors: {errors}"


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under build/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str, of=None) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        (of or page).screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def sign_in(page, live_server):
    def sign_in_as(user, password: str, language: str = "ar"):
        page.goto(f"{live_server.url}/{language}/accounts/login/")
        page.fill("input[name=username]", user.email)
        page.fill("input[name=password]", password)
        page.click("form.stacked button[type=submit]")
        page.wait_for_load_state("networkidle")

    return sign_in_as

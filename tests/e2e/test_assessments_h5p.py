"""H5P in a real browser: each real package plays on a lesson page inside its sandboxed
frame; answering True/False and Multiple Choice stores xAPI statements and a result (right
passes and completes, wrong does not); the hostile SVG never runs in the platform's origin."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from assessments.models import ActivityResult, ContentState, XAPIStatement
from assessments.services import package_create
from courses.models import LessonProgress
from courses.services import enrolment_create
from tests.assessments.conftest import fixture_upload
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FRAME = "iframe.h5p-activity__frame"


@pytest.fixture
def h5p_lesson(make_course, trainer, volunteer):
    """A one-lesson course whose lesson plays the given package, the volunteer enrolled."""

    def make(fixture: str, *, pass_mark=100, required=True, allow_media_hosts=False):
        from django.core.cache import cache

        cache.clear()  # lesson ids repeat between tests; courses caches their course keys
        package = package_create(
            upload=fixture_upload(fixture),
            uploaded_by=trainer,
            allow_media_hosts=allow_media_hosts,
        )
        tree = make_course(lessons=1)
        lesson = tree.lessons[0]
        lesson.body = [
            ("text", "<p>اقرأ ثم أجب.</p>"),
            (
                "h5p",
                {
                    "package": package,
                    "required": required,
                    "pass_mark": pass_mark,
                    "policy": "best",
                },
            ),
        ]
        lesson.save_revision().publish()
        lesson.refresh_from_db()
        enrolment_create(user=volunteer, course=tree.course)
        lesson.course = tree.course
        return lesson, package

    return make


def open_player(page, live_server, lesson):
    page.goto(f"{live_server.url}{lesson.url}")
    page.wait_for_selector("section.h5p-activity[data-ready='1']", timeout=20_000)
    return page.frame_locator(FRAME)


def wait_recorded(page):
    page.wait_for_function(
        "() => { const s = document.querySelector('section.h5p-activity');"
        " return s.dataset.passed !== undefined && s.dataset.pending === '0'; }",
        timeout=15_000,
    )


@pytest.mark.parametrize(
    "fixture",
    [
        "real/H5P.MultiChoice.h5p",
        "real/H5P.TrueFalse.h5p",
        "real/long_content_file_name.h5p",
        "real/valid2.h5p",
        "real/valid3-3-images.h5p",
    ],
)
def test_each_real_package_plays_on_a_lesson_page(
    fixture, page, live_server, sign_in, volunteer, h5p_lesson, screenshot
):
    lesson, package = h5p_lesson(fixture)
    sign_in(volunteer, PASSWORD, "ar")
    player = open_player(page, live_server, lesson)
    content = player.locator(".h5p-content").first
    content.wait_for()
    page.wait_for_timeout(500)
    screenshot(f"ar-h5p-{package.main_library}")
    assert content.bounding_box()["height"] > 50


def check_and_pass(page, player, right) -> None:
    """Choose ``right`` after a retry, check it, and wait for the lesson's gate to say
    passed. The player takes the choice before it is checked (on a loaded machine it
    re-renders slowly after "Retry"); if the gate never passes, say what the page and the
    server recorded."""
    right.click()
    expect(right).to_have_attribute("aria-checked", "true", timeout=15_000)
    player.get_by_role("button", name="Check").click()
    try:
        page.wait_for_function(
            "() => document.querySelector('section.h5p-activity').dataset.passed === '1'",
            timeout=30_000,
        )
    except PlaywrightTimeout as timeout:
        section = page.evaluate(
            "() => JSON.stringify(document.querySelector('section.h5p-activity').dataset)"
        )
        status = page.locator(".h5p-activity__status").inner_text()
        stored = list(XAPIStatement.objects.values_list("verb", "raw_score", "success"))
        raise AssertionError(f"not passed: {section} {status!r} {stored}") from timeout


def test_true_false_right_answer_passes_and_completes_the_lesson(
    page, live_server, sign_in, volunteer, h5p_lesson, screenshot
):
    lesson, _package = h5p_lesson("real/H5P.TrueFalse.h5p")
    sign_in(volunteer, PASSWORD, "ar")
    player = open_player(page, live_server, lesson)
    player.get_by_role("radio", name="No").click()
    player.get_by_role("button", name="Check").click()
    wait_recorded(page)
    result = ActivityResult.objects.get(user=volunteer)
    assert not result.passed and result.raw_score == 0 and result.max_score == 1
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()
    screenshot("ar-h5p-true-false-wrong")

    player.get_by_role("button", name="Retry").click()
    check_and_pass(page, player, player.get_by_role("radio", name="Yes"))
    page.wait_for_function(
        "() => document.querySelector('section.h5p-activity').dataset.pending === '0'"
    )
    result.refresh_from_db()
    assert result.passed and result.raw_score == 1 and result.attempts == 2
    assert XAPIStatement.objects.filter(user=volunteer, verb__endswith="/answered").count() == 2
    assert LessonProgress.objects.get(lesson_key=lesson.translation_key).completed_at is not None
    screenshot("ar-h5p-true-false-right")

    # The player's state was saved and comes back with the player.
    for _ in range(50):
        if ContentState.objects.filter(user=volunteer).exists():
            break
        page.wait_for_timeout(100)
    assert "true" in ContentState.objects.get(user=volunteer).state.lower()
    player = open_player(page, live_server, lesson)
    frame = next(f for f in page.frames if "/h5p/play/" in f.url)
    assert frame.evaluate(
        "() => JSON.parse(document.getElementById('h5p-config').textContent).state"
    )


def test_multiple_choice_wrong_then_right(page, live_server, sign_in, volunteer, h5p_lesson):
    lesson, _package = h5p_lesson("real/H5P.MultiChoice.h5p")
    sign_in(volunteer, PASSWORD, "en")
    player = open_player(page, live_server, lesson)
    player.locator("[role=radio], [role=checkbox]", has_text="Blue").click()
    player.get_by_role("button", name="Check").click()
    wait_recorded(page)
    assert not ActivityResult.objects.get(user=volunteer).passed
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()

    player.get_by_role("button", name="Retry").click()
    right = player.locator("[role=radio], [role=checkbox]", has_text="Very dark purple")
    check_and_pass(page, player, right)
    page.wait_for_function(
        "() => document.querySelector('section.h5p-activity').dataset.pending === '0'"
    )
    assert ActivityResult.objects.get(user=volunteer).passed
    assert LessonProgress.objects.get(lesson_key=lesson.translation_key).completed_at is not None


def test_the_hostile_svg_never_runs_in_the_platform_origin(
    browser, page, live_server, sign_in, volunteer, h5p_lesson, screenshot
):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    lesson, package = h5p_lesson("hostile/xss-svg.h5p", required=False)
    sign_in(volunteer, PASSWORD, "en")
    open_player(page, live_server, lesson)
    frame = next(f for f in page.frames if "/h5p/play/" in f.url)
    # The player runs in an opaque origin: no cookies, no access to the lesson page.
    assert frame.evaluate("() => window.origin") == "null"
    assert (
        frame.evaluate(
            "() => { try { return window.parent.document.title; } catch (e) { return 'blocked'; } }"
        )
        == "blocked"
    )
    svg_url = frame.evaluate(
        "() => Array.from(document.querySelectorAll('img')).map(i => i.src)"
        ".find(s => s.endsWith('xss.svg')) || ''"
    )
    screenshot("en-h5p-hostile")
    assert re.search(r"/h5p/files/[^/]+/content/images/xss\.svg$", svg_url), svg_url
    assert dialogs == []
    # Opened on its own, at the top of a window, the SVG is inert: Chromium refuses its
    # scripts (and says so on the console, which is why this is a page of its own).
    context = browser.new_context()
    alone = context.new_page()
    console, alone_dialogs = [], []
    alone.on("console", lambda message: console.append(message.text))
    alone.on("dialog", lambda dialog: (alone_dialogs.append(dialog.message), dialog.dismiss()))
    response = alone.goto(svg_url)
    assert "sandbox" in response.headers["content-security-policy"]
    assert "script-src 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    alone.wait_for_timeout(500)
    assert alone.evaluate("() => window.origin") == "null"
    assert alone_dialogs == []
    assert any("Blocked script execution" in text for text in console), console
    context.close()

"""A volunteer on a phone (390 × 844), in Arabic, Urdu, English and Hausa, opens an Arabic
course, reads its lesson, fails its quiz, passes it and finds the credited hours: every
page answers, speaks the reader's language and direction, keeps the Arabic content marked as
Arabic where the interface is another language, and fits the screen without sideways
scrolling. Screenshots of each page go to build/screenshots/phone-<language>-<page>.png."""

from decimal import Decimal

import pytest

from accreditation.actions import AccreditCourse
from assessments.models import Choice, QuizAttempt
from courses.models import Enrolment
from tests.assessments import quiz_fixtures
from tests.conftest import PASSWORD

quiz_lesson = quiz_fixtures.quiz_lesson

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
DIRECTIONS = {"ar": "rtl", "ur": "rtl", "en": "ltr", "ha": "ltr"}


# The elements that reach past the right edge, to say what makes the page scroll sideways.
WIDER_THAN_THE_SCREEN = """[...document.querySelectorAll("body *")]
  .map((e) => [e, e.getBoundingClientRect()])
  .filter(([e, box]) => box.right > innerWidth + 1 || box.left < -1)
  .slice(0, 5)
  .map(([e, box]) => `${e.tagName}.${e.className} ${Math.round(box.width)}`)"""


class Phone:
    """The page at phone size, with the status of every document it navigates to."""

    def __init__(self, page, live_server, screenshot, language: str):
        self.page = page
        self.live_server = live_server
        self.screenshot = screenshot
        self.language = language
        self.documents: list[tuple[int, str]] = []
        page.set_viewport_size(PHONE)
        page.on(
            "response",
            lambda response: (
                self.documents.append((response.status, response.url))
                if response.request.resource_type == "document"
                else None
            ),
        )

    def goto(self, path: str) -> None:
        """Open a path written for Arabic (``/ar/...``) in the reader's language."""
        self.page.goto(f"{self.live_server.url}/{self.language}{path[3:]}")
        self.page.wait_for_load_state("networkidle")

    def click(self, selector: str) -> None:
        self.page.click(selector)
        self.page.wait_for_load_state("networkidle")

    def check(self, name: str, *, arabic_content: str | None = None, note: bool = True) -> None:
        """What every page on the journey must show; ``arabic_content`` is the selector of
        the region holding the Arabic course's words, marked as Arabic when the interface
        is in another language; ``note``: the page says it is not yet translated."""
        page, language = self.page, self.language
        self.screenshot(f"phone-{language}-{name}")
        failed = [document for document in self.documents if document[0] >= 400]
        assert failed == [], (name, failed)
        html = page.locator("html")
        assert html.get_attribute("lang") == language, (name, page.url)
        assert html.get_attribute("dir") == DIRECTIONS[language], (name, page.url)
        assert f"/{language}/" in page.url, (name, page.url)
        scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
        wide = page.evaluate(WIDER_THAN_THE_SCREEN)
        assert scroll_width <= PHONE["width"], (name, scroll_width, wide)
        if arabic_content is not None:
            region = page.locator(arabic_content).first
            marked = language != "ar"
            assert (region.get_attribute("lang") == "ar") is marked, (name, arabic_content)
            assert (region.get_attribute("dir") == "rtl") is marked, (name, arabic_content)
            assert page.locator(".untranslated-note").count() == int(marked and note), name


def answer(phone: Phone, attempt, *, right: bool) -> None:
    for entry in attempt.layout:
        choice = Choice.objects.filter(pk__in=entry["choices"], is_correct=right).first()
        phone.page.check(f"input[name='q{entry['question']}'][value='{choice.pk}']")
    phone.click("form.quiz__form button[type=submit]")


@pytest.mark.parametrize("language", ["ar", "ur", "en", "ha"])
def test_a_volunteer_takes_an_arabic_course_on_a_phone(
    page, live_server, screenshot, sign_in, volunteer, office_staff, quiz_lesson, language
):
    tree, lesson, _bank = quiz_lesson()
    AccreditCourse(course=tree.course, user=office_staff, credit_hours=Decimal("4")).execute()
    sign_in(volunteer, PASSWORD, language)
    phone = Phone(page, live_server, screenshot, language)

    phone.goto(tree.course.url)
    phone.check("course", arabic_content="h1")
    phone.click(".enrolment a.button")
    assert page.url.endswith(lesson.url[3:])
    phone.check("lesson", arabic_content=".lesson-content")
    # The quiz's rules and button inside the Arabic lesson are the reader's words.
    quiz_block = page.locator(".quiz-block")
    assert quiz_block.get_attribute("lang") == (None if language == "ar" else language)

    phone.click("form[action*='/quiz/'] button")
    phone.check("quiz", arabic_content="h1", note=False)
    answer(phone, QuizAttempt.objects.get(), right=False)
    assert page.locator(".quiz__result--failed").is_visible()
    phone.check("quiz-failed", arabic_content=".quiz__text", note=False)

    # Back to the lesson, in the reader's language, for a second attempt.
    phone.click(".quiz a.button")
    phone.check("lesson-after-failing", arabic_content=".lesson-content")
    phone.click("form[action*='/quiz/'] button")
    answer(phone, QuizAttempt.objects.get(submitted_at__isnull=True), right=True)
    assert page.locator(".quiz__result--passed").is_visible()
    phone.check("quiz-passed", arabic_content=".quiz__text", note=False)
    assert Enrolment.objects.get(user=volunteer).completed_at is not None

    phone.goto("/ar/hours/")
    phone.check("my-hours")
    assert "4" in page.locator(".summary .figure").first.inner_text()

"""Manara on a phone (390 × 844) in Arabic and English: registration typed with
Arabic-Indic digits and put right from a focused error summary, a compact header whose
menu folds behind a toggle, 44 px tap targets, tables read as cards, and axe-core
(WCAG 2.0, 2.1 and 2.2, levels A and AA) finding nothing on the volunteer pages and on the
admin screens trainers and office staff use."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from wagtail.users.models import UserProfile

from lms.digits import ARABIC_INDIC
from lms.models import User
from tests.assessments import quiz_fixtures
from tests.conftest import PASSWORD
from tests.e2e.conftest import SCREENSHOTS, is_editor_background_check
from tests.factories import (
    AttendanceFactory,
    CertificateFactory,
    HoursEntryFactory,
    UserFactory,
    valid_national_id,
)

quiz_lesson = quiz_fixtures.quiz_lesson

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# Every WCAG 2.0, 2.1 and 2.2 success criterion at levels A and AA that axe checks
# (WCAG 2.2 added AA rules only, so axe has no "wcag22a" tag).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Violations in Wagtail's own admin that the project cannot fix, each excused for the one
# rule and the one kind of element named, never more.
WAGTAIL_OWN = [
    (
        "aria-input-field-name",
        ".Draftail-Editor .public-DraftEditor-content",
        # Wagtail's rich text editor (Draftail) labels the hidden input it replaces, not
        # its contenteditable textbox: wagtail/wagtail#14205, open, fix proposed in #14210.
        "Draftail's editable area has no accessible name (wagtail/wagtail#14205)",
    ),
]
LANGUAGES = ["ar", "en"]


def axe_violations(page, excused=()) -> list[str]:
    """Run axe-core in ``page``; one line per violation left after the excused ones."""
    page.evaluate(AXE.read_text())
    return page.evaluate(
        """async ([tags, excused]) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            const lines = [];
            for (const violation of result.violations) {
                for (const node of violation.nodes) {
                    const element = document.querySelector(node.target.join(" "));
                    const isExcused = excused.some(([rule, selector]) =>
                        rule === violation.id && element && element.matches(selector));
                    if (!isExcused) {
                        const where = node.target.join(" ");
                        lines.push(`${violation.id}: ${where}: ${node.html.slice(0, 160)}`);
                    }
                }
            }
            return lines;
        }""",
        [WCAG_TAGS, [[rule, selector] for rule, selector, _reason in excused]],
    )


@pytest.fixture
def phone(browser):
    """A page in a phone-sized context. The pages' Content-Security-Policy forbids inline
    script, so the context lets the test inject axe-core."""
    contexts, errors = [], []

    def open_page(viewport=PHONE):
        context = browser.new_context(viewport=viewport, bypass_csp=True)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "response",
            lambda response: (
                errors.append(f"{response.status} {response.url}")
                if response.status >= 400 and not is_editor_background_check(response)
                else None
            ),
        )
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert errors == [], f"the browser reported errors: {errors}"


def shoot(page, name: str) -> None:
    for folder in (SCREENSHOTS, Path("/work/screenshots/forms")):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:  # the second folder exists on the developer's machine only
            continue
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def sign_in(page, base, user, language):
    page.goto(f"{base}/{language}/accounts/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")


def in_arabic_indic(digits: str) -> str:
    return "".join(ARABIC_INDIC[int(c)] if c.isdigit() else c for c in digits)


@pytest.mark.parametrize("language", ["ar", "ur", "en", "ha"])
def test_registration_with_arabic_indic_digits_on_a_phone(phone, live_server, language):
    UserFactory(email="taken@example.org")
    page = phone()
    page.goto(f"{live_server.url}/{language}/accounts/register/")
    values = {
        "name_ar": "زينب الأنصارية",
        "first_name": "Zainab",
        "last_name": "Al-Ansari",
        "email": "taken@example.org",
        "mobile": in_arabic_indic("0551234567"),
        "id_number": in_arabic_indic("1234567890"),  # the check digit is wrong
        "date_of_birth": "2001-09-09",
        "password1": "Zainab-serves-1448",
        "password2": "Zainab-serves-1449",
    }
    for name, value in values.items():
        page.fill(f"[name={name}]", value)
    page.select_option("[name=section]", "women")
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")

    # The summary is the first thing in the form and holds the focus: a screen reader
    # reads it, and on a phone it is on screen, not below the fold.
    summary = page.locator(".error-summary")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    box = summary.bounding_box()
    assert 0 <= box["y"] < PHONE["height"]
    links = summary.locator("a")
    assert sorted(links.evaluate_all("links => links.map(a => a.hash)")) == [
        "#id_email",
        "#id_id_number",
        "#id_password2",
    ]
    # The mobile number typed in Arabic-Indic digits was accepted, so it is not listed,
    # and is shown back in ASCII digits.
    assert page.input_value("[name=mobile]") == "0551234567"
    assert page.get_attribute("#id_id_number", "aria-invalid") == "true"
    described = page.get_attribute("#id_id_number", "aria-describedby").split()
    assert "id_id_number_error" in described
    shoot(page, f"{language}-phone-register-errors")
    links.filter(has=page.locator("xpath=self::*[contains(@href, 'id_number')]")).click()
    assert page.url.endswith("#id_id_number")

    page.fill("[name=email]", "zainab@example.org")
    page.fill("[name=id_number]", in_arabic_indic(valid_national_id(31415)))
    page.fill("[name=password1]", "Zainab-serves-1448")
    page.fill("[name=password2]", "Zainab-serves-1448")
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    assert page.locator(".error-summary").count() == 0
    user = User.objects.get(email="zainab@example.org")
    assert (user.id_number, user.mobile) == (valid_national_id(31415), "+966551234567")
    shoot(page, f"{language}-phone-registered")


@pytest.mark.parametrize("language", LANGUAGES)
def test_header_is_compact_on_a_phone_and_its_menu_folds(phone, live_server, language):
    volunteer = UserFactory(preferred_language=language)
    page = phone()
    sign_in(page, live_server.url, volunteer, language)
    page.goto(f"{live_server.url}/{language}/")

    header = page.locator(".site-header").bounding_box()["height"]
    print(f"header height on a 390 x 844 phone, {language}: {header:.0f} px")
    assert header <= 120
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".language-switcher").is_visible()
    shoot(page, f"{language}-phone-header")

    page.click("summary.site-menu__toggle")  # no script: the details element opens
    targets = page.locator(".site-nav a, .site-nav button, .language-switcher button")
    heights = targets.evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")
    assert len(heights) >= 8 and min(heights) >= 44, heights
    assert page.locator(".site-menu__toggle").bounding_box()["height"] >= 44
    shoot(page, f"{language}-phone-menu-open")

    wide = phone(DESKTOP)
    sign_in(wide, live_server.url, volunteer, language)
    assert not wide.locator(".site-menu__toggle").is_visible()
    assert wide.locator(".site-nav").is_visible()
    assert wide.locator(".language-switcher").is_visible()
    assert wide.locator(".site-header").bounding_box()["height"] <= 120


@pytest.mark.parametrize("language", LANGUAGES)
def test_tables_read_as_cards_on_a_phone(phone, live_server, language):
    volunteer = UserFactory(preferred_language=language)
    for day in range(1, 7):
        HoursEntryFactory(
            volunteer=volunteer,
            approved=True,
            served_on=datetime.date(2026, 6, day),
            hours=Decimal("4.5"),
            description="إرشاد التائهين عند باب السلام، المسجد النبوي",
        )
    page = phone()
    sign_in(page, live_server.url, volunteer, language)
    page.goto(f"{live_server.url}/{language}/hours/")

    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    # The column names are kept for screen readers but take no room.
    assert page.locator(".table thead").first.bounding_box()["height"] <= 1
    cells = page.locator(".table td")
    assert cells.count() >= 6 * 5
    # Each cell is its column's name beside its value, and none wraps past four lines
    # (the dates went over eight).
    line = page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight)")
    heights = cells.evaluate_all("cells => cells.map(c => c.getBoundingClientRect().height)")
    assert max(heights) <= 4 * line + 12, (max(heights), line)
    labels = cells.evaluate_all(
        "cells => cells.map(c => getComputedStyle(c, '::before').content.replace(/\"/g, ''))"
    )
    names = set(page.locator(".table th").all_text_contents())
    assert {label for label in labels if label} <= names
    shoot(page, f"{language}-phone-my-hours")


@pytest.fixture
def volunteer_pages(live_server, quiz_lesson, volunteer, make_article, locales):
    """A course whose lesson holds a quiz, an article, approved hours and a certificate,
    each in Arabic and in English."""
    tree, lesson, _bank = quiz_lesson()
    article = make_article(body="<p>يحضر المتطوع قبل موعده بربع ساعة.</p>")
    for page in (lesson, article):
        english = page.copy_for_translation(locales["en"], copy_parents=True)
        english.save_revision().publish()
    # Their parents were copied as aliases of the Arabic pages: live already.
    HoursEntryFactory(volunteer=volunteer, approved=True)
    certificate = CertificateFactory(holder=volunteer)
    return {
        "course": tree.course,
        "lesson": lesson,
        "article": article,
        "certificate": certificate,
    }


def localised(page_object, language, locales) -> str:
    return page_object.get_translation(locales[language]).url


@pytest.mark.parametrize("language", LANGUAGES)
def test_volunteer_pages_have_no_accessibility_violations(
    phone, live_server, volunteer, volunteer_pages, locales, language
):
    base = live_server.url
    found = {}
    page = phone()
    page.goto(f"{base}/{language}/accounts/login/")
    found["login"] = axe_violations(page)
    page.goto(f"{base}/{language}/accounts/register/")
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    assert page.locator(".error-summary").is_visible()
    found["registration with errors"] = axe_violations(page)
    page.goto(f"{base}/{language}/verify/{volunteer_pages['certificate'].code}/")
    found["verification"] = axe_violations(page)

    sign_in(page, base, volunteer, language)
    pages = {
        "home": f"/{language}/",
        "catalogue": localised(volunteer_pages["course"].get_parent(), language, locales),
        "course": localised(volunteer_pages["course"], language, locales),
        "lesson": localised(volunteer_pages["lesson"], language, locales),
        "dashboard": f"/{language}/learning/",
        "my hours": f"/{language}/hours/",
        "knowledge base": f"/{language}/kb/",
        "article": localised(volunteer_pages["article"], language, locales),
    }
    for name, path in pages.items():
        page.goto(f"{base}{path}")
        assert page.locator("html").get_attribute("lang") == language, name
        found[name] = axe_violations(page)
        if name == "lesson":
            with page.expect_navigation():
                page.click("form[action*='/quiz/'] button")
            found["quiz"] = axe_violations(page)
            shoot(page, f"{language}-phone-quiz")
    page.click("summary.site-menu__toggle")
    found["home, menu open"] = axe_violations(page)

    assert {name: lines for name, lines in found.items() if lines} == {}


def admin_sign_in(page, base, user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")


@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_screens_of_trainers_and_office_staff_have_no_accessibility_violations(
    phone, live_server, trainer, office_staff, volunteer, quiz_lesson, language
):
    tree, lesson, bank = quiz_lesson()
    HoursEntryFactory(volunteer=volunteer, approved=True)
    # Confirmed by a team leader, waiting for the office's approval.
    AttendanceFactory(confirmed=True, assignment__deployment__section=office_staff.section)
    base = live_server.url
    found = {}

    page = phone(DESKTOP)
    admin_sign_in(page, base, trainer, language)
    for name, path in {
        "page editor, course": f"/admin/pages/{tree.course.pk}/edit/",
        "page editor, lesson": f"/admin/pages/{lesson.pk}/edit/",
        "question banks": "/admin/snippets/assessments/questionbank/",
        "question bank": f"/admin/snippets/assessments/questionbank/edit/{bank.pk}/",
        "assessment reports": f"/{language}/assessments/reports/",
    }.items():
        page.goto(f"{base}{path}")
        page.wait_for_load_state("networkidle")
        found[name] = axe_violations(page, excused=WAGTAIL_OWN)

    office = phone(DESKTOP)
    admin_sign_in(office, base, office_staff, language)
    for name, path in {
        "dashboard": "/admin/",
        "ledger": "/admin/accreditation/ledger/",
        "hours report": "/admin/accreditation/hours/",
        "attendance approvals": f"/{language}/deployments/attendance/",
    }.items():
        office.goto(f"{base}{path}")
        office.wait_for_load_state("networkidle")
        assert office.locator("html").get_attribute("lang") == language, name
        found[name] = axe_violations(office, excused=WAGTAIL_OWN)
    shoot(office, f"{language}-admin-attendance-approvals")

    assert {name: lines for name, lines in found.items() if lines} == {}
    # The approvals screen was checked with something to approve on it.
    assert office.locator("main table input[type=checkbox]").count() == 1

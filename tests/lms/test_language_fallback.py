"""A page without a translation in the reader's language is read in the language it is
written in, inside an interface that keeps the reader's language: never a 404 (lms.pages)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from courses import services as course_services
from courses.models import Enrolment, LessonProgress
from knowledge_base.models import ArticlePage
from lms.models import TranslationRequest
from lms.pages import interface_url

pytestmark = pytest.mark.django_db

NOTE = 'class="untranslated-note"'


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)" dir="([^"]+)"', response.content.decode())[1]


def translate(page, locale, **fields):
    translated = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated


def in_language(page, language: str) -> str:
    return interface_url(page, language=language)


def test_an_arabic_course_is_read_in_english_with_an_english_interface(client, course):
    response = client.get(in_language(course.course, "en"))
    assert response.status_code == 200
    assert html_lang(response) == "en"
    text = response.content.decode()
    assert f'<h1 lang="ar" dir="rtl">{course.course.title}</h1>' in text
    assert NOTE in text
    # Links lead on in English, never into the Arabic interface.
    assert "/ar/courses/" not in text


def test_a_page_in_the_readers_language_carries_no_note_and_no_marks(client, course):
    response = client.get(course.course.url)
    text = response.content.decode()
    assert response.status_code == 200 and NOTE not in text
    assert 'lang="ar" dir="rtl">' not in text.split("<main", 1)[1]


@pytest.mark.parametrize("language", ["en", "ur", "tr", "ms", "ha"])
def test_every_language_reads_an_untranslated_lesson_right_to_left(
    client, volunteer, course, language
):
    course_services.enrolment_create(user=volunteer, course=course.course)
    client.force_login(volunteer)
    response = client.get(in_language(course.lessons[0], language))
    assert response.status_code == 200
    assert html_lang(response) == language
    text = response.content.decode()
    assert '<div class="lesson-content" lang="ar" dir="rtl">' in text
    assert NOTE in text


def test_an_existing_translation_is_preferred_to_the_fallback(client, course, locales):
    english = translate(course.course, locales["en"], title="Course one", slug="course-one")
    response = client.get(in_language(course.course, "en"))
    assert response.status_code == 302
    assert response["Location"] == english.url


def test_the_switcher_never_leads_to_a_404(client, volunteer, course, kb_index, make_article):
    article = make_article()
    course_services.enrolment_create(user=volunteer, course=course.course)
    client.force_login(volunteer)
    for page in (course.catalogue, course.course, course.lessons[1], kb_index, article):
        for language in ("en", "ur", "tr", "ms", "ha"):
            response = client.post(
                "/i18n/setlang/", {"language": language, "next": page.url}, follow=True
            )
            assert response.status_code == 200, (page, language)
            assert html_lang(response) == language


def test_completion_counts_across_the_family_when_read_in_fallback(
    client, volunteer, course, locales
):
    """Enrolled in the Urdu course, the volunteer reads the Arabic lessons in English: the
    progress and the completion are the Urdu course's (one family)."""
    urdu_course = translate(course.course, locales["ur"], title="کورس")
    course_services.enrolment_create(user=volunteer, course=urdu_course)
    client.force_login(volunteer)
    for lesson in course.lessons:
        assert client.get(in_language(lesson, "en")).status_code == 200
        response = client.post(f"/en/learning/lessons/{lesson.pk}/complete/")
        assert response.status_code == 302
        assert response["Location"].startswith("/en/")
    enrolment = Enrolment.objects.get(user=volunteer)
    assert enrolment.course_key == course.course.translation_key
    assert enrolment.completed_at is not None
    assert (
        LessonProgress.objects.filter(enrolment=enrolment, completed_at__isnull=False).count() == 3
    )


def test_dashboard_continue_link_keeps_the_interface_language(client, volunteer, course):
    enrolment = course_services.enrolment_create(user=volunteer, course=course.course)
    course_services.lesson_open(enrolment=enrolment, lesson=course.lessons[1])
    client.force_login(volunteer)
    text = client.get("/en/learning/").content.decode()
    assert f'href="{in_language(course.lessons[1], "en")}"' in text
    assert 'href="/ar/' not in text


def test_catalogue_lists_untranslated_courses_with_a_badge(client, make_course, locales):
    first = make_course()
    second = make_course()
    urdu = translate(first.course, locales["ur"], title="اردو کورس")
    catalogue_ur = Page.objects.get(
        translation_key=first.catalogue.translation_key, locale=locales["ur"]
    )
    client.get(catalogue_ur.url)  # warm Wagtail's per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(catalogue_ur.url)
    text = response.content.decode()
    assert response.status_code == 200
    assert urdu.title in text and second.course.title in text
    assert first.course.title not in text  # one version per course: the Urdu one
    assert text.count('class="tag tag--language"') == 1
    assert f'href="{in_language(second.course, "ur")}"' in text
    # Translated first, then the untranslated ones.
    assert text.index(urdu.title) < text.index(second.course.title)
    # An anonymous reader's catalogue comes whole from the shared cache (lms.pagecache).
    assert len(captured.captured_queries) == 0


def test_topic_lists_untranslated_articles_with_a_badge(client, kb_topic, make_article, locales):
    translated_source = make_article(title="مقالة مترجمة", audience="everyone")
    untranslated = make_article(title="لم تترجم بعد", audience="everyone")
    english = translate(translated_source, locales["en"], title="Translated")
    topic_en = Page.objects.get(translation_key=kb_topic.translation_key, locale=locales["en"])
    response = client.get(topic_en.url)
    text = response.content.decode()
    assert response.status_code == 200
    assert english.title in text and untranslated.title in text
    assert translated_source.title not in text
    assert text.count('class="tag tag--language"') == 1
    assert f'href="{in_language(untranslated, "en")}"' in text
    # The knowledge base index counts each article family once.
    index_text = client.get(topic_en.get_parent().url).content.decode()
    assert "2 articles" in index_text


def test_an_article_without_urdu_is_read_in_arabic(client, make_article):
    article = make_article(audience="everyone")
    response = client.get(in_language(article, "ur"))
    assert response.status_code == 200
    assert html_lang(response) == "ur"
    assert NOTE in response.content.decode()


def test_a_translation_request_is_recorded_once(client, volunteer, course):
    client.force_login(volunteer)
    page_url = in_language(course.course, "en")
    for _ in range(2):
        response = client.post(f"/en/translations/ask/{course.course.pk}/", {"next": page_url})
        assert response.status_code == 302 and response["Location"] == page_url
    request = TranslationRequest.objects.get()
    assert (request.user, request.language, request.translation_key) == (
        volunteer,
        "en",
        course.course.translation_key,
    )
    # Asked from another language version of the page, it is still the same request.
    text = client.get(page_url).content.decode()
    assert "Ask for a translation" not in text or "already" in text
    assert TranslationRequest.objects.count() == 1


def test_a_translation_request_needs_another_language(client, volunteer, course):
    client.force_login(volunteer)
    client.post(f"/ar/translations/ask/{course.course.pk}/")
    assert not TranslationRequest.objects.exists()


def test_trainers_see_translation_requests_in_the_admin(client, volunteer, trainer, course):
    TranslationRequest.objects.create(
        page=course.course,
        translation_key=course.course.translation_key,
        language="ur",
        user=volunteer,
    )
    client.force_login(trainer)
    response = client.get("/admin/translation_requests/")
    assert response.status_code == 200
    assert course.course.title in response.content.decode()


def test_fallback_pages_cost_two_queries_more_than_translated_ones(client, volunteer, course):
    """A page read in fallback asks whether a translation exists (the serve view) and
    whether the reader has asked for one (the note); its route, through the Arabic tree
    after no home page in the reader's language, comes from the shared cache like any
    other (lms.pagecache); nothing else grows."""
    course_services.enrolment_create(user=volunteer, course=course.course)
    client.force_login(volunteer)

    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    assert count(in_language(course.course, "en")) == count(course.course.url) + 2
    lesson = course.lessons[1]
    assert count(in_language(lesson, "en")) == count(lesson.url) + 2
    assert ArticlePage.objects.count() == 0


def test_a_translation_request_tells_nothing_of_a_page_one_may_not_read(
    client, volunteer, make_article
):
    """The other section's article, the page tree's root (no address), an unknown page:
    all "not found", and nothing is recorded."""
    other = "women" if volunteer.section == "men" else "men"
    hidden = make_article(section=other)
    client.force_login(volunteer)
    for page_id in (hidden.pk, 1, 999_999):
        response = client.post(f"/en/translations/ask/{page_id}/")
        assert response.status_code == 404, page_id
    assert not TranslationRequest.objects.exists()


def test_a_translation_request_for_a_translated_page_is_refused(client, volunteer, course, locales):
    translate(course.course, locales["en"], title="Course one", slug="course-one")
    client.force_login(volunteer)
    client.post(f"/en/translations/ask/{course.course.pk}/")
    assert not TranslationRequest.objects.exists()


def test_staff_of_a_section_see_only_their_sections_requests(client, course):
    from lms.roles import Role
    from tests.factories import UserFactory

    men = UserFactory(roles=[Role.VOLUNTEER], section="men")
    women = UserFactory(roles=[Role.VOLUNTEER], section="women")
    for person, language in ((men, "ur"), (women, "en")):
        TranslationRequest.objects.create(
            page=course.course,
            translation_key=course.course.translation_key,
            language=language,
            user=person,
        )
    staff = UserFactory(roles=[Role.OFFICE_STAFF], staff_section="men")
    client.force_login(staff)
    text = client.get("/admin/translation_requests/").content.decode()
    assert men.display_name in text and women.display_name not in text
    theirs = TranslationRequest.objects.get(user=women)
    response = client.get(f"/admin/translation_requests/inspect/{theirs.pk}/", follow=True)
    assert response.status_code == 404


def test_wagtails_own_sign_in_for_restricted_pages_is_reachable(client):
    assert client.get("/en/_util/login/").status_code == 200


def test_no_redirect_loop_when_a_languages_home_is_not_live(client, course, locales):
    """Wagtail routes past an English translation whose home page is unpublished; the
    fallback must not redirect to the address it was asked for."""
    english = translate(course.course, locales["en"], title="Course one", slug="course-one")
    english_home = english.get_parent().get_parent()
    english_home.unpublish()
    response = client.get(english.url or in_language(course.course, "en"))
    assert response.status_code in (200, 404)
    if response.status_code == 302:  # pragma: no cover - the loop this test guards against
        raise AssertionError(response["Location"])

"""'I have read and accept': recorded once per version, asked again after a major revision
(never after a minor one), shared by translations, and readable by the readiness checks."""

from unittest import mock

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from knowledge_base import selectors, services
from knowledge_base.models import Acknowledgement, ArticlePage, ArticlePageForm, Audience
from lms.models import Section, User
from tests.factories import UserFactory
from tests.knowledge_base.fixtures import publish_revision

pytestmark = pytest.mark.django_db


@pytest.fixture
def code_of_conduct(make_article):
    return make_article(title="ميثاق سلوك المتطوع", requires_acknowledgement=True)


def acknowledge(client, article):
    return client.post(f"/ar/kb/articles/{article.pk}/acknowledge/")


def test_acknowledging_records_who_when_and_which_version(client, volunteer, code_of_conduct):
    client.force_login(volunteer)
    assert selectors.pending_acknowledgements(volunteer) == [code_of_conduct]

    response = acknowledge(client, code_of_conduct)

    assert response.status_code == 302
    assert response["Location"] == code_of_conduct.url
    ack = Acknowledgement.objects.get()
    assert (ack.user, ack.article_key, ack.version) == (
        volunteer,
        code_of_conduct.translation_key,
        1,
    )
    assert ack.article_id == code_of_conduct.pk
    assert ack.acknowledged_at is not None
    assert selectors.pending_acknowledgements(volunteer) == []
    response = client.get(code_of_conduct.url)
    assert response.context["acknowledgement"].is_current
    assert "/acknowledge/" not in response.content.decode()  # no form any more


def test_acknowledging_twice_records_once(client, volunteer, code_of_conduct):
    client.force_login(volunteer)
    acknowledge(client, code_of_conduct)
    acknowledge(client, code_of_conduct)
    first = services.acknowledgement_create(user=volunteer, article=code_of_conduct)
    assert Acknowledgement.objects.count() == 1
    assert first == Acknowledgement.objects.get()


def test_a_major_revision_asks_again_and_a_minor_one_does_not(client, volunteer, code_of_conduct):
    client.force_login(volunteer)
    acknowledge(client, code_of_conduct)

    minor = publish_revision(code_of_conduct, title="ميثاق سلوك المتطوع (مصحح)")
    assert minor.major_version == 1
    assert selectors.pending_acknowledgements(volunteer) == []

    major = publish_revision(
        code_of_conduct, major=True, body="<p>بند جديد: لا تصوير داخل المسجد.</p>"
    )
    assert major.major_version == 2
    assert not major.is_major_revision  # the stored page asks for no further bump
    assert [a.pk for a in selectors.pending_acknowledgements(volunteer)] == [major.pk]
    page = client.get(major.url).content.decode()
    assert f'action="/ar/kb/articles/{major.pk}/acknowledge/"' in page

    acknowledge(client, major)
    assert selectors.pending_acknowledgements(volunteer) == []
    assert list(Acknowledgement.objects.order_by("version").values_list("version", flat=True)) == [
        1,
        2,
    ]

    # The next minor edit after a major one keeps the version.
    again = publish_revision(major, summary="تحديث صغير")
    assert again.major_version == 2
    assert selectors.pending_acknowledgements(volunteer) == []


def test_republishing_the_same_major_revision_does_not_count_twice(code_of_conduct):
    article = ArticlePage.objects.get(pk=code_of_conduct.pk)
    article.is_major_revision = True
    revision = article.save_revision()
    revision.publish()
    revision.publish()
    assert ArticlePage.objects.get(pk=article.pk).major_version == 2


def test_a_major_tick_on_the_first_publication_is_version_one(make_article):
    article = make_article(title="جديد", requires_acknowledgement=True, is_major_revision=True)
    assert ArticlePage.objects.get(pk=article.pk).major_version == 1


def test_the_editor_form_opens_with_major_revision_unticked(code_of_conduct):
    article = ArticlePage.objects.get(pk=code_of_conduct.pk)
    article.is_major_revision = True
    article.save_revision()
    latest = article.get_latest_revision_as_object()
    assert latest.is_major_revision  # the revision keeps the editor's choice
    form_class = ArticlePage.get_edit_handler().get_form_class()
    assert issubclass(form_class, ArticlePageForm)
    form = form_class(instance=latest, for_user=UserFactory(), parent_page=latest.get_parent())
    assert form.initial["is_major_revision"] is False


def test_an_acknowledgement_of_the_arabic_article_counts_for_its_translation(
    client, volunteer, code_of_conduct, locales
):
    urdu = code_of_conduct.copy_for_translation(locales["ur"], copy_parents=True)
    urdu.title = "رضاکار کا ضابطۂ اخلاق"
    urdu.save_revision().publish()
    client.force_login(volunteer)
    acknowledge(client, code_of_conduct)

    assert selectors.pending_acknowledgements(volunteer, "ur") == []
    keys = selectors.acknowledged_article_keys(
        user_ids=[volunteer.pk], article_keys=[urdu.translation_key]
    )
    assert keys == {(volunteer.pk, urdu.translation_key)}
    response = client.get(urdu.url)
    assert response.context["acknowledgement"].is_current
    assert "/acknowledge/" not in response.content.decode()


def test_a_major_revision_of_a_translation_asks_for_every_language(
    volunteer, code_of_conduct, locales
):
    urdu = code_of_conduct.copy_for_translation(locales["ur"], copy_parents=True)
    urdu.save_revision().publish()
    services.acknowledgement_create(user=volunteer, article=code_of_conduct)
    publish_revision(ArticlePage.objects.get(pk=urdu.pk), major=True)
    assert ArticlePage.objects.get(pk=code_of_conduct.pk).major_version == 2
    assert selectors.pending_acknowledgements(volunteer, "ar") == [
        ArticlePage.objects.get(pk=code_of_conduct.pk)
    ]


def test_pending_lists_only_what_the_reader_may_read_and_is_asked_for(
    client, volunteer, make_article
):
    asked = make_article(title="ميثاق", requires_acknowledgement=True)
    make_article(title="معلومة", requires_acknowledgement=False)
    make_article(title="للقادة", requires_acknowledgement=True, audience=Audience.TEAM_LEADERS)
    make_article(title="للنساء", requires_acknowledgement=True, section=Section.WOMEN)
    hidden = make_article(title="مسحوب", requires_acknowledgement=True)
    hidden.unpublish()
    client.force_login(volunteer)
    response = client.get("/ar/kb/waiting/")
    assert [a.title for a in response.context["pending"]] == [asked.title]
    index = client.get(asked.get_parent().get_parent().url)
    assert [a.title for a in index.context["pending"]] == [asked.title]


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("not_asked", "This article does not ask for an acknowledgement."),
        ("unpublished", "This article is not published."),
        ("not_for_you", "This article is not meant for you."),
    ],
)
def test_refusals_write_nothing(volunteer, make_article, setup, message):
    article = make_article(
        requires_acknowledgement=setup != "not_asked",
        audience=Audience.TEAM_LEADERS if setup == "not_for_you" else Audience.VOLUNTEERS,
    )
    if setup == "unpublished":
        article.unpublish()
        article.refresh_from_db()
    with translation.override("en"), pytest.raises(services.AcknowledgementRefused) as refused:
        services.acknowledgement_create(user=volunteer, article=article)
    assert refused.value.message == message
    assert not Acknowledgement.objects.exists()


def test_the_view_refuses_in_the_readers_language(client, volunteer, make_article):
    article = make_article(requires_acknowledgement=False)
    client.force_login(volunteer)
    response = client.post(f"/en/kb/articles/{article.pk}/acknowledge/", follow=True)
    assert "This article does not ask for an acknowledgement." in response.content.decode()
    assert not Acknowledgement.objects.exists()


def test_other_peoples_articles_are_not_found_and_nothing_is_written(
    client, volunteer, make_article
):
    leaders = make_article(requires_acknowledgement=True, audience=Audience.TEAM_LEADERS)
    women = make_article(requires_acknowledgement=True, section=Section.WOMEN)
    client.force_login(volunteer)
    assert acknowledge(client, leaders).status_code == 404
    assert acknowledge(client, women).status_code == 404
    assert client.post("/ar/kb/articles/999999/acknowledge/").status_code == 404
    assert not Acknowledgement.objects.exists()


def test_acknowledging_needs_sign_in_post_and_csrf(volunteer, code_of_conduct):
    anonymous = Client()
    assert "/accounts/login/" in acknowledge(anonymous, code_of_conduct)["Location"]
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(volunteer)
    assert signed_in.get(f"/ar/kb/articles/{code_of_conduct.pk}/acknowledge/").status_code == 405
    assert acknowledge(signed_in, code_of_conduct).status_code == 403
    assert not Acknowledgement.objects.exists()


def test_readiness_selector_answers_for_10000_people_in_two_queries(
    volunteer, code_of_conduct, make_article
):
    other = make_article(title="إجراء التائه", requires_acknowledgement=True)
    people = User.objects.bulk_create(
        [User(email=f"crowd{n}@example.org", id_number=f"P{n:07d}") for n in range(10_000)]
    )
    Acknowledgement.objects.bulk_create(
        [
            Acknowledgement(user=p, article_key=code_of_conduct.translation_key, version=1)
            for p in people[::2]
        ]
        + [
            Acknowledgement(user=p, article_key=other.translation_key, version=1)
            for p in people[:100]
        ]
    )
    publish_revision(other, major=True)  # the 100 acknowledgements of "other" are outdated
    keys = [code_of_conduct.translation_key, other.translation_key]
    ids = [p.pk for p in people]

    with CaptureQueriesContext(connection) as listed:
        accepted = selectors.acknowledged_article_keys(user_ids=ids, article_keys=keys)
    with CaptureQueriesContext(connection) as subquery:
        roster = User.objects.filter(email__startswith="crowd").values("pk")
        same = selectors.acknowledged_article_keys(user_ids=roster, article_keys=keys)

    assert len(listed.captured_queries) == len(subquery.captured_queries) == 2
    assert accepted == same == {(p.pk, code_of_conduct.translation_key) for p in people[::2]}


def test_the_waiting_list_says_when_an_accepted_article_changed(
    client, volunteer, code_of_conduct, make_article
):
    fresh = make_article(title="جديد", requires_acknowledgement=True)
    services.acknowledgement_create(user=volunteer, article=code_of_conduct)
    publish_revision(code_of_conduct, major=True)
    pending = {
        a.pk: a.accepted_earlier_version for a in selectors.pending_acknowledgements(volunteer)
    }
    assert pending == {code_of_conduct.pk: True, fresh.pk: False}


def test_a_concurrent_acknowledgement_is_caught_by_the_constraint(volunteer, code_of_conduct):
    """Two requests at once: the second sees no row, inserts, and meets the unique
    constraint; it returns the first request's row and leaves the transaction usable."""
    first = services.acknowledgement_create(user=volunteer, article=code_of_conduct)
    with mock.patch.object(QuerySet, "first", return_value=None):
        second = services.acknowledgement_create(user=volunteer, article=code_of_conduct)
    assert second.pk == first.pk
    assert Acknowledgement.objects.count() == 1

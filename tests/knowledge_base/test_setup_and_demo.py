"""Editors' permissions on a knowledge base, the review workflow, demo and scale data."""

import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from wagtail.models import GroupPagePermission, Page, Site

from knowledge_base import selectors, services
from knowledge_base.models import (
    Acknowledgement,
    ArticlePage,
    ArticleTerm,
    KnowledgeBaseIndexPage,
    TopicPage,
)
from knowledge_base.scale import generate
from knowledge_base.services import knowledge_base_setup

pytestmark = pytest.mark.django_db


def test_trainers_write_and_office_staff_publish(kb_index, kb_topic, trainer, office_staff):
    knowledge_base_setup(index_page=kb_index)
    knowledge_base_setup(index_page=kb_index)  # idempotent
    trainer_perms = kb_topic.permissions_for_user(trainer)
    office_perms = kb_topic.permissions_for_user(office_staff)
    assert trainer_perms.can_add_subpage() and trainer_perms.can_edit()
    assert not trainer_perms.can_publish()
    assert office_perms.can_publish() and office_perms.can_edit()
    workflow = kb_topic.get_workflow()
    assert workflow is not None and workflow.name == "مراجعة قاعدة المعرفة"


def test_volunteers_and_team_leaders_cannot_edit(kb_index, kb_topic, volunteer, team_leader):
    knowledge_base_setup(index_page=kb_index)
    for person in (volunteer, team_leader):
        assert not kb_topic.permissions_for_user(person).can_edit()


def test_an_index_created_in_the_admin_is_set_up(client, office_staff, locales):
    client.force_login(office_staff)
    home = Site.objects.get(is_default_site=True).root_page
    GroupPagePermission.objects.create(
        group=Group.objects.get(name="Office staff"),
        page=home,
        permission=Permission.objects.get(codename="add_page"),
    )
    response = client.post(
        f"/admin/pages/add/knowledge_base/knowledgebaseindexpage/{home.pk}/",
        {"title": "Knowledge base", "slug": "kb-new", "action-publish": "1"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    index = KnowledgeBaseIndexPage.objects.get(slug="kb-new")
    assert index.get_workflow().name == "مراجعة قاعدة المعرفة"


def test_demo_knowledge_base_loads_twice_without_duplicates():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (ArticlePage.objects.count(), TopicPage.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == (ArticlePage.objects.count(), TopicPage.objects.count())
    arabic = ArticlePage.objects.filter(locale__language_code="ar")
    assert arabic.count() == 11
    assert arabic.filter(requires_acknowledgement=True).exists()
    english = ArticlePage.objects.filter(locale__language_code="en")
    conduct = english.get(slug="code-of-conduct")
    assert conduct.requires_acknowledgement
    assert conduct.translation_key == arabic.get(slug="code-of-conduct").translation_key


def test_scale_data_is_searchable_and_tops_up(client, office_staff):
    assert generate(articles=120) == 120
    assert generate(articles=120) == 0
    bench = KnowledgeBaseIndexPage.objects.get(slug="bench-kb")
    articles = ArticlePage.objects.descendant_of(bench)
    assert articles.count() == 120
    assert Page.objects.get(pk=bench.pk).numchild == 10
    assert (
        ArticleTerm.objects.filter(article__in=articles).values("article").distinct().count() == 120
    )
    client.force_login(office_staff)
    first = articles.order_by("path").first()
    assert client.get(first.url).status_code == 200
    found = client.get("/ar/kb/search/", {"q": "المسجد"}).context["results"]
    assert found.paginator.count > 0


def contentstate(text: str) -> str:
    block = {
        "key": "a1b2c",
        "text": text,
        "type": "unstyled",
        "depth": 0,
        "inlineStyleRanges": [],
        "entityRanges": [],
    }
    return json.dumps({"blocks": [block], "entityMap": {}})


def edit_in_admin(client, article, *, major: bool, body: str):
    data = {
        "title": article.title,
        "slug": article.slug,
        "kind": article.kind,
        "audience": article.audience,
        "section": article.section,
        "summary": article.summary,
        "body": contentstate(body),
        "requires_acknowledgement": "on",
        "action-publish": "1",
    }
    if major:
        data["is_major_revision"] = "on"
    response = client.post(f"/admin/pages/{article.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return ArticlePage.objects.get(pk=article.pk)


def test_the_editor_marks_a_major_revision_in_the_admin(
    client, kb_index, make_article, office_staff, volunteer
):
    knowledge_base_setup(index_page=kb_index)
    article = make_article(title="ميثاق السلوك", requires_acknowledgement=True)
    services.acknowledgement_create(user=volunteer, article=article)
    client.force_login(office_staff)

    edit_form = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert 'name="is_major_revision"' in edit_form

    minor = edit_in_admin(client, article, major=False, body="تصحيح إملائي")
    assert minor.major_version == 1
    assert selectors.pending_acknowledgements(volunteer) == []

    major = edit_in_admin(client, article, major=True, body="بند جديد في الميثاق")
    assert major.major_version == 2
    assert selectors.pending_acknowledgements(volunteer) == [major]
    assert ArticleTerm.objects.filter(article=major, term="جديد").exists()

    # The box opens unticked for the next edit, and a plain publish keeps version 2.
    edit_form = client.get(f"/admin/pages/{article.pk}/edit/")
    assert edit_form.context["form"].initial["is_major_revision"] is False
    assert edit_in_admin(client, article, major=False, body="صياغة").major_version == 2


def test_office_staff_read_acknowledgements_in_the_admin_and_cannot_edit_them(
    client, office_staff, trainer, volunteer, make_article
):
    article = make_article(title="ميثاق السلوك", requires_acknowledgement=True)
    ack = services.acknowledgement_create(user=volunteer, article=article)
    client.force_login(office_staff)
    listing = client.get("/admin/acknowledgements/")
    assert listing.status_code == 200
    assert "ميثاق السلوك" in listing.content.decode()
    found = client.get("/admin/acknowledgements/", {"q": volunteer.email})
    assert [row.pk for row in found.context["object_list"]] == [ack.pk]
    nobody = client.get("/admin/acknowledgements/", {"q": "nobody@example.org"})
    assert list(nobody.context["object_list"]) == []
    assert client.get(f"/admin/acknowledgements/edit/{ack.pk}/").status_code in (302, 403)
    assert client.post(f"/admin/acknowledgements/delete/{ack.pk}/").status_code in (302, 403)
    assert Acknowledgement.objects.filter(pk=ack.pk).exists()
    client.force_login(trainer)
    assert client.get("/admin/acknowledgements/").status_code in (302, 403)


def test_a_knowledge_base_translated_with_wagtail_localize_is_set_up(kb_index, locales):
    english = kb_index.copy_for_translation(locales["en"], copy_parents=True)
    english.save_revision().publish()
    assert english.get_workflow().name == "مراجعة قاعدة المعرفة"
    assert GroupPagePermission.objects.filter(page=english, group__name="Trainer").exists()

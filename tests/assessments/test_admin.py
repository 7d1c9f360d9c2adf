"""Trainers upload H5P packages and write question banks in the Wagtail admin."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import H5PPackage, QuestionBank
from tests.assessments.conftest import fixture_upload, stored_files
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def admin_for(user) -> Client:
    client = Client()
    client.login(username=user.email, password=PASSWORD)
    return client


ADD = "wagtailsnippets_assessments_h5ppackage:add"


def test_a_trainer_uploads_a_package(h5p_root, trainer):
    response = admin_for(trainer).post(
        reverse(ADD),
        {"package_file": fixture_upload("real/H5P.TrueFalse.h5p"), "title": "", "language": "ar"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    package = H5PPackage.objects.get()
    assert package.title == "True/False Question"
    assert package.language == "ar"
    assert package.uploaded_by == trainer


def test_a_rejected_upload_shows_what_is_wrong_and_keeps_nothing(h5p_root, trainer):
    response = admin_for(trainer).post(
        reverse(ADD),
        {"package_file": fixture_upload("invalid/missing-preloaded-js.h5p"), "title": ""},
    )
    assert response.status_code == 200
    # The admin speaks the trainer's language; the file and the list it is missing from
    # are named in any language.
    html = response.content.decode()
    for name in ("H5P.GreetingCard-1.0/library.json", "greetingcard.js", "preloadedJs"):
        assert name in html
    assert not H5PPackage.objects.exists()
    assert stored_files(h5p_root) == []


def test_volunteers_cannot_upload(h5p_root, volunteer):
    response = admin_for(volunteer).get(reverse(ADD))
    assert response.status_code in (302, 403)


def test_trainers_see_question_banks(trainer):
    QuestionBank.objects.create(title="أسئلة")
    response = admin_for(trainer).get(reverse("wagtailsnippets_assessments_questionbank:list"))
    assert response.status_code == 200
    assert "أسئلة" in response.content.decode()


def test_a_stored_package_keeps_its_files_when_edited(h5p_root, trainer):
    admin = admin_for(trainer)
    admin.post(reverse(ADD), {"package_file": fixture_upload("real/valid2.h5p"), "title": "x"})
    package = H5PPackage.objects.get()
    edit = reverse("wagtailsnippets_assessments_h5ppackage:edit", args=[package.pk])
    page = admin.get(edit)
    assert page.status_code == 200
    assert 'name="package_file"' not in page.content.decode()
    response = admin.post(edit, {"title": "تحية", "language": "ar"})
    assert response.status_code == 302
    package.refresh_from_db()
    assert package.title == "تحية" and package.file_count == 10


def test_the_trainer_allows_the_media_hosts_a_package_names(h5p_root, trainer):
    from django.utils import translation

    admin = admin_for(trainer)
    upload = fixture_upload("real/H5P.Column-with-video.h5p")
    response = admin.post(reverse(ADD), {"package_file": upload, "title": "عمود", "language": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    package = H5PPackage.objects.get()
    assert package.media_hosts == []
    assert package.media_hosts_named == ["www.youtube-nocookie.com"]
    listing = admin.get(reverse("wagtailsnippets_assessments_h5ppackage:list"))
    assert "www.youtube-nocookie.com" in listing.content.decode()

    edit = reverse("wagtailsnippets_assessments_h5ppackage:edit", args=[package.pk])
    with translation.override("en"):
        page = admin.get(edit, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="media_hosts" value="www.youtube-nocookie.com"' in page
    assert 'name="allow_media_hosts"' not in page
    response = admin.post(
        edit, {"title": "عمود", "language": "", "media_hosts": ["www.youtube-nocookie.com"]}
    )
    assert response.status_code == 302
    package.refresh_from_db()
    assert package.media_hosts == ["www.youtube-nocookie.com"]
    assert package.media_hosts_unconfirmed == []


def test_a_trainer_may_allow_the_hosts_at_upload(h5p_root, trainer):
    form = admin_for(trainer).get(reverse(ADD)).content.decode()
    assert 'name="allow_media_hosts"' in form and 'name="media_hosts"' not in form
    upload = fixture_upload("real/H5P.Column-with-video.h5p")
    response = admin_for(trainer).post(
        reverse(ADD), {"package_file": upload, "title": "", "allow_media_hosts": "on"}
    )
    assert response.status_code == 302
    assert H5PPackage.objects.get().media_hosts == ["www.youtube-nocookie.com"]

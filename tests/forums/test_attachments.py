"""Attachments: private django-filer files of allowed types and sizes, served only to the
people who may read the post."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from forums import actions
from forums.models import Post, PostAttachment

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% guide\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def upload(name="guide.pdf", content=PDF, kind="application/pdf"):
    return SimpleUploadedFile(name, content, kind)


def post_with_file(client, board="all", files=None):
    files = files if files is not None else [upload()]
    response = client.post(
        f"/en/forums/boards/{board}/new/",
        {"title": "دليل", "body": "مرفق", "attachments": files},
    )
    return response


def test_a_leader_attaches_files_and_readers_download_them(
    client, boards, leader_men, leader_women, settings
):
    client.force_login(leader_men)
    response = post_with_file(client, files=[upload(), upload("map.png", PNG, "image/png")])
    assert response.status_code == 302, response.content.decode()
    post = Post.objects.get()
    links = list(PostAttachment.objects.filter(post=post).select_related("file"))
    assert [link.file.original_filename for link in links] == ["guide.pdf", "map.png"]
    assert all(link.file.is_public is False for link in links)
    assert str(settings.MEDIA_ROOT) not in links[0].file.file.path
    page = client.get(f"/en/forums/topics/{post.topic_id}/").content.decode()
    url = f"/en/forums/posts/{post.pk}/files/{links[0].file_id}/"
    assert url in page
    client.force_login(leader_women)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    assert "sandbox" in response["Content-Security-Policy"]


def test_attachments_of_a_section_board_stay_in_the_section(
    client, boards, leader_men, leader_women, volunteer, office_staff
):
    client.force_login(leader_men)
    post_with_file(client, board="men")
    post = Post.objects.get()
    url = f"/en/forums/posts/{post.pk}/files/{post.attachments.get().pk}/"
    for person, status in ((leader_women, 404), (volunteer, 404), (office_staff, 200)):
        client.force_login(person)
        assert client.get(url).status_code == status, person
    client.logout()
    assert client.get(url).status_code == 302


def test_only_the_posts_own_files_are_served(client, boards, leader_men):
    client.force_login(leader_men)
    post_with_file(client)
    first = Post.objects.get()
    client.post(f"/en/forums/topics/{first.topic_id}/reply/", {"body": "بلا مرفق"})
    second = Post.objects.get(number=2)
    url = f"/en/forums/posts/{second.pk}/files/{first.attachments.get().pk}/"
    assert client.get(url).status_code == 404


def test_attachments_of_hidden_posts_are_withheld_from_members(
    client, boards, leader_men, leader_women, office_staff
):
    client.force_login(leader_men)
    post_with_file(client)
    post = Post.objects.get()
    actions.HidePost(post=post, user=office_staff, reason="خطأ").execute()
    url = f"/en/forums/posts/{post.pk}/files/{post.attachments.get().pk}/"
    client.force_login(leader_women)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([upload("run.exe", b"MZ\x90\x00", "application/octet-stream")], "is not a file type"),
        ([upload("image.svg", b"<svg onload=alert(1)>", "image/svg+xml")], "is not a file type"),
        ([upload("fake.pdf", b"MZ\x90\x00 not a pdf")], "is not really a PDF file"),
        ([upload(f"{n}.pdf") for n in range(4)], "Attach at most 3 files"),
    ],
)
def test_refused_attachments_save_nothing(client, boards, leader_men, files, message):
    client.force_login(leader_men)
    response = post_with_file(client, files=files)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Post.objects.exists()


@override_settings(MANARA_FORUM_ATTACHMENT_MAX_BYTES=1024)
def test_too_large_attachments_are_refused(client, boards, leader_men):
    client.force_login(leader_men)
    response = post_with_file(client, files=[upload(content=PDF + b"x" * 2000)])
    assert "attachments may be at most 1.0" in response.content.decode()
    assert not Post.objects.exists()

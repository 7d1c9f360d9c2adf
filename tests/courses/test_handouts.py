import json

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from filer.models import File, Folder

from courses import services
from courses.forms import HandoutUploadForm
from courses.models import CourseFile, course_files_folder
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% handout for volunteers\n"


@pytest.fixture
def handout():
    upload = HandoutUploadForm(
        data={"name": "Checklist", "description": ""},
        files={"file": SimpleUploadedFile("checklist.pdf", PDF, "application/pdf")},
    )
    assert upload.is_valid(), upload.errors
    return upload.save()


@pytest.fixture
def lesson_with_handout(course, handout):
    lesson = course.lessons[0]
    lesson.body = [("text", "<p>Read this</p>"), ("handout", {"file": handout, "title": ""})]
    lesson.save_revision().publish()
    return lesson


def url(lesson, file):
    return f"/en/learning/lessons/{lesson.pk}/handouts/{file.pk}/"


def test_uploads_are_private_and_outside_the_public_media(handout):
    assert handout.is_public is False
    assert str(settings.MEDIA_ROOT) not in handout.file.path


def test_enrolled_volunteer_downloads_the_handout(
    client, volunteer, course, lesson_with_handout, handout
):
    services.enrolment_create(user=volunteer, course=course.course)
    client.force_login(volunteer)
    page = client.get(lesson_with_handout.url).content.decode()
    assert url(lesson_with_handout, handout)[3:] in page
    response = client.get(url(lesson_with_handout, handout))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    assert "sandbox" in response["Content-Security-Policy"]


def test_not_enrolled_volunteer_is_refused(client, volunteer, lesson_with_handout, handout):
    client.force_login(volunteer)
    assert client.get(url(lesson_with_handout, handout)).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, lesson_with_handout, handout):
    response = client.get(url(lesson_with_handout, handout))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_trainers_and_office_staff_download_without_enrolment(
    client, trainer, office_staff, lesson_with_handout, handout
):
    for person in (trainer, office_staff):
        client.force_login(person)
        assert client.get(url(lesson_with_handout, handout)).status_code == 200


def test_a_file_the_lesson_does_not_link_is_not_served(
    client, volunteer, course, lesson_with_handout
):
    other = File.objects.create(file=ContentFile(b"secret", name="other.pdf"), is_public=False)
    services.enrolment_create(user=volunteer, course=course.course)
    client.force_login(volunteer)
    assert client.get(url(lesson_with_handout, other)).status_code == 404
    assert client.get(url(course.lessons[1], other)).status_code == 404


def test_the_library_holds_course_files_only(client, trainer, handout):
    """Certificates and forum attachments are never in the trainers' "Course files": not
    listed, not chosen, not opened for editing (the review's finding)."""
    attachments, _ = Folder.objects.get_or_create(name="Forum attachments", parent=None)
    attachment = File.objects.create(
        file=ContentFile(b"women's board only", name="hidden.pdf"),
        folder=attachments,
        is_public=False,
    )
    stray = File.objects.create(file=ContentFile(b"not for courses", name="stray.pdf"))
    client.force_login(trainer)
    listing = client.get("/admin/snippets/courses/coursefile/").content.decode()
    assert "checklist.pdf" in listing or "Checklist" in listing
    assert "hidden.pdf" not in listing and "stray.pdf" not in listing
    chooser = client.get("/admin/snippets/choose/courses/coursefile/").content.decode()
    assert "hidden.pdf" not in chooser
    for other in (attachment, stray):
        edit = client.get(f"/admin/snippets/courses/coursefile/edit/{other.pk}/", follow=True)
        assert edit.status_code == 404
        assert CourseFile.objects.filter(pk=other.pk).count() == 0


def test_a_draft_lesson_cannot_hand_out_a_forum_attachment(client, trainer, course):
    """A lesson whose handout block names a forum attachment (by its id, past the chooser)
    links nothing, and the file is not served through the lesson."""
    attachments, _ = Folder.objects.get_or_create(name="Forum attachments", parent=None)
    attachment = File.objects.create(
        file=ContentFile(b"women's board only", name="hidden.pdf"),
        folder=attachments,
        is_public=False,
    )
    lesson = course.lessons[0]
    lesson.body = json.dumps([{"type": "handout", "value": {"file": attachment.pk, "title": ""}}])
    lesson.save_revision()
    client.force_login(trainer)
    assert client.get(url(lesson, attachment)).status_code == 404


def test_handouts_of_unpublished_lessons_are_for_authors_only(
    client, trainer, course, lesson_with_handout, handout
):
    volunteer = UserFactory()
    services.enrolment_create(user=volunteer, course=course.course)
    lesson_with_handout.unpublish()
    client.force_login(volunteer)
    assert client.get(url(lesson_with_handout, handout)).status_code == 404
    client.force_login(trainer)
    assert client.get(url(lesson_with_handout, handout)).status_code == 200


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("payload.svg", 10, "is not a file type handouts may have"),
        ("script.html", 10, "is not a file type handouts may have"),
        ("huge.pdf", 21 * 1024 * 1024, "handouts may be at most"),
    ],
)
def test_bad_uploads_are_refused_with_the_reason_and_nothing_is_kept(name, size, message):
    form = HandoutUploadForm(
        data={"name": "x"}, files={"file": SimpleUploadedFile(name, b"x" * size)}
    )
    assert not form.is_valid()
    assert message in form.errors["file"][0]
    assert name in form.errors["file"][0]
    assert not File.objects.exists()


def test_trainer_uploads_a_handout_in_the_admin(client, trainer):
    client.force_login(trainer)
    assert client.get("/admin/snippets/courses/coursefile/add/").status_code == 200
    response = client.post(
        "/admin/snippets/courses/coursefile/add/",
        {
            "name": "Heat checklist",
            "description": "",
            "file": SimpleUploadedFile("heat.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    stored = File.objects.get()
    assert stored.is_public is False
    assert stored.label == "Heat checklist"
    assert client.get("/admin/snippets/choose/courses/coursefile/").status_code == 200


def test_admin_upload_of_a_forbidden_type_says_why(client, trainer):
    client.force_login(trainer)
    response = client.post(
        "/admin/snippets/courses/coursefile/add/",
        {"name": "x", "file": SimpleUploadedFile("x.svg", b"<svg onload=alert(1)>")},
    )
    assert response.status_code == 200
    page = response.content.decode()  # in the admin's language (Arabic by default)
    assert "«x.svg»" in page and "pdf, docx" in page
    assert not File.objects.exists()


def test_an_uploaded_video_plays_in_the_lesson_for_learners(client, volunteer, course):
    from courses import services as course_services

    video = CourseFile.objects.create(
        folder=course_files_folder(),
        file=ContentFile(b"\x00\x00\x00\x18ftypmp42", name="welcome.mp4"),
        original_filename="welcome.mp4",
        is_public=False,
    )
    lesson = course.lessons[0]
    lesson.body = [("video", {"file": video, "video": None, "caption": "Welcome"})]
    lesson.save_revision().publish()
    course_services.enrolment_create(user=volunteer, course=course.course)
    client.force_login(volunteer)
    page = client.get(lesson.url).content.decode()
    assert f"/learning/lessons/{lesson.pk}/handouts/{video.pk}/?play=1" in page
    response = client.get(url(lesson, video) + "?play=1")
    assert response.status_code == 200
    assert "attachment" not in response["Content-Disposition"]
    assert response["Content-Type"] == "video/mp4"


def test_a_video_block_needs_exactly_one_source():
    from django.core.exceptions import ValidationError

    from courses.blocks import VideoBlock

    block = VideoBlock()
    for value in ({"file": None, "video": None, "caption": ""},):
        with pytest.raises(ValidationError):
            block.clean(block.to_python(value))

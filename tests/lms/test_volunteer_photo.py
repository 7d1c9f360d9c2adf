"""A volunteer's photo for their licence card: judged by its content (never its name), stored
as a normalised JPEG without EXIF in private storage, shown only to the volunteer and the
office staff of their section, and approved or rejected by the office with an audit entry."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

from audit.models import AuditEvent
from field.photos import DecidePhoto
from lms.models import VolunteerPhoto
from lms.photos import (
    PHOTO_SIZE,
    STORED_MAX_BYTES,
    approved_photo_of,
    photo_bytes,
    photo_prepare,
    photo_submit,
)
from lms.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def jpeg(size=(900, 1200), *, color=(40, 90, 140), exif=None) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", exif=exif or b"")
    return buffer.getvalue()


def png(size=(480, 640), mode="RGBA") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 30, 30, 128) if mode == "RGBA" else 100).save(buffer, "PNG")
    return buffer.getvalue()


def upload(content: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def png_claiming(width: int, height: int) -> bytes:
    """A small, well-formed PNG whose header claims ``width`` x ``height``: a decompression
    bomb's header without its cost."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def with_location_and_rotation() -> bytes:
    """A landscape JPEG from a phone held upright (orientation 6) that also says where it
    was taken (GPS) and on which device."""
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to view
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (24.0, 28.0, 6.0), 3: "E", 4: (39.0, 36.0, 50.0)}
    return jpeg((1200, 900), exif=exif.tobytes())


@pytest.fixture
def english():
    with translation.override("en"):
        yield


# Checking and normalising -------------------------------------------------------------------


def test_a_phone_photo_is_turned_upright_cropped_and_stripped_of_exif():
    prepared = photo_prepare(upload(with_location_and_rotation()))
    stored = Image.open(io.BytesIO(prepared.content))
    assert stored.format == "JPEG"
    # Upright (the camera's orientation applied), a 3:4 portrait no larger than the card's.
    assert stored.size == PHOTO_SIZE == (prepared.width, prepared.height)
    assert not stored.getexif()
    assert b"PhoneMaker" not in prepared.content and b"Exif" not in prepared.content
    assert len(prepared.content) <= STORED_MAX_BYTES


def test_a_png_with_transparency_becomes_a_jpeg_on_white():
    prepared = photo_prepare(upload(png(), name="me.png", content_type="image/png"))
    stored = Image.open(io.BytesIO(prepared.content))
    assert stored.format == "JPEG" and stored.mode == "RGB"
    assert stored.size == (480, 640)  # smaller than the card's size: not enlarged


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        # A PNG's signature and then garbage, named as a JPEG.
        (b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 200, "photo.jpg", "not a photo Manara can read"),
        # A PNG's header with its data cut short: Pillow opens it, decoding fails.
        (png()[:120], "photo.jpg", "not a photo Manara can read"),
        # Not an image at all, whatever its name.
        (b"MZ\x90\x00 this is a program, not a photo", "photo.jpg", "not a photo Manara can read"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "photo.png", "not a photo Manara can read"),
        # An image, but not one of the two formats.
        (None, "photo.jpg", "JPEG or PNG"),
        # A header that claims 30,000 x 30,000 pixels (900 megapixels).
        (png_claiming(30_000, 30_000), "photo.png", "too large: at most 50 megapixels"),
        (jpeg((120, 160)), "photo.jpg", "too small: it must be at least 240 × 320 pixels"),
    ],
)
def test_bad_uploads_are_refused_with_a_clear_message(english, content, name, message):
    if content is None:
        buffer = io.BytesIO()
        Image.new("RGB", (600, 800)).save(buffer, "GIF")
        content = buffer.getvalue()
    with pytest.raises(ValidationError, match=message):
        photo_prepare(upload(content, name=name))


@override_settings(MANARA_PHOTO_MAX_BYTES=2 * 1024 * 1024)
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(english):
    big = upload(b"\xff\xd8" + b"\x00" * (2 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError, match="larger than 2 MB"):
        photo_prepare(big)


def test_a_bad_upload_on_the_page_says_why_in_the_volunteers_language_and_stores_nothing(
    client, volunteer
):
    client.force_login(volunteer)
    garbage = upload(b"\x89PNG\r\n\x1a\n" + b"garbage" * 50, name="photo.jpg")
    response = client.post("/en/accounts/profile/photo/", {"photo": garbage})
    assert response.status_code == 400
    assert "not a photo Manara can read" in response.content.decode()
    assert not VolunteerPhoto.objects.exists()
    # The same refusal on the Arabic page is the form's error there (the default language).
    response = client.post("/ar/accounts/profile/photo/", {"photo": upload(b"not an image")})
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert not VolunteerPhoto.objects.exists()


# Uploading, waiting, deciding ----------------------------------------------------------------


def test_an_upload_waits_for_the_office_and_a_new_one_replaces_it(
    client, volunteer, django_capture_on_commit_callbacks
):
    client.force_login(volunteer)
    response = client.post("/en/accounts/profile/photo/", {"photo": upload(jpeg())})
    assert response.status_code == 302
    first = VolunteerPhoto.objects.get()
    assert first.status == "pending" and first.user == volunteer
    stored_name = first.image.name
    assert first.image.storage.exists(stored_name)
    assert approved_photo_of(volunteer) is None  # waiting: never on a card

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/profile/photo/", {"photo": upload(jpeg(color=(1, 2, 3)))})
    second = VolunteerPhoto.objects.get()
    assert second.pk != first.pk and second.status == "pending"
    assert not first.image.storage.exists(stored_name)

    page = client.get("/en/accounts/profile/photo/").content.decode()
    assert "Waiting for the office" in page and f"/accounts/photos/{second.pk}/" in page


@pytest.fixture
def waiting_photo(volunteer):
    return photo_submit(user=volunteer, prepared=photo_prepare(upload(jpeg())))


@pytest.fixture
def men_office():
    return UserFactory(roles=[Role.OFFICE_STAFF], staff_section="men", section="men")


@pytest.fixture
def women_office():
    return UserFactory(roles=[Role.OFFICE_STAFF], staff_section="women", section="women")


def test_the_photo_is_served_to_its_volunteer_and_their_sections_office_only(
    client, volunteer, waiting_photo, men_office, women_office
):
    url = f"/en/accounts/photos/{waiting_photo.pk}/"
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(volunteer)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    assert response.content == photo_bytes(waiting_photo)
    client.force_login(UserFactory())  # another volunteer
    assert client.get(url).status_code == 404
    client.force_login(women_office)  # the other section's office
    assert client.get(url).status_code == 404
    client.force_login(men_office)
    assert client.get(url).status_code == 200


def test_the_office_approves_a_photo_of_its_section_with_an_audit_entry(
    client, volunteer, waiting_photo, men_office, women_office
):
    client.force_login(women_office)
    queue = client.get("/admin/accreditation/photos/").content.decode()
    assert f"/accounts/photos/{waiting_photo.pk}/" not in queue
    response = client.post(
        f"/admin/accreditation/photos/{waiting_photo.pk}/decide/",
        {"decision": "approve"},
        follow=True,
    )
    assert response.status_code == 404  # (the admin's "not found" passes by the Arabic page's)
    waiting_photo.refresh_from_db()
    assert waiting_photo.status == "pending"
    client.force_login(men_office)
    queue = client.get("/admin/accreditation/photos/").content.decode()
    assert f"/accounts/photos/{waiting_photo.pk}/" in queue
    client.post(f"/admin/accreditation/photos/{waiting_photo.pk}/decide/", {"decision": "approve"})
    waiting_photo.refresh_from_db()
    assert waiting_photo.status == "approved" and waiting_photo.decided_by == men_office
    assert waiting_photo.decided_at is not None
    assert approved_photo_of(volunteer) == waiting_photo
    event = AuditEvent.objects.get(action="field.photo_approve")
    assert event.actor == men_office and event.section == "men"
    assert event.object_id == str(waiting_photo.pk)
    assert (
        f"/accounts/photos/{waiting_photo.pk}/"
        not in client.get("/admin/accreditation/photos/").content.decode()
    )


def test_a_rejection_needs_a_reason_the_volunteer_then_reads(
    client, english, volunteer, waiting_photo, men_office
):
    with pytest.raises(ValidationError, match="reason"):
        DecidePhoto(photo=waiting_photo, user=men_office, approve=False).execute()
    client.force_login(men_office)
    client.post(
        f"/admin/accreditation/photos/{waiting_photo.pk}/decide/",
        {"decision": "reject", "reason": "Sunglasses hide the face."},
    )
    waiting_photo.refresh_from_db()
    assert waiting_photo.status == "rejected"
    assert waiting_photo.rejection_reason == "Sunglasses hide the face."
    assert AuditEvent.objects.get(action="field.photo_reject").reason == "Sunglasses hide the face."
    assert approved_photo_of(volunteer) is None
    client.force_login(volunteer)
    page = client.get("/en/accounts/profile/photo/").content.decode()
    assert "Rejected" in page and "Sunglasses hide the face." in page


def test_a_photo_is_decided_once_and_never_by_its_own_volunteer(waiting_photo, men_office):
    from django.core.exceptions import PermissionDenied

    waiting_photo.user.groups.add(*men_office.groups.all())  # the volunteer is office staff too
    waiting_photo.user._manara_roles = None
    with pytest.raises(PermissionDenied):
        DecidePhoto(photo=waiting_photo, user=waiting_photo.user, approve=True).execute()
    DecidePhoto(photo=waiting_photo, user=men_office, approve=True).execute()
    with translation.override("en"), pytest.raises(ValidationError, match="already"):
        DecidePhoto(photo=waiting_photo, user=men_office, approve=False, reason="x").execute()
    assert AuditEvent.objects.filter(action__startswith="field.photo_").count() == 1


def test_the_queue_uses_a_constant_number_of_queries(
    client, men_office, django_assert_max_num_queries
):
    for _n in range(3):
        photo_submit(user=UserFactory(), prepared=photo_prepare(upload(jpeg())))
    client.force_login(men_office)
    with django_assert_max_num_queries(12) as few:
        client.get("/admin/accreditation/photos/")
    for _n in range(5):
        photo_submit(user=UserFactory(), prepared=photo_prepare(upload(jpeg())))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/admin/accreditation/photos/").content.decode()
    assert page.count("/accounts/photos/") == 8


# Whatever is accepted is stored the same way ----------------------------------------------------


@hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    # At least 320 each way, so a photo turned upright by its orientation is large enough.
    width=st.integers(min_value=320, max_value=2400),
    height=st.integers(min_value=320, max_value=2400),
    kind=st.sampled_from(["JPEG", "PNG"]),
    mode=st.sampled_from(["RGB", "L", "RGBA", "P"]),
    orientation=st.sampled_from([1, 3, 6, 8]),
)
def test_every_accepted_photo_is_a_bounded_portrait_jpeg_without_exif(
    width, height, kind, mode, orientation
):
    if kind == "JPEG" and mode in ("RGBA", "P"):
        mode = "RGB"
    image = Image.new(mode, (width, height))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    buffer = io.BytesIO()
    image.save(buffer, kind, exif=exif.tobytes())
    prepared = photo_prepare(upload(buffer.getvalue(), name="any.name"))
    stored = Image.open(io.BytesIO(prepared.content))
    assert stored.format == "JPEG" and stored.mode == "RGB"
    assert stored.size == (prepared.width, prepared.height)
    assert stored.width <= PHOTO_SIZE[0] and stored.height <= PHOTO_SIZE[1]
    assert abs(stored.width * 4 - stored.height * 3) <= 4  # a 3:4 portrait, to a pixel
    assert not stored.getexif() and b"PhoneMaker" not in prepared.content
    assert len(prepared.content) <= STORED_MAX_BYTES

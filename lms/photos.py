"""Volunteers' photos for their licence cards: checking an upload, normalising it, keeping it
in the photos' private storage, and the office's decision on it.

An upload is judged by its content, never by its name: Pillow must read it as a JPEG or a
PNG, within the size and dimension limits, before anything is stored. What is stored is not
the upload but a new JPEG drawn from its pixels: turned upright as the camera said, cropped to
the card's 3:4 portrait, no larger than ``PHOTO_SIZE``, without EXIF (no place, no device).

The decision's audit entry is written by the caller above ``lms`` (``field.photos``): ``lms``
imports no other app."""

import io
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from lms.models import User, VolunteerPhoto
from lms.numbers import format_number

FORMATS = {"JPEG", "PNG"}
# What is stored and printed: a 3:4 portrait, as on an identity card.
PHOTO_SIZE = (600, 800)
ASPECT = PHOTO_SIZE[0] / PHOTO_SIZE[1]
STORED_MAX_BYTES = 250 * 1024


def _limits() -> dict:
    return {
        "max_bytes": settings.MANARA_PHOTO_MAX_BYTES,
        "min_width": settings.MANARA_PHOTO_MIN_SIZE[0],
        "min_height": settings.MANARA_PHOTO_MIN_SIZE[1],
        "max_pixels": settings.MANARA_PHOTO_MAX_PIXELS,
    }


@dataclass(frozen=True)
class PreparedPhoto:
    content: bytes
    width: int
    height: int


def photo_prepare(upload) -> PreparedPhoto:
    """The upload as the JPEG to store, or ValidationError with a message in the active
    language saying what is wrong. Reads the header first, so an image that claims huge
    dimensions is refused before its pixels are decoded."""
    limits = _limits()
    if upload.size > limits["max_bytes"]:
        raise ValidationError(
            _("The photo is larger than %(size)s MB. Choose a smaller file.")
            % {"size": format_number(limits["max_bytes"] // (1024 * 1024))},
            code="too_big",
        )
    unreadable = ValidationError(
        _("This file is not a photo Manara can read. Upload a JPEG or PNG photo."),
        code="unreadable",
    )
    too_large = ValidationError(
        _("The photo is too large: at most %(pixels)s megapixels.")
        % {"pixels": format_number(limits["max_pixels"] // 1_000_000)},
        code="too_large",
    )
    upload.seek(0)
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind, (width, height) = probe.format, probe.size
    except Image.DecompressionBombError as error:
        raise too_large from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise unreadable from error
    if kind not in FORMATS:
        raise ValidationError(_("Upload the photo as a JPEG or PNG image."), code="format")
    if width * height > limits["max_pixels"]:
        raise too_large
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as error:
        raise unreadable from error
    if upright.width < limits["min_width"] or upright.height < limits["min_height"]:
        raise ValidationError(
            _("The photo is too small: it must be at least %(width)s × %(height)s pixels.")
            % {
                "width": format_number(limits["min_width"]),
                "height": format_number(limits["min_height"]),
            },
            code="too_small",
        )
    return _normalised(upright)


def _normalised(image: Image.Image) -> PreparedPhoto:
    if image.mode in ("RGBA", "LA", "P", "PA"):
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    elif image.mode != "RGB":
        image = image.convert("RGB")
    width, height = image.size
    if width / height > ASPECT:
        crop_width = round(height * ASPECT)
        left = (width - crop_width) // 2
        image = image.crop((left, 0, left + crop_width, height))
    elif width / height < ASPECT:
        crop_height = round(width / ASPECT)
        # Faces sit in the upper part of a portrait: keep more of the top.
        top = round((height - crop_height) * 0.35)
        image = image.crop((0, top, width, top + crop_height))
    if image.width > PHOTO_SIZE[0]:
        image = image.resize(PHOTO_SIZE, Image.Resampling.LANCZOS)
    for quality in (85, 75, 65, 55):
        buffer = io.BytesIO()
        # No exif= argument: Pillow writes no EXIF, ICC or comment of the original.
        image.save(buffer, "JPEG", quality=quality, optimize=True)
        if buffer.tell() <= STORED_MAX_BYTES:
            break
    return PreparedPhoto(buffer.getvalue(), image.width, image.height)


# Services ---------------------------------------------------------------------------------


@transaction.atomic
def photo_submit(*, user: User, prepared: PreparedPhoto) -> VolunteerPhoto:
    """Store a prepared photo as ``user``'s photo waiting for the office. A photo already
    waiting is replaced (its file removed once the transaction commits); an approved one keeps
    printing until the office approves the new one."""
    storage = VolunteerPhoto._meta.get_field("image").storage
    waiting = list(
        VolunteerPhoto.objects.select_for_update().filter(
            user=user, status=VolunteerPhoto.Status.PENDING
        )
    )
    for old in waiting:
        name = old.image.name
        old.delete()
        transaction.on_commit(lambda name=name: storage.delete(name))
    name = storage.save(f"{user.pk}/{uuid.uuid4().hex}.jpg", ContentFile(prepared.content))
    try:
        with transaction.atomic():
            photo = VolunteerPhoto.objects.create(
                user=user, image=name, width=prepared.width, height=prepared.height
            )
    except IntegrityError:
        storage.delete(name)
        raise
    return photo


class PhotoAlreadyDecided(ValidationError):
    pass


@transaction.atomic
def photo_decide(
    *, photo: VolunteerPhoto, actor: User, approve: bool, reason: str = ""
) -> VolunteerPhoto:
    """Approve or reject a waiting photo, with who and when (and why, on rejection). Only a
    waiting photo is decided, once: two staff deciding at the same moment cannot both win.
    The caller checks the permission and writes the audit entry in the same transaction."""
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError(_("Give the reason for rejecting the photo."), code="reason")
    status = VolunteerPhoto.Status.APPROVED if approve else VolunteerPhoto.Status.REJECTED
    now = timezone.now()
    updated = VolunteerPhoto.objects.filter(
        pk=photo.pk, status=VolunteerPhoto.Status.PENDING
    ).update(
        status=status,
        decided_by=actor,
        decided_at=now,
        rejection_reason="" if approve else reason,
    )
    if not updated:
        raise PhotoAlreadyDecided(_("This photo has already been decided."), code="decided")
    photo.refresh_from_db()
    return photo


# Selectors --------------------------------------------------------------------------------


def approved_photos_of(user_ids) -> dict[int, VolunteerPhoto]:
    """Each person's current approved photo (the last approved), for the cards of many
    licences in one query. A pending or rejected photo is never returned."""
    found = (
        VolunteerPhoto.objects.filter(user_id__in=user_ids, status=VolunteerPhoto.Status.APPROVED)
        .order_by("user_id", "-decided_at", "-pk")
        .only("pk", "user_id", "image", "decided_at")
    )
    photos: dict[int, VolunteerPhoto] = {}
    for photo in found:
        photos.setdefault(photo.user_id, photo)
    return photos


def approved_photo_of(user) -> VolunteerPhoto | None:
    return approved_photos_of([user.pk]).get(user.pk)


def photo_bytes(photo: VolunteerPhoto) -> bytes | None:
    """The stored JPEG, or None when storage lost it."""
    try:
        with photo.image.open("rb") as stored:
            return stored.read()
    except OSError:
        return None


def photos_for_profile(user) -> dict:
    """What the photo page shows: the approved photo (printing now), the one waiting and the
    last rejected one after it, with its reason."""
    latest = list(user.photos.order_by("-uploaded_at", "-pk")[:10])
    approved = approved_photo_of(user)
    pending = next((p for p in latest if p.status == VolunteerPhoto.Status.PENDING), None)
    rejected = next((p for p in latest if p.status == VolunteerPhoto.Status.REJECTED), None)
    if rejected and approved and rejected.uploaded_at < approved.uploaded_at:
        rejected = None
    if rejected and pending:
        rejected = None
    return {"approved": approved, "pending": pending, "rejected": rejected}


def photos_waiting(queryset):
    """The office's queue: photos waiting, oldest first, with their people."""
    return (
        queryset.filter(status=VolunteerPhoto.Status.PENDING)
        .select_related("user")
        .order_by("uploaded_at", "pk")
    )

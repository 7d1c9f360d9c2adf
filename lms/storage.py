"""Where volunteers' photos live: the storage alias ``photos`` when the settings define one
(a private S3-compatible bucket in production), else a private folder beside the media root
(``../smedia/photos``), never under MEDIA_ROOT, which a web server may serve as it is. Every
read and write goes through this storage; photos are served only by
``lms.photo_views.photo_file`` after its permission check."""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages


@cache
def _fallback() -> Storage:
    return FileSystemStorage(location=Path(settings.MEDIA_ROOT).parent / "smedia" / "photos")


def photo_storage() -> Storage:
    if "photos" in settings.STORAGES:
        return storages["photos"]
    return _fallback()

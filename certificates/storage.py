"""Where issued certificate PDFs live: the storage alias ``certificates`` when the settings
define one (a private S3-compatible bucket in production), else a private folder beside the
media root (``../smedia/certificates``). Out of every editor's file library: nothing but the
certificates app writes or lists it, and files are served only by
``certificates.views.certificate_download`` after its checks."""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages


@cache
def _fallback() -> Storage:
    return FileSystemStorage(location=Path(settings.MEDIA_ROOT).parent / "smedia" / "certificates")


def certificate_storage() -> Storage:
    if "certificates" in settings.STORAGES:
        return storages["certificates"]
    return _fallback()

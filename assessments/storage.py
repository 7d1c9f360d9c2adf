"""Where H5P packages live: the storage alias ``h5p`` when the settings define one (an
S3-compatible bucket in production, through django-storages), else a private folder beside
the media root (``../smedia/h5p``, like django-filer's private files).

Never under MEDIA_ROOT: a web server (or ``static()`` in development) serves that folder as
it is, without the isolating headers that ``assessments.views.h5p_file`` adds."""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages


@cache
def _fallback() -> Storage:
    return FileSystemStorage(location=Path(settings.MEDIA_ROOT).parent / "smedia" / "h5p")


def h5p_storage() -> Storage:
    if "h5p" in settings.STORAGES:
        return storages["h5p"]
    return _fallback()

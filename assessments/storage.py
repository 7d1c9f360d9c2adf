"""Where H5P packages live: the storage alias ``h5p`` when the settings define one (an
S3-compatible bucket in production, through django-storages), else a private folder beside
the media root (``../smedia/h5p``, like django-filer's private files).

What it holds, every file written once at upload and never changed:
``packages/<uuid>/`` the content of each package (``h5p.json``, ``content/``);
``libraries/<Machine.Name-major.minor.patch>-<digest>/`` each library once, shared by the
packages bundling the same files (``H5PLibrary``); ``archives/<uuid>.h5p`` the uploads as
they came. Every read and write goes through this storage, never a local path.

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

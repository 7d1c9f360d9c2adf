import io
import os
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.environment import require

# The shared folder sits beside the project (../shared); MANARA_SHARED_DIR names another.
SHARED = Path(os.environ.get("MANARA_SHARED_DIR") or Path(settings.BASE_DIR).parent / "shared")
FIXTURES = SHARED / "fixtures" / "h5p"


def fixture_path(relative: str) -> Path:
    path = FIXTURES / relative
    require("shared-fixtures", path.exists(), f"no H5P fixture at {path}")
    return path


def fixture_upload(relative: str) -> SimpleUploadedFile:
    path = fixture_path(relative)
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="application/zip")


def minimal_files() -> dict:
    """A small valid package: one library, its script and style, h5p.json, content.json."""
    return {
        "h5p.json": (
            '{"title": "Hello", "language": "ar", "mainLibrary": "H5P.Hello", '
            '"embedTypes": ["div"], "preloadedDependencies": '
            '[{"machineName": "H5P.Hello", "majorVersion": 1, "minorVersion": 0}]}'
        ),
        "content/content.json": '{"greeting": "مرحبا"}',
        "H5P.Hello-1.0/library.json": (
            '{"title": "Hello", "machineName": "H5P.Hello", "majorVersion": 1, '
            '"minorVersion": 0, "patchVersion": 2, "runnable": 1, '
            '"preloadedJs": [{"path": "hello.js"}], "preloadedCss": [{"path": "hello.css"}]}'
        ),
        "H5P.Hello-1.0/hello.js": "var H5P = H5P || {};",
        "H5P.Hello-1.0/hello.css": ".h5p-hello {}",
    }


def build_package(
    files: dict, name: str = "built.h5p", symlinks=(), compression=zipfile.ZIP_DEFLATED
):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for member, data in files.items():
            archive.writestr(member, data)
        for member, target in symlinks:
            info = zipfile.ZipInfo(member)
            info.external_attr = 0o120777 << 16
            archive.writestr(info, target)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


@pytest.fixture
def h5p_root(settings, tmp_path):
    """Package storage in a fresh folder per test, so "nothing left behind" can be seen."""
    from assessments import storage

    settings.MEDIA_ROOT = tmp_path / "media"
    storage._fallback.cache_clear()
    yield tmp_path / "smedia" / "h5p"
    storage._fallback.cache_clear()


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture(autouse=True)
def fresh_cache():
    """Courses caches each lesson's course key; ids repeat from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def in_english():
    """Messages are compared in English, whatever language the worker last spoke."""
    from django.utils import translation

    with translation.override("en"):
        yield


from tests.assessments.quiz_fixtures import quiz_lesson  # noqa: E402, F401

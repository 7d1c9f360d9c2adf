"""Uploading H5P packages: real ones are kept and unpacked once; broken and hostile ones are
refused with a message naming the file and the problem, and leave nothing behind."""

import os
import zipfile

import pytest

from assessments.h5p import PackageRejected
from assessments.models import H5PPackage
from assessments.services import package_create
from tests.assessments.conftest import (
    build_package,
    fixture_path,
    fixture_upload,
    minimal_files,
    stored_files,
)

pytestmark = pytest.mark.django_db

REAL = [
    "H5P.MultiChoice.h5p",
    "H5P.TrueFalse.h5p",
    "long_content_file_name.h5p",
    "valid2.h5p",
    "valid3-3-images.h5p",
]
INVALID = {
    "corrupt_archive.h5p": "is not a zip archive",
    "broken-h5p-json.h5p": "“h5p.json” is not valid JSON",
    "broken-content-json.h5p": "“content/content.json” is not valid JSON",
    "invalid-h5p-json-schema.h5p": "“h5p.json” lacks the required field “mainLibrary”",
    "invalid-library-json.h5p": (
        "“H5P.GreetingCard-1.0/library.json” lacks the required field “majorVersion”"
    ),
    "invalid-library-directory-name.h5p": "Library folder “H5P.GreetingCard-1.0” holds",
    "malformed-library-directory.h5p": "“library!” is not a library folder name",
    "missing-preloaded-js.h5p": "lists “greetingcard.js” in preloadedJs, but the package lacks it",
    "2-invalid-libraries.h5p": "“H5P.GreetingCard-1.0/language/XXX!.json” is not a language file",
}


@pytest.mark.parametrize("name", REAL)
def test_real_packages_are_kept_and_unpacked_once(name, h5p_root, trainer):
    package = package_create(upload=fixture_upload(f"real/{name}"), uploaded_by=trainer)
    assert package.file_count > 0
    assert package.main_library.startswith("H5P.")
    files = stored_files(h5p_root)
    content = [path for path in files if f"packages/{package.uuid}/" in str(path)]
    libraries = [
        path
        for library in package.libraries.all()
        for path in stored_files(h5p_root / "libraries" / library.folder)
    ]
    # The content under the package's folder, each library once in the shared folder.
    assert len(content) + len(libraries) == package.file_count
    assert all(path.relative_to(h5p_root).parts[2] in ("content", "h5p.json") for path in content)
    assert package.libraries_shared
    assert (h5p_root / "packages" / str(package.uuid) / "h5p.json").exists()
    assert (h5p_root / package.archive).exists()


@pytest.mark.parametrize(("name", "message"), INVALID.items())
def test_invalid_packages_are_refused_by_name_and_leave_nothing(name, message, h5p_root, trainer):
    with pytest.raises(PackageRejected) as refused:
        package_create(upload=fixture_upload(f"invalid/{name}"), uploaded_by=trainer)
    assert message in refused.value.message
    assert stored_files(h5p_root) == []
    assert not H5PPackage.objects.exists()


def test_a_built_minimal_package_is_kept(h5p_root, trainer):
    package = package_create(upload=build_package(minimal_files()), uploaded_by=trainer)
    assert package.title == "Hello"
    assert package.language == "ar"
    assert package.file_count == 5


@pytest.mark.parametrize(
    ("member", "message"),
    [
        ("../../evil.js", "points outside the package"),
        ("content/../../evil.js", "points outside the package"),
        ("/etc/evil.js", "has an absolute path"),
        ("C:/evil.js", "has an absolute path"),
        ("content\\evil.js", "uses backslashes"),
        ("content/page.html", "has a file type H5P packages may not contain (.html)"),
        ("content/run.php", "(.php)"),
        ("H5P.Hello-1.0/noextension", "has a file type"),
    ],
)
def test_hostile_members_are_refused(member, message, h5p_root, trainer):
    files = {**minimal_files(), member: "x"}
    with pytest.raises(PackageRejected) as refused:
        package_create(upload=build_package(files), uploaded_by=trainer)
    assert message in refused.value.message
    assert member.replace("\\", "\\") in refused.value.message or message in refused.value.message
    assert stored_files(h5p_root) == []
    assert not H5PPackage.objects.exists()


def test_symlinks_are_refused(h5p_root, trainer):
    upload = build_package(minimal_files(), symlinks=[("content/link.json", "/etc/passwd")])
    with pytest.raises(PackageRejected, match="“content/link.json” is a symbolic link"):
        package_create(upload=upload, uploaded_by=trainer)
    assert stored_files(h5p_root) == []


def test_a_zip_bomb_is_refused(h5p_root, trainer):
    files = {**minimal_files(), "content/zeros.json": "0" * (20 * 1024 * 1024)}
    with pytest.raises(PackageRejected, match="zip bomb"):
        package_create(upload=build_package(files), uploaded_by=trainer)
    assert stored_files(h5p_root) == []


def test_a_package_unpacking_beyond_the_limit_is_refused(h5p_root, trainer, settings):
    settings.MANARA_H5P_MAX_UNPACKED_BYTES = 1000
    files = {**minimal_files(), "content/big.txt": os.urandom(1500).hex()}
    with pytest.raises(PackageRejected, match="unpacks to"):
        package_create(upload=build_package(files), uploaded_by=trainer)


def test_an_oversized_upload_is_refused(h5p_root, trainer, settings):
    settings.MANARA_H5P_MAX_BYTES = 500
    with pytest.raises(PackageRejected, match="H5P packages may be at most"):
        package_create(upload=build_package(minimal_files(), name="big.h5p"), uploaded_by=trainer)
    assert stored_files(h5p_root) == []


def test_a_missing_dependency_of_a_library_is_named(h5p_root, trainer):
    files = minimal_files()
    files["H5P.Hello-1.0/library.json"] = files["H5P.Hello-1.0/library.json"].replace(
        '"runnable": 1,',
        '"runnable": 1, "preloadedDependencies": '
        '[{"machineName": "H5P.JoubelUI", "majorVersion": 1, "minorVersion": 3}],',
    )
    with pytest.raises(PackageRejected) as refused:
        package_create(upload=build_package(files), uploaded_by=trainer)
    assert refused.value.message == (
        "“H5P.Hello-1.0/library.json” needs the library H5P.JoubelUI 1.3, which the package lacks."
    )


def test_a_failure_half_way_through_unpacking_removes_what_was_written(
    h5p_root, trainer, monkeypatch
):
    from assessments import services

    calls = {"n": 0}
    real = services.read_member

    def failing(archive, info):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return real(archive, info)

    monkeypatch.setattr(services, "read_member", failing)
    with pytest.raises(OSError):
        package_create(upload=build_package(minimal_files()), uploaded_by=trainer)
    assert stored_files(h5p_root) == []
    assert not H5PPackage.objects.exists()


def test_a_failure_after_a_library_was_stored_removes_it_and_its_row(
    h5p_root, trainer, monkeypatch
):
    from assessments import services
    from assessments.models import H5PLibrary

    real = services._store

    def failing(storage, wanted, data, written, *, shown_as):
        if wanted.startswith("packages/"):
            raise OSError("disk full")
        return real(storage, wanted, data, written, shown_as=shown_as)

    monkeypatch.setattr(services, "_store", failing)
    with pytest.raises(OSError):
        package_create(upload=build_package(minimal_files()), uploaded_by=trainer)
    assert stored_files(h5p_root) == []
    assert not H5PLibrary.objects.exists()
    assert not H5PPackage.objects.exists()


def test_the_hostile_svg_package_is_accepted(h5p_root, trainer):
    fixture_path("hostile/xss-svg.h5p")
    package = package_create(upload=fixture_upload("hostile/xss-svg.h5p"), uploaded_by=trainer)
    assert (h5p_root / package.folder / "content" / "images" / "xss.svg").exists()


def test_deeply_nested_content_json_is_refused_by_name(h5p_root, trainer):
    files = {**minimal_files(), "content/content.json": "[" * 50_000 + "]" * 50_000}
    upload = build_package(files, compression=zipfile.ZIP_STORED)
    with pytest.raises(PackageRejected, match="“content/content.json” is nested more than"):
        package_create(upload=upload, uploaded_by=trainer)
    assert stored_files(h5p_root) == []

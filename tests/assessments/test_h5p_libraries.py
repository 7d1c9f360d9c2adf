"""H5P libraries are stored once and shared by the packages that bundle them; a library
file of a type no browser runs (.swf) is left out, the package accepted; the office loads a
set of packages with ``manage.py h5p_import``; packages stored before sharing move over."""

import importlib
import json

import pytest
from django.apps import apps as django_apps
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from assessments.activity import files_token
from assessments.h5p import PackageRejected
from assessments.models import H5PLibrary, H5PPackage
from assessments.services import libraries_prune, package_create, package_delete_files
from assessments.storage import h5p_storage
from tests.assessments.conftest import (
    build_package,
    fixture_path,
    fixture_upload,
    minimal_files,
    stored_files,
)

pytestmark = pytest.mark.django_db


def hello_with(extra: dict, *, title="Hello") -> dict:
    files = {**minimal_files(), **extra}
    files["h5p.json"] = files["h5p.json"].replace('"Hello"', json.dumps(title), 1)
    return files


def test_two_packages_bundling_the_same_library_store_it_once(h5p_root, trainer):
    first = package_create(upload=build_package(hello_with({}, title="One")), uploaded_by=trainer)
    second = package_create(upload=build_package(hello_with({}, title="Two")), uploaded_by=trainer)
    library = H5PLibrary.objects.get()
    assert list(first.libraries.all()) == list(second.libraries.all()) == [library]
    assert library.folder.startswith("H5P.Hello-1.0.2-")
    assert len(stored_files(h5p_root / "libraries")) == 3  # library.json, hello.js, hello.css
    assert not (h5p_root / first.folder / "H5P.Hello-1.0").exists()


def test_a_library_whose_files_differ_gets_a_copy_of_its_own(h5p_root, trainer):
    package_create(upload=build_package(minimal_files()), uploaded_by=trainer)
    edited = {**minimal_files(), "H5P.Hello-1.0/hello.js": "var H5P = H5P || {}; H5P.x = 1;"}
    other = package_create(upload=build_package(edited), uploaded_by=trainer)
    assert H5PLibrary.objects.count() == 2
    # The second package plays its own code, not the first one's.
    url = reverse("h5p_library", args=[files_token(other), "H5P.Hello-1.0/hello.js"])
    assert b"H5P.x = 1" in b"".join(Client().get(url).streaming_content)


def test_real_packages_share_their_common_libraries(h5p_root, trainer):
    names = ["H5P.MultiChoice.h5p", "H5P.TrueFalse.h5p"]
    packages = [
        package_create(upload=fixture_upload(f"real/{name}"), uploaded_by=trainer) for name in names
    ]
    own = sum(p.libraries.count() for p in packages)
    shared = H5PLibrary.objects.count()
    assert shared < own
    assert H5PLibrary.objects.filter(machine_name="H5P.Question").count() == 1
    stored = sum(path.stat().st_size for path in stored_files(h5p_root / "libraries"))
    stored += sum(path.stat().st_size for path in stored_files(h5p_root / "packages"))
    assert stored < sum(p.unpacked_bytes for p in packages)


def test_a_library_file_of_a_package_is_served_only_with_that_packages_token(h5p_root, trainer):
    hello = package_create(upload=build_package(minimal_files()), uploaded_by=trainer)
    other = package_create(upload=fixture_upload("real/valid2.h5p"), uploaded_by=trainer)
    mine = reverse("h5p_library", args=[files_token(hello), "H5P.Hello-1.0/hello.js"])
    response = Client().get(mine)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "script-src 'none'" in response["Content-Security-Policy"]
    theirs = reverse("h5p_library", args=[files_token(other), "H5P.Hello-1.0/hello.js"])
    assert Client().get(theirs).status_code == 404
    for path in ["H5P.Hello-1.0/../../x.js", "H5P.Hello-1.0", "hello.js"]:
        url = mine.replace("H5P.Hello-1.0/hello.js", path)
        assert Client().get(url).status_code == 404, path


def flash_package():
    """A package whose library carries a Flash fallback, as hub libraries (H5P.Video) do."""
    return build_package(
        {**minimal_files(), "H5P.Hello-1.0/flash/player.swf": b"FWS\x0a" + b"\x00" * 64},
        name="flash.h5p",
    )


def test_a_package_whose_library_carries_flash_goes_in_without_it(h5p_root, trainer):
    package = package_create(upload=flash_package(), uploaded_by=trainer)
    assert package.inert_files == ["H5P.Hello-1.0/flash/player.swf"]
    assert package.file_count == 5
    assert not [path for path in stored_files(h5p_root) if path.suffix == ".swf"]
    url = reverse("h5p_library", args=[files_token(package), "H5P.Hello-1.0/flash/player.swf"])
    assert Client().get(url).status_code == 404


@pytest.mark.parametrize(
    ("member", "message"),
    [
        ("H5P.Hello-1.0/page.html", "(.html)"),
        ("H5P.Hello-1.0/page.xhtml", "(.xhtml)"),
        ("content/run.php", "(.php)"),
        ("content/movie.fla", "(.fla)"),
        ("content/x.exe", "(.exe)"),
    ],
)
def test_every_other_type_stays_refused_beside_a_flash_file(member, message, h5p_root, trainer):
    files = {**minimal_files(), "H5P.Hello-1.0/player.swf": b"FWS", member: "x"}
    with pytest.raises(PackageRejected, match=message.replace(".", r"\.")):
        package_create(upload=build_package(files), uploaded_by=trainer)
    assert stored_files(h5p_root) == []


def test_deleting_a_package_keeps_libraries_others_use_and_prunes_the_rest(h5p_root, trainer):
    first = package_create(upload=build_package(minimal_files()), uploaded_by=trainer)
    second = package_create(upload=build_package(minimal_files()), uploaded_by=trainer)
    first.delete()
    package_delete_files(package=first)
    assert H5PLibrary.objects.count() == 1
    assert len(stored_files(h5p_root / "libraries")) == 3
    second.delete()
    package_delete_files(package=second)
    assert not H5PLibrary.objects.exists()
    assert stored_files(h5p_root) == []
    assert libraries_prune() == 0


def test_h5p_import_prints_one_line_per_package(h5p_root, trainer, capsys, tmp_path):
    flash = tmp_path / "flash.h5p"
    flash.write_bytes(flash_package().read())
    files = [
        str(fixture_path("real/H5P.Column-with-video.h5p")),
        str(fixture_path("invalid/missing-preloaded-js.h5p")),
        str(flash),
        str(tmp_path / "absent.h5p"),
    ]
    with pytest.raises(CommandError, match="2 of 4 packages refused"):
        call_command("h5p_import", *files)
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 4
    assert lines[0].endswith(
        "accepted as “https://www.youtube.com/watch?v=mOwNaUQQJxo” (H5P.Column). "
        "Media hosts not allowed: www.youtube-nocookie.com."
    )
    assert "refused: “H5P.GreetingCard-1.0/library.json” lists “greetingcard.js”" in lines[1]
    assert lines[2].endswith("Left out 1 file browsers no longer run (Flash).")
    assert lines[3].endswith("absent.h5p: refused: no such file.")
    assert H5PPackage.objects.count() == 2


def test_h5p_import_can_allow_the_named_media_hosts(h5p_root, trainer, capsys):
    call_command(
        "h5p_import", str(fixture_path("real/H5P.Column-with-video.h5p")), "--allow-media-hosts"
    )
    assert "Media allowed from: www.youtube-nocookie.com." in capsys.readouterr().out
    assert H5PPackage.objects.get().media_hosts == ["www.youtube-nocookie.com"]


def legacy_package(trainer) -> H5PPackage:
    """A package as stored before libraries were shared: everything under its own folder."""
    package = H5PPackage.objects.create(
        title="Old", main_library="H5P.Hello", archive="", original_filename="old.h5p"
    )
    storage = h5p_storage()
    for name, data in minimal_files().items():
        storage.save(f"{package.folder}/{name}", ContentFile(data.encode()))
    return package


def test_a_package_stored_before_sharing_still_plays_from_its_own_folder(h5p_root, trainer):
    package = legacy_package(trainer)
    url = reverse("h5p_file", args=[files_token(package), "H5P.Hello-1.0/hello.js"])
    assert Client().get(url).status_code == 200


def test_the_data_migration_moves_old_packages_into_the_shared_layout(h5p_root, trainer):
    current = package_create(upload=build_package(minimal_files()), uploaded_by=trainer)
    old = legacy_package(trainer)
    migration = importlib.import_module("assessments.migrations.0008_share_package_libraries")
    migration.share_libraries(django_apps, None)
    old.refresh_from_db()
    assert old.libraries_shared
    # The same files as the new package's library: one stored library for both.
    assert list(old.libraries.all()) == list(current.libraries.all())
    assert stored_files(h5p_root / old.folder / "H5P.Hello-1.0") == []
    assert (h5p_root / old.folder / "content" / "content.json").exists()
    url = reverse("h5p_library", args=[files_token(old), "H5P.Hello-1.0/hello.js"])
    assert Client().get(url).status_code == 200
    migration.share_libraries(django_apps, None)  # again: nothing left to move
    assert H5PLibrary.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_uploads_of_a_new_library_store_it_once(h5p_root, trainer):
    """On PostgreSQL: four uploads bundling the same new library at the same moment all go
    in, and the library is one row with one set of files (the others wait on its row)."""
    import threading

    from django.db import connection, connections

    from tests.environment import require

    require("postgres", connection.vendor == "postgresql", "needs concurrent transactions")
    barrier = threading.Barrier(4)
    errors = []

    def upload():
        try:
            barrier.wait()
            package_create(upload=build_package(minimal_files()), uploaded_by=trainer)
        except Exception as error:  # noqa: BLE001 - asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=upload) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert H5PPackage.objects.count() == 4
    library = H5PLibrary.objects.get()
    assert library.packages.count() == 4
    assert sorted(p.name for p in stored_files(h5p_root / "libraries")) == [
        "hello.css",
        "hello.js",
        "library.json",
    ]

"""Move the libraries of packages stored before libraries were shared into the shared
layout: each library folder under ``packages/<uuid>/`` becomes (or joins) an H5PLibrary
under ``libraries/<folder>/``, through the package storage (S3 in production), and the
package's own copy is removed. A package whose files cannot be read keeps its old layout
(``libraries_shared`` stays false), which the player still serves."""

import hashlib
import json
import re

from django.core.files.base import ContentFile
from django.db import migrations

LIBRARY_FOLDER = re.compile(r"^(?P<name>[A-Za-z][\w.\-]*?)-(?P<major>\d+)\.(?P<minor>\d+)$")


def _files(storage, folder, prefix=""):
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{prefix}{name}"
    for sub in folders:
        yield from _files(storage, f"{folder}/{sub}", f"{prefix}{sub}/")


def _read(storage, name):
    with storage.open(name, "rb") as handle:
        return handle.read()


def _digest(files):
    total = hashlib.sha256()
    for relative, data in sorted(files):
        total.update(relative.encode() + b"\0" + hashlib.sha256(data).digest())
    return total.hexdigest()


def share_package(storage, package, Library):
    """Move one package's libraries into the shared layout; False if it could not."""
    root = f"packages/{package.uuid}"
    try:
        folders, _files_at_top = storage.listdir(root)
    except (FileNotFoundError, OSError):
        return False
    found = []
    for folder in folders:
        if folder == "content" or not LIBRARY_FOLDER.match(folder):
            continue
        files = [
            (relative, _read(storage, f"{root}/{folder}/{relative}"))
            for relative in _files(storage, f"{root}/{folder}")
        ]
        document = json.loads(dict(files)["library.json"].decode("utf-8-sig"))
        found.append((folder, files, document))
    libraries = []
    for folder, files, document in found:
        digest = _digest(files)
        patch = int(document["patchVersion"])
        name = f"{folder}.{patch}-{digest[:16]}"
        library, created = Library.objects.get_or_create(
            folder=name,
            defaults={
                "machine_name": document["machineName"],
                "major_version": int(document["majorVersion"]),
                "minor_version": int(document["minorVersion"]),
                "patch_version": patch,
                "digest": digest,
                "file_count": len(files),
                "size_bytes": sum(len(data) for _relative, data in files),
            },
        )
        if created:
            for relative, data in files:
                target = f"libraries/{name}/{relative}"
                if not storage.exists(target):
                    storage.save(target, ContentFile(data))
        libraries.append(library)
    package.libraries.add(*libraries)
    package.libraries_shared = True
    package.save(update_fields=["libraries_shared"])
    for folder, files, _document in found:
        for relative, _data in files:
            storage.delete(f"{root}/{folder}/{relative}")
    return True


def share_libraries(apps, schema_editor):
    from assessments.storage import h5p_storage

    Package = apps.get_model("assessments", "H5PPackage")
    Library = apps.get_model("assessments", "H5PLibrary")
    pending = Package.objects.filter(libraries_shared=False)
    if not pending.exists():
        return
    storage = h5p_storage()
    for package in pending.iterator():
        share_package(storage, package, Library)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0007_shared_libraries_media_hosts")]

    operations = [migrations.RunPython(share_libraries, migrations.RunPython.noop)]

"""Run by test_no_local_disk.py in a process of its own: production settings with every
storage in S3 (moto's in-process ``mock_aws``), the media folder impossible to create, and an
audit hook that records every file the process opens for writing or folder it makes.

Does what writes files in production: issues a certificate (its PDF rendered), uploads an
H5P package, posts a forum attachment and stores a course handout through django-filer.
Prints one JSON object: the bucket's keys and the local writes outside the allowed places
(the SQLite database of this probe and Python's temporary folder for spooled uploads).
"""

import io
import json
import os
import sys
import tempfile
from pathlib import Path

ALLOWED = [Path(p).resolve() for p in os.environ["PROBE_ALLOWED_DIRS"].split(os.pathsep)]
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
writes: list[str] = []


def _allowed(path) -> bool:
    try:
        resolved = Path(os.fsdecode(path)).resolve()
    except (TypeError, ValueError):
        return True
    return any(resolved == root or root in resolved.parents for root in ALLOWED)


def _audit(event: str, args) -> None:
    if event == "open":
        path, mode, flags = args
        if isinstance(path, int) or path is None:
            return
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & WRITE_FLAGS
        )
        if writing and not _allowed(path):
            writes.append(f"open {os.fsdecode(path)} {mode or flags}")
    elif event in ("os.mkdir", "os.rename", "os.symlink", "os.link", "shutil.copyfile") and (
        not _allowed(args[1] if event in ("os.rename", "shutil.copyfile") else args[0])
    ):
        writes.append(f"{event} {args[0]}")


def main() -> None:
    from moto import mock_aws

    with mock_aws():
        import boto3

        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="manara-files")
        import django
        from django.conf import settings

        # Redis is not what this probe is about: sessions and counters in memory.
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        django.setup()
        from django.core.management import call_command

        call_command("migrate", "--no-input", verbosity=0)
        sys.addaudithook(_audit)  # from here on, every write counts
        # The hook must see a write: one on purpose, outside the allowed places.
        Path(os.environ["PROBE_CANARY"]).write_text("seen?")
        canary_seen = bool(writes) and os.environ["PROBE_CANARY"] in writes[0]
        writes.clear()
        report = exercise()
        keys = [
            item["Key"]
            for page in boto3.client("s3", region_name="us-east-1")
            .get_paginator("list_objects_v2")
            .paginate(Bucket="manara-files")
            for item in page.get("Contents", [])
        ]
    print(json.dumps({"keys": keys, "writes": writes, "canary_seen": canary_seen, **report}))


def exercise() -> dict:
    from django.core.files.base import ContentFile
    from django.core.files.base import File as DjangoFile
    from django.test import Client
    from filer.models import File as FilerFile

    from assessments.services import package_create
    from certificates.models import Certificate
    from certificates.services import certificate_issue
    from forums import services as forums
    from forums.models import Board
    from lms.celery import app
    from lms.roles import Role
    from tests.factories import UserFactory

    app.conf.task_always_eager = True  # the render task runs here, as a worker would
    staff = UserFactory(roles=[Role.OFFICE_STAFF])
    volunteer = UserFactory(roles=[Role.TEAM_LEADER, Role.VOLUNTEER])
    certificate = certificate_issue(
        kind=Certificate.Kind.HOURS,
        holder=volunteer,
        payload={"holder": {"name_ar": volunteer.name_ar}, "total_hours": "3"},
        issued_by=staff,
    )
    certificate.refresh_from_db()  # rendered on commit, by the eager task
    client = Client()
    client.force_login(volunteer)
    download = client.get(f"/en/certificates/{certificate.code}/download/", secure=True)

    package = None
    h5p = Path(os.environ.get("PROBE_H5P", ""))
    if h5p.is_file():
        with h5p.open("rb") as upload:
            package = package_create(upload=DjangoFile(upload, name=h5p.name), uploaded_by=staff)

    board = Board.objects.create(slug="probe", title="لوحة")
    forums.topic_create(
        board=board,
        author=volunteer,
        title="موضوع",
        body="نص",
        uploads=[forums.Upload(name="plan.pdf", file=ContentFile(b"%PDF-1.4 plan", "plan.pdf"))],
    )
    handout = FilerFile.objects.create(
        file=DjangoFile(io.BytesIO(b"%PDF-1.4 handout"), name="handout.pdf"),
        original_filename="handout.pdf",
        is_public=False,
    )
    public = FilerFile.objects.create(
        file=DjangoFile(io.BytesIO(b"a public note"), name="note.txt"),
        original_filename="note.txt",
        is_public=True,
    )
    return {
        "certificate_rendered": certificate.rendered_at is not None,
        "certificate_file": certificate.pdf_file.name,
        "download_status": download.status_code,
        "download_is_pdf": download.content.startswith(b"%PDF"),
        "h5p_folder": package.folder if package else None,
        "handout": handout.file.name,
        "handout_read_back": handout.file.read() == b"%PDF-1.4 handout",
        "public_url": public.url,
        "media_root_exists": Path(os.environ["MANARA_MEDIA_ROOT"]).exists(),
        "tempdir": tempfile.gettempdir(),
    }


if __name__ == "__main__":
    main()

"""The README's backup and restore (pg_dump, pg_restore) gives back verifiable certificates:
a dump restored into an empty database verifies a certificate issued before the dump, and
its PDF is vouched for again (rendered anew and matched to the sealed digest when the
bucket's copy is missing)."""

import os
import shutil
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from certificates.models import Certificate
from certificates.services import certificate_issue
from lms.roles import Role
from tests.environment import require
from tests.factories import UserFactory


def _url(name: str) -> str:
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    auth = f"{user}:{db['PASSWORD']}" if db["PASSWORD"] else user
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


VERIFY = """
from certificates.models import Certificate
from certificates.rendering import certificate_pdf_as_issued
from certificates.selectors import verification
from certificates.signing import signature_holds
certificate = Certificate.objects.get(code={code!r})
pdf = certificate_pdf_as_issued(certificate)
print(verification({code!r}).status, signature_holds(certificate), bool(pdf and pdf[:4] == b"%PDF"))
"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restored_dump_verifies_a_certificate(tmp_path):
    require("postgres", connection.vendor == "postgresql", "pg_dump needs PostgreSQL")
    tools = [shutil.which(tool) for tool in ("pg_dump", "pg_restore", "createdb", "dropdb")]
    require("postgres", all(tools), "pg_dump, pg_restore, createdb and dropdb are needed")
    holder = UserFactory(roles=[Role.VOLUNTEER])
    certificate = certificate_issue(
        kind=Certificate.Kind.HOURS,
        holder=holder,
        payload={"holder": {"name_ar": holder.name_ar}, "total_hours": "12"},
        issued_by=UserFactory(roles=[Role.OFFICE_STAFF]),
    )
    certificate.refresh_from_db()
    assert certificate.rendered_at is not None

    dump = tmp_path / "manara.dump"
    source = connection.settings_dict["NAME"]
    target = f"{source}_restored_{os.getpid()}"
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", _url(source)],
        check=True,
        timeout=120,
    )
    subprocess.run(["createdb", "--maintenance-db", _url("postgres"), target], check=True)
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={_url(target)}", dump],
            check=True,
            timeout=300,
        )
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lms.settings.test",
            "DATABASE_URL": _url(target),
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        result = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "--no-imports",
                "-c",
                VERIFY.format(code=certificate.code),
            ],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        subprocess.run(
            ["dropdb", "--maintenance-db", _url("postgres"), "--force", "--if-exists", target],
            check=False,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    # Restored into an empty database, in another process with an empty media folder.
    assert result.stdout.split() == ["valid", "True", "True"]

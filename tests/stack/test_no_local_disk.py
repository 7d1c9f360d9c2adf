"""In production nothing writes to the local disk: every file goes to S3-compatible storage.

The probe (local_disk_probe.py) runs in a process of its own with the production settings,
S3 faked in-process by moto, a media folder that cannot be created (its parent is a plain
file, which even root cannot write through) and an audit hook on every write."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.environment import require

# The shared folder sits beside the project (../shared); MANARA_SHARED_DIR names another.
SHARED = Path(os.environ.get("MANARA_SHARED_DIR") or Path(settings.BASE_DIR).parent / "shared")
H5P = SHARED / "fixtures" / "h5p" / "real" / "valid2.h5p"


@pytest.mark.one_backend  # the probe runs its own SQLite database, whatever DATABASE_URL says
def test_certificates_packages_attachments_and_handouts_go_to_s3_only(tmp_path):
    require("shared-fixtures", H5P.is_file(), f"{H5P} is absent")
    database = tmp_path / "db"
    spool = tmp_path / "spool"
    database.mkdir()
    spool.mkdir()
    (tmp_path / "blocked").write_text("a file, so nothing can be made beneath it\n")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MANARA_"))},
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "DJANGO_SECRET_KEY": "probe-secret-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{database / 'probe.sqlite3'}",
        "CELERY_BROKER_URL": "memory://",
        "CACHE_URL": "redis://127.0.0.1:1/0",  # replaced by an in-memory cache in the probe
        "MANARA_BASE_URL": "https://testserver",
        "MANARA_CERTIFICATE_KEY": "probe-certificate-key-" + "c" * 40,
        "EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "MANARA_S3_BUCKET": "manara-files",
        "MANARA_S3_ENDPOINT_URL": "",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "MANARA_MEDIA_ROOT": str(tmp_path / "blocked" / "media"),
        "TMPDIR": str(spool),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PROBE_ALLOWED_DIRS": os.pathsep.join([str(database), str(spool)]),
        "PROBE_H5P": str(H5P),
        "PROBE_CANARY": str(tmp_path / "canary.txt"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.stack.local_disk_probe"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["canary_seen"]  # the audit hook does see writes
    assert report["writes"] == [], report["writes"]
    assert not report["media_root_exists"]
    keys = set(report["keys"])
    assert report["certificate_rendered"]
    assert f"certificates/{report['certificate_file']}" in keys
    assert report["download_status"] == 200 and report["download_is_pdf"]
    assert f"h5p/{report['h5p_folder']}/h5p.json" in keys
    assert any(key.startswith("filer/private/") and key.endswith("plan.pdf") for key in keys)
    assert f"filer/private/{report['handout']}" in keys and report["handout_read_back"]
    # Public files are private objects too: their address is signed and expires.
    assert "X-Amz-Signature=" in report["public_url"] and "X-Amz-Expires=" in report["public_url"]

"""Production settings refuse to start without secrets and pass Django's deployment checks."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "lms.settings.production",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "manara.example",
    "DATABASE_URL": "sqlite:////tmp/manara-production-check.sqlite3",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "MANARA_S3_BUCKET": "manara-files",
    "MANARA_BASE_URL": "https://manara.example",
    "EMAIL_HOST": "smtp.manara.example",
    "MANARA_CERTIFICATE_KEY": "another-long-random-secret-for-certificates-" + "y" * 30,
}


def manage(*args, env):
    # Drop what the test run itself sets (the browser tests allow async-unsafe ORM calls).
    inherited = set(PRODUCTION_ENV) | {"DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in inherited}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.one_backend  # a subprocess on its own settings and database
def test_production_passes_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.one_backend  # a subprocess on its own settings and database
def test_production_refuses_to_start_without_each_secret():
    for missing in (
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "CACHE_URL",
        "MANARA_S3_BUCKET",
        "MANARA_BASE_URL",
        "EMAIL_HOST",
        "MANARA_CERTIFICATE_KEY",
    ):
        env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
        result = manage("check", env=env)
        assert result.returncode != 0
        assert f"The environment variable {missing} must be set." in result.stderr


@pytest.mark.one_backend  # a subprocess on its own settings and database
def test_production_shares_state_and_writes_no_local_file():
    script = (
        "from django.conf import settings as s; import filer.settings as f; "
        "print(s.CACHES['default']['BACKEND']); print(s.SESSION_ENGINE); "
        "print(sorted({v['BACKEND'] for k, v in s.STORAGES.items() if k != 'staticfiles'})); "
        "print(s.STORAGES['staticfiles']['BACKEND']); "
        "print(type(f.FILER_PRIVATEMEDIA_STORAGE).__name__, "
        "type(f.FILER_PUBLICMEDIA_STORAGE).__name__); "
        "print(s.CELERY_BEAT_SCHEDULER); "
        "print(s.STORAGES['certificates']['OPTIONS']['default_acl'])"
    )
    result = manage("shell", "--no-imports", "-c", script, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:7] == [
        "lms.cache.RedisCache",
        "django.contrib.sessions.backends.cached_db",
        "['storages.backends.s3.S3Storage']",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "S3Storage S3Storage",
        "redbeat.RedBeatScheduler",
        "None",  # private: no public-read ACL on any object
    ]


@pytest.mark.django_db
def test_pages_carry_security_headers(client):
    response = client.get("/en/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "object-src 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"

"""Test settings: fast hashing, in-memory mail and cache, eager Celery, media in a temp folder.

Celery stays eager even when CELERY_BROKER_URL is set, so ordinary tests never wait on a
worker; the worker test sends to the broker explicitly (tests/lms/test_celery_worker.py).
"""

import tempfile

from lms.settings.base import *  # noqa: F403

DEBUG = False
# Live-server tests share one in-memory SQLite connection between threads; a connection
# kept between requests there is closed from the wrong thread. Tests open one per request.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# django-filer keeps private files beside MEDIA_ROOT (../smedia), so both live in one temp dir.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="manara-test-")) / "media"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# Axes stays on (tests/lms/test_sign_in_throttling.py exercises it); only the test client's
# login(), which authenticates without a request, is let past it.
AUTHENTICATION_BACKENDS = [
    "tests.auth_backends.TestClientAxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]

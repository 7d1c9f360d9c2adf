"""Settings for the HTTP benchmark's gunicorn: the benchmark's (``lms.settings.test``) with
the bench's URLs on top, so the bare view runs behind exactly the project's middleware."""

from lms.settings.test import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]  # noqa: F405
# Served as in production: database connections kept between requests (lms.settings.base).
DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405

"""Production: every secret and every shared service comes from the environment, and a
missing one stops start-up (lms.settings.env). Nothing here assumes one process or one disk:
the cache and sessions live in Redis, files in S3-compatible object storage, Celery's
schedule behind a Redis lock, task results in the database. README.md lists the variables.
"""

from lms.settings.base import *  # noqa: F403
from lms.settings.env import env_bool, env_int, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
DATABASES = {
    "default": dj_database_url.parse(  # noqa: F405
        env_str("DATABASE_URL"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = False
WAGTAILADMIN_BASE_URL = env_str("MANARA_BASE_URL")
MANARA_CERTIFICATE_KEY = env_str("MANARA_CERTIFICATE_KEY")

# MANARA_TRUSTED_PROXIES (base): the proxies in front of the web processes, whose
# X-Forwarded-For names the client that rate limits and sign-in locks count
# (lms.ratelimit.client_address, the one place that reads it).

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True

# Shared state. Rate limits, sign-in locks and cached lookups must be the same in every web
# process, so Redis is required; sessions are written to the database and read through it.
CACHES = {
    "default": {
        "BACKEND": "lms.cache.RedisCache",
        "LOCATION": env_str("CACHE_URL"),
        "KEY_PREFIX": "manara",
        # A dead Redis makes requests fail fast (and /readyz say so), not hang.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Files: one S3-compatible bucket, private (no public ACL); a folder per kind. Every file a
# person downloads is served by Manara after its permission check (certificates, handouts,
# forum attachments, H5P package files with their isolating headers); what the CMS links to
# directly (Wagtail images and renditions, public filer files) gets a signed URL that expires.
_S3 = {
    "bucket_name": env_str("MANARA_S3_BUCKET"),
    # Unset on AWS; the address of MinIO, Ceph, Garage or another S3-compatible store.
    "endpoint_url": env_str("MANARA_S3_ENDPOINT_URL", "") or None,
    "region_name": env_str("MANARA_S3_REGION", "us-east-1"),
    # Unset to use the machine's role (boto3's own credential chain).
    "access_key": env_str("MANARA_S3_ACCESS_KEY_ID", "") or None,
    "secret_key": env_str("MANARA_S3_SECRET_ACCESS_KEY", "") or None,
    "addressing_style": env_str("MANARA_S3_ADDRESSING_STYLE", "path"),
    "signature_version": "s3v4",
    "default_acl": None,
    "querystring_auth": True,
    "querystring_expire": env_int("MANARA_S3_URL_EXPIRY_SECONDS", 300),
    # Never overwrite: two workers racing to render one certificate keep distinct files.
    "file_overwrite": False,
}
_S3_BACKEND = "storages.backends.s3.S3Storage"


def _s3(location: str) -> dict:
    return {"BACKEND": _S3_BACKEND, "OPTIONS": {**_S3, "location": location}}


STORAGES = {
    "default": _s3("media"),
    # H5P packages, unpacked once at upload; served by assessments.views.h5p_file only.
    # Their names are fixed (a package's uuid, a library's name and version) and their
    # content immutable, so a second write of a name is the same bytes: no existence check.
    "h5p": {**_s3("h5p"), "OPTIONS": {**_S3, "location": "h5p", "file_overwrite": True}},
    # Issued certificate PDFs; served by certificates.views.certificate_download only.
    "certificates": _s3("certificates"),
    # Volunteers' photos for licence cards, normalised at upload; served by
    # lms.photo_views.photo_file only, to the volunteer and the office staff of their section.
    "photos": _s3("photos"),
    # Hashed, compressed files served by whitenoise with a year's cache (collectstatic at
    # build time, see the Dockerfile).
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# django-filer keeps its own storages (course files, forum attachments): the same bucket.
FILER_STORAGES = {
    kind: {
        "main": {
            "ENGINE": _S3_BACKEND,
            "OPTIONS": {**_S3, "location": f"filer/{kind}"},
            "UPLOAD_TO": "filer.utils.generate_filename.randomized",
            "UPLOAD_TO_PREFIX": "",
        },
        "thumbnails": {
            "ENGINE": _S3_BACKEND,
            "OPTIONS": {**_S3, "location": f"filer/{kind}-thumbnails"},
            "THUMBNAIL_OPTIONS": {"base_dir": ""},
        },
    }
    for kind in ("public", "private")
}
MIDDLEWARE = [  # noqa: F405
    *MIDDLEWARE[:3],  # noqa: F405 - the request id, the probes, SecurityMiddleware
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[3:],  # noqa: F405
]
# Files without a hash in their name; hashed ones are cached for ever (immutable).
STATIC_ROOT = Path(env_str("MANARA_STATIC_ROOT", str(STATIC_ROOT)))  # noqa: F405
WHITENOISE_MAX_AGE = env_int("MANARA_STATIC_MAX_AGE_SECONDS", 3600)

# Celery: one beat at a time, whatever starts (celery-redbeat holds a lock in Redis and
# keeps the schedule there, not in a file); logs go through Django's LOGGING below.
CELERY_BEAT_SCHEDULER = "redbeat.RedBeatScheduler"
CELERY_REDBEAT_REDIS_URL = env_str("CELERY_REDBEAT_REDIS_URL", CELERY_BROKER_URL)
CELERY_REDBEAT_REDIS_OPTIONS = {"retry_period": 60}  # beat rides out a Redis restart
CELERY_REDBEAT_KEY_PREFIX = "manara:redbeat:"
CELERY_REDBEAT_LOCK_TIMEOUT = env_int("CELERY_REDBEAT_LOCK_TIMEOUT", 60)
CELERY_BEAT_MAX_LOOP_INTERVAL = 10
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A task whose worker died without acknowledging it (acks_late) goes back to the queue after
# this many seconds; longer than any task runs, or a slow task would run twice at once.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)

# One JSON object a line on standard output, each with the request id (lms.requestid) that
# the web request and the tasks it queued share.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "lms.requestid.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": True,  # ISO 8601, UTC
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("MANARA_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own request log repeats what the proxy and gunicorn's access log say.
        "django.server": {"level": "WARNING"},
    },
}

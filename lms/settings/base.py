"""Settings shared by every environment. Machine-specific values come from ``env``."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

import lms.i18n  # noqa: F401  (teaches Django the Hausa language before anything asks)
from lms.settings.env import env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-development-key-never-used-in-production")
DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "lms",
    "audit",
    "courses",
    "assessments",
    "certificates",
    "accreditation",
    "field",
    "partner_api",
    "office",
    "knowledge_base",
    "forums",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "filer",
    "easy_thumbnails",
    "django_celery_results",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
]

MIDDLEWARE = [
    # First, so every log line of the request carries its id (lms.requestid).
    "lms.requestid.RequestIdMiddleware",
    # The load balancer's probes, answered before host checks and sessions (lms.health).
    "lms.health.ProbeMiddleware",
    # Each cache generation (lms.pagecache) is read once per request.
    "lms.pagecache.RequestGenerationsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "lms.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "audit.context.AuditOriginMiddleware",
    "lms.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as axes asks: turns a locked-out sign-in into lms.throttling.lockout_response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite by default, so a newcomer needs nothing installed; DATABASE_URL selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Connections are kept between requests: opening one costs more than most pages
        # (about 5 ms for SQLite with its pragmas, a forked backend for PostgreSQL).
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# SQLite lets one writer in at a time. Without these, simultaneous requests fail with
# "database is locked": WAL lets readers go on beside the writer, the busy timeout makes a
# writer wait its turn (seconds), and BEGIN IMMEDIATE takes the write lock at the start of
# a transaction, so two transactions never deadlock upgrading a read lock to a write lock.
SQLITE_OPTIONS = {
    "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "lms.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Axes first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2id first (lms.hashers says why); the others verify hashes made before and upgrade them.
PASSWORD_HASHERS = [
    "lms.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The youngest a volunteer may register; the scouts field members from sixteen.
MANARA_MINIMUM_REGISTRATION_AGE = 16

# Languages: Arabic first and default. Hausa is unknown to Django, so lms.i18n adds it.
LANGUAGE_CODE = "ar"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("en", _("English")),
    ("ur", _("Urdu")),
    ("tr", _("Turkish")),
    ("ms", _("Malay")),
    ("ha", _("Hausa")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Riyadh"
USE_I18N = True
USE_TZ = True
# Arabic and Urdu decimals with a dot, never Django's "2,5" (see lms/formats/ar/formats.py).
FORMAT_MODULE_PATH = ["lms.formats"]
LANGUAGE_COOKIE_NAME = "manara_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_SITE_NAME = "Manara"
WAGTAILADMIN_BASE_URL = env_str("MANARA_BASE_URL", "http://127.0.0.1:8000")
# No autosave in the editor: the office accredits the revision a trainer submitted, and a
# reviewer's background saves must not make new revisions of a course under review.
WAGTAIL_AUTOSAVE_INTERVAL = 0
# No avatars from gravatar.com: it would tell a third party who uses the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_PERMITTED_LANGUAGES = [(code, name) for code, name in LANGUAGES if code != "ha"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_SERVE_METHOD = "serve_view"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end packages come from npm (package.json); only the files pages use are exposed.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/noto-naskh-arabic", NODE_MODULES / "@fontsource" / "noto-naskh-arabic" / "files"),
    ("vendor/noto-sans", NODE_MODULES / "@fontsource" / "noto-sans" / "files"),
    # Urdu reads in Nastaliq; browsers fetch it only where Urdu text is shown (manara.css).
    ("vendor/noto-nastaliq-urdu", NODE_MODULES / "@fontsource" / "noto-nastaliq-urdu" / "files"),
    ("vendor/h5p-standalone", NODE_MODULES / "h5p-standalone" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MANARA_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILER_CANONICAL_URL = "sharing/"
# Course files are private unless an editor says otherwise; Manara serves them itself after
# checking who asks (courses.views.lesson_handout). Private files live in ../smedia.
FILER_IS_PUBLIC_DEFAULT = False
# Handouts a trainer may upload: size in bytes and the extensions people can open safely.
MANARA_HANDOUT_MAX_BYTES = 20 * 1024 * 1024
MANARA_HANDOUT_EXTENSIONS = ("pdf", "docx", "pptx", "xlsx", "png", "jpg", "jpeg", "mp3", "mp4")

# Volunteers' photos for licence cards (lms.photos): the largest upload, the smallest and the
# largest picture accepted. What is stored is a 600 x 800 JPEG drawn from it.
MANARA_PHOTO_MAX_BYTES = 8 * 1024 * 1024
MANARA_PHOTO_MIN_SIZE = (240, 320)
MANARA_PHOTO_MAX_PIXELS = 50_000_000

# Forums: posts per page, the author's edit window, the posting rate (posts, seconds) and
# what a post may carry. Attachments are private django-filer files served by the forums.
MANARA_FORUM_TOPICS_PER_PAGE = 25
MANARA_FORUM_POSTS_PER_PAGE = 20
MANARA_FORUM_SEARCH_PER_PAGE = 20
MANARA_FORUM_EDIT_WINDOW_MINUTES = 30
MANARA_FORUM_POST_RATE = (6, 60)
MANARA_FORUM_MAX_MENTIONS = 10
MANARA_FORUM_DIGEST_MAX_POSTS = 200
MANARA_FORUM_ATTACHMENT_MAX_COUNT = 3
MANARA_FORUM_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
MANARA_FORUM_ATTACHMENT_EXTENSIONS = ("pdf", "png", "jpg", "jpeg", "docx", "xlsx", "pptx")

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env_str("CACHE_URL", ""):
    CACHES = {
        "default": {
            "BACKEND": "lms.cache.RedisCache",
            "LOCATION": env_str("CACHE_URL"),
        }
    }

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Manara <no-reply@manara.example>")

# Celery: Redis when CELERY_BROKER_URL is set; otherwise every task runs in the caller.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The queue tasks go to unless routed; workers listen with -Q (tests give each run its own).
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
# Periodic jobs, all declared here and run by `celery -A lms beat`.
CELERY_BEAT_SCHEDULE = {
    "forums-daily-digest": {
        "task": "forums.tasks.digest_send_all",
        "schedule": crontab(hour=5, minute=0),  # 05:00 Riyadh time, before the morning shift
    },
    # Rosters are checked again on the morning a deployment starts.
    "deployments-starting-today": {
        "task": "accreditation.tasks.deployments_starting_today",
        "schedule": crontab(hour=4, minute=30),
    },
    # Volunteers whose requirements expire around a deployment are reminded (once each).
    "readiness-reminders": {
        "task": "accreditation.tasks.readiness_reminders",
        "schedule": crontab(hour=9, minute=0),
    },
    # Re-queue certificate PDFs that a dead worker or a lost message left unrendered.
    "certificates-render-missing": {
        "task": "accreditation.tasks.certificates_render_missing",
        "schedule": float(env_int("MANARA_RENDER_SWEEP_SECONDS", 300)),
    },
}

# Certificates: signed with their own key so the site's SECRET_KEY can be rotated without
# invalidating every certificate ever issued.
MANARA_CERTIFICATE_KEY = env_str("MANARA_CERTIFICATE_KEY", SECRET_KEY)
# Requests to the public verification page per visitor address and minute.
MANARA_VERIFY_RATE_PER_MINUTE = env_int("MANARA_VERIFY_RATE_PER_MINUTE", 30)
# The service category that training credit is counted under.
MANARA_TRAINING_CATEGORY = "training"

# Sign-in throttling (django-axes, see lms.throttling): after this many failed sign-ins an
# account is locked whatever address tries it, and an address whatever account it tries,
# until the failures are older than the cool-off. The site's and the Wagtail admin's
# sign-in both count. A successful sign-in clears the account's failures only.
AXES_FAILURE_LIMIT = env_int("MANARA_SIGN_IN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("MANARA_SIGN_IN_COOL_OFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "lms.throttling.attempted_email"
AXES_CLIENT_IP_CALLABLE = "lms.ratelimit.client_address"
AXES_LOCKOUT_CALLABLE = "lms.throttling.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Tries while locked do not push the end of the lock further away, so the waiting time
# the page promises holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = False  # lms.signal_handlers clears the account alone, not the address
# No row per successful sign-in: it would grow without bound and keep addresses for ever.
AXES_DISABLE_ACCESS_LOG = True
# Password reset requests per visitor address and per email address asked for, in a window
# of seconds (lms.ratelimit); the same answer whether or not an account uses the address.
MANARA_PASSWORD_RESET_RATE_PER_ADDRESS = (
    env_int("MANARA_PASSWORD_RESET_RATE_PER_ADDRESS", 10),
    3600,
)
MANARA_PASSWORD_RESET_RATE_PER_EMAIL = (3, 3600)
# Proxies (addresses or networks) whose X-Forwarded-For is believed; none by default, so a
# visitor cannot pick the address their requests are counted under.
MANARA_TRUSTED_PROXIES = env_list("MANARA_TRUSTED_PROXIES", [])

# Wagtail marks its preview views SAMEORIGIN itself; everything else may not be framed.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Site pages run no inline script; the Wagtail admin needs inline styles and scripts of its own.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; frame-src 'self'; frame-ancestors 'self'; form-action 'self'; "
    "base-uri 'self'; object-src 'none'"
)
CONTENT_SECURITY_POLICY_ADMIN = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'; font-src 'self' data:; "
    "frame-src 'self' https:; frame-ancestors 'self'; base-uri 'self'; object-src 'none'"
)
CONTENT_SECURITY_POLICY_ADMIN_PREFIXES = ("/admin/", "/django-admin/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

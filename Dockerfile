# Manara's one image: web (gunicorn), worker and beat (celery) differ only by command.
# Stages: npm assets -> Python packages -> translations and static files -> slim runtime.

FROM node:22-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
# h5p-standalone's preinstall script demands yarn; its files need no build step.
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM python:3.11-slim-bookworm AS python
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /venv
WORKDIR /src
COPY pyproject.toml README.md ./
# The project declares no packages of its own: this installs its dependencies only.
RUN /venv/bin/pip install .

FROM python:3.11-slim-bookworm AS build
ENV PATH=/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /app
COPY --from=python /venv /venv
COPY . .
COPY --from=assets /build/node_modules ./node_modules
# Translations compiled and static files collected (hashed, compressed) at build time.
# Production settings refuse to load without their variables: these values exist only for
# this step and reach no running container.
RUN python manage.py compile_translations \
    && DJANGO_SETTINGS_MODULE=lms.settings.production \
       DJANGO_SECRET_KEY=collectstatic-only-not-a-secret \
       DJANGO_ALLOWED_HOSTS=localhost \
       DATABASE_URL=sqlite:////tmp/build.sqlite3 \
       CELERY_BROKER_URL=redis://localhost:6379/0 \
       CACHE_URL=redis://localhost:6379/1 \
       MANARA_BASE_URL=https://localhost \
       MANARA_CERTIFICATE_KEY=collectstatic-only-not-a-key \
       EMAIL_HOST=localhost \
       MANARA_S3_BUCKET=build \
       python manage.py collectstatic --no-input -v0 \
    && rm -rf node_modules

FROM python:3.11-slim-bookworm
ENV PATH=/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=lms.settings.production \
    GUNICORN_BIND=0.0.0.0:8000
RUN groupadd --system --gid 10001 manara \
    && useradd --system --uid 10001 --gid manara --home-dir /app --no-create-home manara
WORKDIR /app
COPY --from=python /venv /venv
COPY --from=build --chown=root:root /app /app
# Read-only code; the process writes nothing to its disk (files go to S3, logs to stdout).
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=3)"]
CMD ["gunicorn", "-c", "gunicorn.conf.py", "lms.wsgi:application"]

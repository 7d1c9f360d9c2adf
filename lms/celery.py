"""The Celery application.

Workers start with ``celery -A lms worker``. Without ``CELERY_BROKER_URL`` the settings make
every task run eagerly in the calling process, so a newcomer needs no Redis.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

app = Celery("lms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

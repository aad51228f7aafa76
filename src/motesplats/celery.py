"""Celery application. Without CELERY_BROKER_URL every task runs in-process (eager)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motesplats.settings.dev")

app = Celery("motesplats")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

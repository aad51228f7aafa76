"""Test settings: fast hashing, in-memory e-mail, tasks in-process."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
NETWORKING_RUN_TASKS_IN_THREAD = False
ENGINE_PRELOAD = False
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
MIDDLEWARE = [entry for entry in MIDDLEWARE if "whitenoise" not in entry]  # noqa: F405
MY_DAY_CACHE = True  # one process: its own cache is shared by all (events.my_day_cache is tested)

"""Test settings: fast hashing, in-memory e-mail, tasks in-process."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
NETWORKING_RUN_TASKS_IN_THREAD = False
ENGINE_PRELOAD = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MIDDLEWARE = [entry for entry in MIDDLEWARE if "whitenoise" not in entry]  # noqa: F405

"""`make topology-test`: the production settings, served over plain HTTP on 127.0.0.1 by processes on one machine
(no TLS proxy in front), with a fast password hasher for its 540 test accounts and mail kept in memory."""

from .production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

"""What /readyz checks: the database, Redis (cache and broker) and the file storage, each with a short timeout.
Each probe answers "ok", "skipped" (not configured) or an error *class* name: never a message, which could
carry a host name, a user name or a path."""

from __future__ import annotations

import time
from collections.abc import Callable

import redis as redis_client
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connections

PROBE_TIMEOUT_SECONDS = 2.0


def database() -> str:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def redis_urls() -> list[str]:
    """Every Redis the deployment uses (cache/sessions and the Celery broker), each once."""
    urls = [getattr(settings, "REDIS_URL", ""), settings.CELERY_BROKER_URL]
    return list(dict.fromkeys(url for url in urls if url and url.startswith(("redis://", "rediss://"))))


def redis() -> str:
    urls = redis_urls()
    for url in urls:
        client = redis_client.Redis.from_url(url, socket_connect_timeout=PROBE_TIMEOUT_SECONDS,
                                             socket_timeout=PROBE_TIMEOUT_SECONDS)
        try:
            client.ping()
        finally:
            client.close()
    return "ok" if urls else "skipped"


def storage() -> str:
    """The default storage answers (a HEAD request on object storage, a stat on local disk)."""
    default_storage.exists(".readyz")
    return "ok"


PROBES: dict[str, Callable[[], str]] = {"database": database, "redis": redis, "storage": storage}


def run_all() -> tuple[bool, dict[str, dict[str, object]]]:
    results: dict[str, dict[str, object]] = {}
    ready = True
    for name, probe in PROBES.items():
        started = time.perf_counter()
        try:
            status = probe()
        except Exception as error:  # noqa: BLE001 - any failure means "not ready"; the class name says which
            status, ready = f"error: {type(error).__name__}", False
        results[name] = {"status": status, "ms": round((time.perf_counter() - started) * 1000, 1)}
    return ready, results

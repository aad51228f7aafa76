"""/healthz and /readyz: both answer without personal data; /readyz says 503 when the database is unreachable.
Every response carries a request id, and the logs are JSON lines with it."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_and_nothing_else(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_readyz_checks_database_redis_and_storage(client: Any, make_user: Any) -> None:
    make_user("hemlig.person@example.se", role="member")
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "redis", "storage"}
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["storage"]["status"] == "ok"
    assert "hemlig" not in response.content.decode() and "@" not in response.content.decode()


def test_the_probes_answer_any_host_name(client: Any) -> None:
    """A load balancer asks by IP address, which ALLOWED_HOSTS does not list."""
    assert client.get("/healthz", HTTP_HOST="10.1.2.3:8000").status_code == 200
    assert client.get("/projects/", HTTP_HOST="10.1.2.3:8000").status_code == 400


def test_readyz_fails_when_redis_is_unreachable(client: Any, settings: Any) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"]["status"].startswith("error: ")
    assert response.json()["checks"]["database"]["status"] == "ok"


@pytest.mark.slow
def test_readyz_answers_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    """A real unreachable PostgreSQL (nothing listens on port 1), in a process of its own."""
    script = ("import django, json; django.setup(); from django.test import Client; "
              "r = Client().get('/readyz'); h = Client().get('/healthz'); "
              "print(json.dumps([r.status_code, r.json(), h.status_code]))")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "motesplats.settings.test",
           "DATABASE_URL": "postgres://nobody:secret-password@127.0.0.1:1/motesplats", "MOTESPLATS_VAR": str(tmp_path),
           "LOG_LEVEL": "CRITICAL"}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    status, body, health = json.loads(result.stdout.strip().splitlines()[-1])
    assert status == 503 and health == 200
    assert body["status"] == "unavailable"
    assert body["checks"]["database"]["status"] == "error: OperationalError"
    assert "secret-password" not in result.stdout and "nobody" not in result.stdout


def test_every_response_has_a_request_id_and_a_good_one_from_the_proxy_is_kept(client: Any) -> None:
    generated = client.get("/")["X-Request-ID"]
    assert len(generated) == 32
    assert client.get("/", HTTP_X_REQUEST_ID="proxy-abc-12345")["X-Request-ID"] == "proxy-abc-12345"
    assert client.get("/", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"] != "<script>"


def test_logs_are_json_lines_with_the_request_id(client: Any) -> None:
    from django.conf import settings

    from motesplats.ops.request_id import RequestIdFilter, request_id

    formatter = logging.Formatter()
    config = settings.LOGGING["formatters"]["json"]
    from pythonjsonlogger.json import JsonFormatter

    formatter = JsonFormatter(config["fmt"], timestamp=True)
    record = logging.LogRecord("motesplats.test", logging.WARNING, __file__, 1, "planen %s klar", (7,), None)
    token = request_id.set("abc123def456")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id.reset(token)
    line = json.loads(formatter.format(record))
    assert line["message"] == "planen 7 klar"
    assert line["request_id"] == "abc123def456" and line["levelname"] == "WARNING" and "timestamp" in line
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["request_id"]

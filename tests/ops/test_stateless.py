"""The stateless web tier: sessions and cache in Redis with REDIS_URL (sessions still written to `UserSession`,
so erasure finds them), files through the configured storage (S3-compatible by settings)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/8")
pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_sessions(settings: Any) -> Any:
    """What REDIS_URL turns on (settings.base): the Redis cache and the cache-first session engine. Keys under
    a prefix of this test's own (tests in parallel share the Redis database)."""
    import redis

    prefix = f"motesplats-test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": REDIS_TEST_URL, "KEY_PREFIX": prefix}}
    settings.SESSION_ENGINE = "motesplats.accounts.cached_sessions"
    client = redis.Redis.from_url(REDIS_TEST_URL)
    yield KeysUnder(client, prefix)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


class KeysUnder:
    def __init__(self, client: Any, prefix: str) -> None:
        self.client, self.prefix = client, prefix

    def keys(self, pattern: str) -> list[bytes]:
        return list(self.client.scan_iter(f"{self.prefix}:{pattern}"))


def signed_in(email: str) -> Client:
    client = Client()
    assert client.login(username=email, password="demo-password-1")
    return client


def test_sessions_live_in_redis_and_in_the_account_table(redis_sessions: Any, make_user: Any) -> None:
    from motesplats.accounts.sessions import UserSession

    user = make_user("anna@example.se", role="member")
    client = signed_in("anna@example.se")
    key = client.cookies["sessionid"].value
    assert UserSession.objects.get(session_key=key).user == user
    assert any(key.encode() in name for name in redis_sessions.keys("*"))
    UserSession.objects.filter(session_key=key).update(session_data="broken")  # reads come from Redis
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_erasure_ends_sessions_in_redis_too(redis_sessions: Any, make_user: Any) -> None:
    from motesplats.accounts import services
    from motesplats.accounts.sessions import UserSession

    leaving = make_user("leaving@example.se", role="member")
    make_user("staying@example.se", role="member")
    phone, laptop, other = signed_in("leaving@example.se"), signed_in("leaving@example.se"), \
        signed_in("staying@example.se")
    keys = [client.cookies["sessionid"].value for client in (phone, laptop)]
    services.account_erase(user=leaving)
    assert not UserSession.objects.filter(user=leaving).exists()
    assert not any(key.encode() in name for key in keys for name in redis_sessions.keys("*"))
    for client in (phone, laptop):
        assert client.get(reverse("accounts:profile")).status_code == 302
    assert other.get(reverse("accounts:profile")).status_code == 200


def _settings_in_subprocess(env: dict[str, str], script: str, tmp_path: Path) -> Any:
    full = {**os.environ, "DJANGO_SETTINGS_MODULE": "motesplats.settings.test", "MOTESPLATS_VAR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "LOG_LEVEL": "CRITICAL", **env}
    result = subprocess.run([sys.executable, "-c", "import django, json; django.setup(); " + script], cwd=ROOT,
                            env=full, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_redis_url_and_s3_settings_choose_the_shared_backends(tmp_path: Path) -> None:
    env = {"REDIS_URL": REDIS_TEST_URL, "STORAGE_BACKEND": "s3", "S3_ENDPOINT_URL": "http://127.0.0.1:1",
           "S3_BUCKET": "motesplats-test", "S3_ACCESS_KEY_ID": "k", "S3_SECRET_ACCESS_KEY": "s"}
    script = ("from django.conf import settings; from django.core.files.storage import storages; "
              "default_storage = storages['default']; "
              "from django.core.cache import caches; "
              "print(json.dumps([settings.SESSION_ENGINE, type(caches['default']).__name__, "
              "type(default_storage).__name__, "
              "default_storage.bucket_name, default_storage.endpoint_url]))")
    assert _settings_in_subprocess(env, script, tmp_path) == [
        "motesplats.accounts.cached_sessions", "RedisCache", "S3Storage", "motesplats-test", "http://127.0.0.1:1"]
    defaults = _settings_in_subprocess({}, script.replace("default_storage.bucket_name, default_storage.endpoint_url",
                                                          "1, 2"), tmp_path)
    assert defaults[:3] == ["motesplats.accounts.sessions", "LocMemCache", "FileSystemStorage"]

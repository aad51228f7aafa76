"""`make backup` / `make restore`: a backup restored into a fresh database has, table by table, the same row
count and checksum, and the storage's files come back byte for byte. On PostgreSQL (pg_dump / pg_restore into a
new database) when DATABASE_URL points at it, and on SQLite always. Also: the start-up check that refuses to run
a version whose migrations are not applied."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

POPULATE = """
import datetime as dt, django; django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from motesplats.accounts.models import User
from motesplats.events.models import Event, Registration, Series
from motesplats.registry.models import Organisation, Person, Project
org = Organisation.objects.create(name="Stockholms stad – Trafikkontoret", slug="trafikkontoret")
user = User.objects.create_user(email="åsa@example.se", password="demo-password-1", role="member")
person = Person.objects.create(name="Åsa Öberg", email="åsa@example.se", organisation=org, user=user)
for i in range(25):
    Project.objects.create(title=f"Projekt {i} – sensorer i Årsta", slug=f"projekt-{i}", owner=org)
series = Series.objects.create(name="Smarta staden", slug="smarta-staden")
start = timezone.now() + dt.timedelta(days=3)
event = Event.objects.create(series=series, title="Seminarium", slug="seminarium", date=start.date(), starts_at=start,
                             ends_at=start + dt.timedelta(hours=3), capacity=40, status="publicerad")
Registration.objects.create(event=event, person=person, status="confirmed", consent_at=timezone.now())
default_storage.save("reports/rapport-2026.pdf", ContentFile(b"%PDF-1.7 rapport \\xc3\\xa5\\xc3\\xa4\\xc3\\xb6"))
default_storage.save("uploads/bild.png", ContentFile(bytes(range(256)) * 40))
"""
SUMMARY = ("import django, json; django.setup(); from motesplats.ops.backup import table_summary, storage_files; "
           "from django.core.files.storage import default_storage as s; "
           "print(json.dumps([table_summary(), {n: s.open(n, 'rb').read().hex() for n in storage_files()}]))")


def run(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def environment(database_url: str, var: Path) -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "motesplats.settings.test", "DATABASE_URL": database_url,
           "MOTESPLATS_VAR": str(var), "LOG_LEVEL": "ERROR"}
    for inherited in ("REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # the latter: set by the test run for Playwright
        env.pop(inherited, None)
    return env


def make_backup(source_url: str, folder: Path) -> tuple[dict[str, str], Path]:
    """Migrate and fill a new database, then back it up as `make backup BACKUP_DIR=...` does."""
    source = environment(source_url, folder / "source")
    run(source, "manage.py", "migrate", "--noinput", "-v0")
    run(source, "-c", POPULATE)
    backup = folder / "backup"
    run(source, "manage.py", "backup", str(backup))
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["registry_project"]["rows"] == 25
    assert set(manifest["files"]) == {"reports/rapport-2026.pdf", "uploads/bild.png"}
    return source, backup


def restore_and_compare(source: dict[str, str], backup: Path, target_url: str, folder: Path) -> None:
    target = environment(target_url, folder / "target")
    assert "restored and verified" in run(target, "manage.py", "restore", str(backup))  # `make restore`
    before = json.loads(run(source, "-c", SUMMARY).strip().splitlines()[-1])
    after = json.loads(run(target, "-c", SUMMARY).strip().splitlines()[-1])
    assert after[0] == before[0], "row count and checksum of every table"
    assert after[1] == before[1], "every file, byte for byte"
    assert sum(table["rows"] for table in after[0].values()) > 60

    # The checksum sees a change: a restore that lost or altered a row would not pass.
    run(target, "-c", "import django; django.setup(); from motesplats.registry.models import Project; "
                      "Project.objects.filter(slug='projekt-3').update(title='Ändrad')")
    changed = json.loads(run(target, "-c", SUMMARY).strip().splitlines()[-1])
    assert changed[0]["registry_project"]["rows"] == 25
    assert changed[0]["registry_project"]["checksum"] != before[0]["registry_project"]["checksum"]


@pytest.fixture(scope="module")
def sqlite_backup(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Path]:
    folder = tmp_path_factory.mktemp("sqlite-backup")
    return make_backup(f"sqlite:///{folder / 'source.sqlite3'}", folder)


def test_backup_restores_into_a_fresh_sqlite_database(sqlite_backup: Any, tmp_path: Path) -> None:
    source, backup = sqlite_backup
    restore_and_compare(source, backup, f"sqlite:///{tmp_path / 'target.sqlite3'}", tmp_path)


@pytest.fixture
def two_fresh_postgres_databases() -> Any:
    import psycopg

    base = dict(settings.DATABASES["default"])
    names = [f"motesplats_backup_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("source", "target")]
    conninfo = {"host": base.get("HOST") or "127.0.0.1", "port": base.get("PORT") or 5432,
                "user": base.get("USER") or "postgres", "password": base.get("PASSWORD") or None, "dbname": "postgres"}
    with psycopg.connect(**conninfo, autocommit=True) as connection:
        for name in names:
            connection.execute(f'CREATE DATABASE "{name}"')
    auth = f"{conninfo['user']}" + (f":{conninfo['password']}" if conninfo["password"] else "")
    yield [f"postgres://{auth}@{conninfo['host']}:{conninfo['port']}/{name}" for name in names]
    with psycopg.connect(**conninfo, autocommit=True) as connection:
        for name in names:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
def test_backup_restores_into_a_fresh_postgres_database(two_fresh_postgres_databases: list[str],
                                                         tmp_path: Path) -> None:
    source_url, target_url = two_fresh_postgres_databases
    source, backup = make_backup(source_url, tmp_path)
    restore_and_compare(source, backup, target_url, tmp_path)


def test_restore_refuses_a_damaged_backup(sqlite_backup: Any, tmp_path: Path) -> None:
    import shutil

    damaged = tmp_path / "backup"
    shutil.copytree(sqlite_backup[1], damaged)
    (damaged / "files" / "uploads" / "bild.png").write_bytes(b"broken")
    target = environment(f"sqlite:///{tmp_path / 'target.sqlite3'}", tmp_path / "target")
    result = subprocess.run([sys.executable, "manage.py", "restore", str(damaged)], cwd=ROOT, env=target,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode != 0 and "uploads/bild.png is damaged" in result.stderr


def test_start_up_check_refuses_unapplied_migrations(sqlite_backup: Any, tmp_path: Path) -> None:
    command = [sys.executable, "manage.py", "check", "--deploy", "--database", "default", "--fail-level", "ERROR"]
    new = environment(f"sqlite:///{tmp_path / 'new.sqlite3'}", tmp_path)
    refused = subprocess.run(command, cwd=ROOT, env=new, capture_output=True, text=True, timeout=300)
    assert refused.returncode != 0 and "ops.E001" in refused.stderr and "unapplied migration" in refused.stderr
    migrated = sqlite_backup[0]  # `migrate` ran there: the check does not block migrate itself
    allowed = subprocess.run(command, cwd=ROOT, env=migrated, capture_output=True, text=True, timeout=300)
    assert "ops.E001" not in allowed.stdout + allowed.stderr
    assert allowed.returncode == 0, allowed.stderr

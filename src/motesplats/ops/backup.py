"""Backup and restore: the database and every file of the default storage, with a manifest that proves it.

A backup folder holds ``database.dump`` (pg_dump's custom format) or ``database.sqlite3`` (SQLite's online
backup), ``files/`` (every file of the default storage, local disk or object storage, by its storage name) and
``manifest.json``: per table its row count and an order-independent checksum of its rows, per file its SHA-256.
`restore` loads both into the configured database and storage and checks them against the manifest."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.db import connection, connections

FORMAT_VERSION = 1
MODULUS = 2**256


class BackupError(Exception):
    """The backup or restore could not be done, or the restored data differ from the manifest."""


def table_summary() -> dict[str, dict[str, Any]]:
    """{table: {"rows": n, "checksum": hex}} for every table of the database; the checksum is the sum of the
    rows' SHA-256 (so row order does not matter, and a changed, missing or doubled row changes it)."""
    summary: dict[str, dict[str, Any]] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - introspected names
            total, rows = 0, 0
            for row in cursor.fetchall():
                total = (total + int.from_bytes(hashlib.sha256(repr(tuple(row)).encode()).digest(), "big")) % MODULUS
                rows += 1
            summary[table] = {"rows": rows, "checksum": f"{total:064x}"}
    return summary


def storage_files(storage: Storage = default_storage, folder: str = "") -> list[str]:
    directories, files = storage.listdir(folder) if storage.exists(folder) or folder == "" else ([], [])
    names = [f"{folder}/{name}" if folder else name for name in files]
    for directory in directories:
        names += storage_files(storage, f"{folder}/{directory}" if folder else directory)
    return sorted(names)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_env() -> dict[str, str]:
    settings = connection.settings_dict
    env = {**os.environ}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings.get(key):
            env[name] = str(settings[key])
    return env


def _run(command: list[str]) -> None:
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def backup(target: Path) -> dict[str, Any]:
    """Write a backup into ``target`` (created; must be empty) and return its manifest."""
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise BackupError(f"{target} is not empty")
    vendor = connection.vendor
    if vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target / "database.dump"),
              connection.settings_dict["NAME"]])
    elif vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target / "database.sqlite3")
        with destination:
            connection.connection.backup(destination)
        destination.close()
    else:
        raise BackupError(f"no backup for the {vendor} database")
    files: dict[str, str] = {}
    for name in storage_files():
        path = target / "files" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, path.open("wb") as copy:
            shutil.copyfileobj(source, copy)
        files[name] = _sha256(path)
    manifest = {"format": FORMAT_VERSION, "database": vendor, "tables": table_summary(), "files": files,
                "migrations": _applied_migrations()}
    (target / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return manifest


def _applied_migrations() -> list[str]:
    from django.db.migrations.recorder import MigrationRecorder

    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def restore(source: Path) -> dict[str, Any]:
    """Load a backup into the configured (emptied) database and storage; raise BackupError when what is
    restored differs from the manifest. Returns the manifest."""
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    vendor = connection.vendor
    if manifest["database"] != vendor:
        raise BackupError(f"the backup is of a {manifest['database']} database, this is {vendor}")
    if vendor == "postgresql":
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--exit-on-error",
              "--dbname", connection.settings_dict["NAME"], str(source / "database.dump")])
    else:
        connection.ensure_connection()
        origin = sqlite3.connect(source / "database.sqlite3")
        with origin:
            origin.backup(connection.connection)
        origin.close()
    connections.close_all()
    for name, digest in manifest["files"].items():
        path = source / "files" / name
        if _sha256(path) != digest:
            raise BackupError(f"the backup's file {name} is damaged")
        if default_storage.exists(name):
            default_storage.delete(name)
        with path.open("rb") as handle:
            stored = default_storage.save(name, File(handle))
        if stored != name:
            raise BackupError(f"the storage saved {name} as {stored}")
    differences = compare(manifest["tables"], table_summary())
    if differences:
        raise BackupError("the restored database differs from the backup: " + "; ".join(differences))
    return manifest


def compare(expected: dict[str, dict[str, Any]], actual: dict[str, dict[str, Any]]) -> list[str]:
    """What differs between two table summaries, one line per table."""
    lines = []
    for table in sorted(set(expected) | set(actual)):
        if expected.get(table) != actual.get(table):
            lines.append(f"{table}: {expected.get(table)} != {actual.get(table)}")
    return lines

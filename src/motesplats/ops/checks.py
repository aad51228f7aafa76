"""Start-up check: `manage.py check --deploy --database default` fails while migrations are unapplied, so that a new
version never serves on an old schema (the container's start command runs it; see README "Upgrading")."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, Tags, register
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


@register(Tags.database, deploy=True)  # not during `migrate`, which checks the database too
def unapplied_migrations(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list[Error]:
    if not databases or DEFAULT_DB_ALIAS not in databases:
        return []
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        return []
    names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _backwards in plan[:10])
    return [Error(f"{len(plan)} unapplied migration(s): {names}",
                  hint="Run `manage.py migrate` (see README, Upgrading) before starting this version.",
                  id="ops.E001")]

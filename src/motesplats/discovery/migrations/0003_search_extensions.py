"""Relevance search on PostgreSQL: trigram similarity (pg_trgm) for typos and parts of compounds.

Nothing to do on SQLite, which searches with FTS5 (see motesplats.common.search).
"""

from django.db import migrations

FORWARD = "CREATE EXTENSION IF NOT EXISTS pg_trgm"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


class Migration(migrations.Migration):

    dependencies = [
        ("discovery", "0002_textvector_overlapsnapshot"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]

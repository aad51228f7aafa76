from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motesplats.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the default file storage into a new folder (see `make backup`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", type=Path)

    def handle(self, *args: Any, target: Path, **options: Any) -> None:
        try:
            manifest = backup(target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(f"{target}: {len(manifest['tables'])} tables, {rows} rows, {len(manifest['files'])} files")

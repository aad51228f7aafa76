from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motesplats.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = ("Restore a backup folder (`make backup`) into the configured database and file storage, then check "
            "every table's row count and checksum and every file's SHA-256 against its manifest.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path)

    def handle(self, *args: Any, source: Path, **options: Any) -> None:
        try:
            manifest = restore(source)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"restored and verified: {len(manifest['tables'])} tables, {len(manifest['files'])} files")

"""python manage.py import_portfolio FILE.json [--language en]: load a portfolio, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from motesplats.registry.portfolio_io import PortfolioImportError, import_portfolio


class Command(BaseCommand):
    help = "Import organisations, people and projects (with the data they collect and need) from a JSON file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the portfolio file (JSON, UTF-8); '-' reads standard input")
        parser.add_argument("--language", default="sv", choices=["sv", "en"], help="language of the messages")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            self._import(options["file"])

    def _import(self, name: str) -> None:
        if name == "-":
            import sys

            data: bytes = sys.stdin.buffer.read()
        else:
            path = Path(name)
            if not path.is_file():
                raise CommandError(_("Filen %(file)s finns inte.") % {"file": name})
            data = path.read_bytes()
        try:
            report = import_portfolio(data, source_name=name)
        except PortfolioImportError as error:
            self.stderr.write(_("Filen %(file)s lästes inte in: %(count)d fel. Ingenting sparades.")
                              % {"file": name, "count": len(error.errors)})
            for message in error.errors:
                self.stderr.write(f"  - {message}")
            raise CommandError(_("Importen avbröts."), returncode=2) from None
        self.stdout.write(self.style.SUCCESS(_("Importerade %(file)s.") % {"file": name}))
        for line in report.lines():
            self.stdout.write(f"  {line}")
        if report.ignored_fields:
            self.stdout.write(f"  {report.ignored_line()}")

"""`python manage.py export_dcat [--format turtle|xml|json-ld]`: the DCAT-AP-SE catalogue of the open datasets
on stdout (RDF/XML is what the national data portal harvests)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motesplats.datasharing import dcat


class Command(BaseCommand):
    help = "Write the DCAT-AP-SE catalogue of the open datasets to stdout."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=list(dcat.FORMATS), default="turtle",
                            help="turtle (default), xml (RDF/XML) or json-ld")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(dcat.export(options["format"]), ending="")

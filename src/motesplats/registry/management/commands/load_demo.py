"""python manage.py load_demo [--reset]: the demo portfolio, the demo accounts and the later apps' demo data."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motesplats.registry.demo.loader import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo
from motesplats.registry.portfolio_io import PortfolioImportError


class Command(BaseCommand):
    help = "Load the demo data (idempotent). --reset empties the whole database first."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true",
                            help="delete ALL data in the database before loading the demo")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="do not ask before --reset deletes everything")
        parser.add_argument("--no-hooks", action="store_false", dest="hooks",
                            help="only the registry and the accounts, not the demo data of later apps")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reset"] and options["interactive"] and self.stdin_is_tty():
            answer = input(_("Allt innehåll i databasen raderas. Skriv ja för att fortsätta: "))
            if answer.strip().lower() not in {"ja", "yes"}:
                raise CommandError(_("Avbrutet; ingenting ändrades."))
        try:
            summary = load_demo(reset=options["reset"], stdout=self.stdout, hooks=options["hooks"])
        except PortfolioImportError as error:
            for message in error.errors:
                self.stderr.write(f"  - {message}")
            raise CommandError(_("Demoportföljen kunde inte läsas in.")) from None
        counts = summary.counts
        self.stdout.write(self.style.SUCCESS(
            _("Demon är klar: %(organisations)d organisationer, %(projects)d projekt, %(people)d personer, "
              "%(datasets)d datamängder, %(data_needs)d databehov, %(accounts)d konton.") % counts))
        self.stdout.write(_("Demokonton (lösenord %(password)s):") % {"password": DEMO_PASSWORD})
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.role:<10} {account.email}")
        self.stdout.write(_("Varje person i demon kan också logga in med sin e-postadress och samma lösenord."))

    @staticmethod
    def stdin_is_tty() -> bool:
        import sys

        return sys.stdin.isatty()

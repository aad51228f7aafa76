from django.core.management.base import BaseCommand

from motesplats.events.services.gdpr import anonymise_expired


class Command(BaseCommand):
    help = "Anonymisera anmälningar till seminarier som hölls för mer än tolv månader sedan (GDPR)."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        count = anonymise_expired()
        self.stdout.write(f"{count} anmälningar anonymiserade.")

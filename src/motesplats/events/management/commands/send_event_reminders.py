from django.core.management.base import BaseCommand

from motesplats.events.tasks import send_event_reminders


class Command(BaseCommand):
    help = "E-posta påminnelser till bekräftade deltagare i morgondagens seminarier (körs dagligen av cron)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--today", help="Datum att räkna från, ÅÅÅÅ-MM-DD (standard: i dag).")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        sent = send_event_reminders(options.get("today"))
        self.stdout.write(f"{sent} påminnelser skickade.")

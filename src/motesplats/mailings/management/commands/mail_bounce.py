"""Record a bounce reported by the mail server: `manage.py mail_bounce --message-id '<...>' --reason '5.1.1'`,
or `--email address` (the latest mail sent to it). The delivery log then shows the mail as bounced."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motesplats.mailings.services import bounce_record


class Command(BaseCommand):
    help = "Mark a sent mail as bounced (by Message-ID or address) in the delivery log."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--message-id", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--reason", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["message_id"] and not options["email"]:
            raise CommandError("give --message-id or --email")
        count = bounce_record(message_id=options["message_id"], email=options["email"], reason=options["reason"])
        self.stdout.write(f"{count} delivery marked as bounced" if count == 1 else f"{count} deliveries marked")

"""Reminders the day before: each confirmed participant of tomorrow's published events gets one mail."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

from ..enums import EventStatus, RegistrationStatus
from ..models import Registration
from .mail import send_registration_mail

log = logging.getLogger(__name__)


def send_reminders(*, today: dt.date | None = None) -> int:
    """Remind confirmed participants of events held the day after `today` (default: today's local date).

    Idempotent and safe to run twice at once: a registration is claimed (reminder_sent_at set) before its mail
    goes, and released again if sending fails, so that the next run retries it. Returns the number sent.
    """
    day = today or timezone.localdate()
    tomorrow = day + dt.timedelta(days=1)
    sent = 0
    due = (Registration.objects.select_related("event", "person__user", "project")
           .filter(event__status=EventStatus.PUBLICERAD, event__date=tomorrow,
                   status=RegistrationStatus.CONFIRMED, reminder_sent_at__isnull=True, person__isnull=False)
           .order_by("pk"))
    for registration in due:
        claimed = Registration.objects.filter(pk=registration.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=timezone.now())
        if not claimed:
            continue  # another worker took it
        try:
            if send_registration_mail(registration, "reminder"):
                sent += 1
        except Exception:  # one bad address must not stop the others
            Registration.objects.filter(pk=registration.pk).update(reminder_sent_at=None)
            log.exception("reminder to registration %s failed", registration.pk)
    return sent

"""Celery tasks (primitive arguments; load, then call a service). Eager without a broker."""

from __future__ import annotations

import datetime as dt
import logging

from motesplats.celery import app

from .models import Registration

log = logging.getLogger(__name__)


def _registration(registration_id: int) -> Registration | None:
    return (Registration.objects.select_related("event", "person__user", "project")
            .filter(pk=registration_id).first())


@app.task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)  # SMTP errors are OSErrors
def send_registration_mail(registration_id: int, kind: str) -> bool:
    from .services.mail import send_registration_mail as send

    registration = _registration(registration_id)
    if registration is None:
        return False
    return send(registration, kind)


@app.task
def send_event_cancelled_mail(event_id: int) -> int:
    """Tell everyone who held a seat or a waitlist place that the event is cancelled."""
    from .services.mail import send_event_cancelled_mails

    return send_event_cancelled_mails(event_id=event_id)


@app.task
def send_event_reminders(today: str | None = None) -> int:
    """Daily (beat schedule in settings): remind confirmed participants of tomorrow's events, once each."""
    from .services.reminders import send_reminders

    return send_reminders(today=dt.date.fromisoformat(today) if today else None)


@app.task
def anonymise_expired_registrations() -> int:
    """Daily (beat schedule in settings): anonymise registrations of events held more than 12 months ago."""
    from .services.gdpr import anonymise_expired

    return anonymise_expired()


def enqueue_registration_mail(registration_id: int, kind: str) -> None:
    """Queue the mail; if the broker is unreachable, send it now rather than lose it or fail the request."""
    try:
        send_registration_mail.delay(registration_id, kind)
    except Exception:
        log.exception("queueing %s mail for registration %s failed; sending in-process", kind, registration_id)
        try:
            send_registration_mail(registration_id, kind)
        except Exception:
            log.exception("sending %s mail for registration %s failed", kind, registration_id)


def enqueue_event_cancelled_mail(event_id: int) -> None:
    try:
        send_event_cancelled_mail.delay(event_id)
    except Exception:
        log.exception("queueing cancellation mails of event %s failed; sending in-process", event_id)
        send_event_cancelled_mail(event_id)

"""Celery tasks of the seminar series (primitive arguments; load, then call a service). Eager without a broker.

The daily jobs are here (CELERY_BEAT_SCHEDULE in settings names them). The mail tasks that services queue
live beside the mail service (`services.mail`) and are imported here so the worker registers them.
"""

from __future__ import annotations

import datetime as dt

from motesplats.celery import app

from .services.gdpr import anonymise_expired
from .services.guest_gdpr import guest_signups_expire
from .services.guests import send_guest_confirmation_task
from .services.imports import import_run, registration_import_requested
from .services.mail import send_event_cancelled_mail_task, send_registration_mail_task
from .services.reminders import send_reminders

__all__ = ["anonymise_expired_registrations", "run_registration_import", "send_event_cancelled_mail_task",
           "send_event_reminders", "send_guest_confirmation_task", "send_registration_mail_task"]


@app.task(acks_late=True)
def send_event_reminders(today: str | None = None) -> int:
    """Daily (beat schedule in settings): remind confirmed participants of tomorrow's events, once each."""
    return send_reminders(today=dt.date.fromisoformat(today) if today else None)


@app.task(acks_late=True)
def anonymise_expired_registrations() -> int:
    """Daily (beat schedule in settings): anonymise registrations of events held more than 12 months ago, and
    delete guest signups that were never confirmed or whose registration is anonymised."""
    count = anonymise_expired()
    guest_signups_expire()
    return count


@app.task(acks_late=True)
def run_registration_import(job_id: int) -> int:
    """A participant import queued by `services.imports.import_start`; returns the rows registered. A job that
    is redelivered (acks_late) and already done is left as it is (`import_run` checks)."""
    job = import_run(job_id)
    return job.confirmed + job.waitlisted


def _start_import(sender: object, job_id: int, **kwargs: object) -> None:
    run_registration_import.delay(job_id)


registration_import_requested.connect(_start_import, dispatch_uid="events.run_registration_import")

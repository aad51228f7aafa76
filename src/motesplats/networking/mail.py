"""The e-mail that tells a participant their seat in a published plan changed, in the recipient's language,
through the events mail path (`events.services.mail`: language, address, Celery with an in-process fallback)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from motesplats.celery import app
from motesplats.events.enums import RegistrationStatus
from motesplats.events.models import Registration
from motesplats.events.services.mail import absolute_url, recipient_address, recipient_language

from .models import PlanVersion

log = logging.getLogger(__name__)


def build_seat_changed_mail(version: PlanVersion, registration: Registration) -> EmailMultiAlternatives | None:
    address = recipient_address(registration)
    if not address:
        return None
    plan = version.plan
    event = plan.event
    language = recipient_language(registration)
    with translation.override(language):
        from .selectors import my_networking

        mine = [block for block in my_networking(event, registration.person) if block.plan.pk == plan.pk]
        context = {"person": registration.person, "event": event, "item": plan.agenda_item, "plan": plan,
                   "block": mine[0] if mine else None, "language": language,
                   "my_day_url": absolute_url("events:my_day", fallback=event.get_absolute_url(), slug=event.slug)}
        subject = " ".join(render_to_string("networking/email/seat_changed_subject.txt", context).split())
        text = render_to_string("networking/email/seat_changed.txt", context)
        message = EmailMultiAlternatives(subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL,
                                         to=[address], headers={"Content-Language": language})
    return message


@app.task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_seat_changed_mails(version_id: int) -> int:
    """Mail everyone whose seat the version changed (confirmed registrations only); returns the number sent."""
    version = PlanVersion.objects.select_related("plan__agenda_item__event").filter(pk=version_id).first()
    if version is None:
        return 0
    sent = 0
    for registration in (Registration.objects.select_related("event", "person__user", "project")
                         .filter(event=version.plan.event, status=RegistrationStatus.CONFIRMED,
                                 person_id__in=version.people).order_by("pk")):
        try:
            message = build_seat_changed_mail(version, registration)
            sent += bool(message and message.send())
        except Exception:  # one bad address must not stop the others
            log.exception("seat-changed mail to registration %s failed", registration.pk)
    return sent


def _enqueue(version_id: int) -> None:
    try:
        send_seat_changed_mails.delay(version_id)
    except Exception:
        log.exception("queueing seat-changed mails of version %s failed; sending in-process", version_id)
        send_seat_changed_mails(version_id)


def queue_seat_changed_mails(version_id: int) -> None:
    """Send the mails once the current transaction has committed."""
    transaction.on_commit(lambda: _enqueue(version_id))

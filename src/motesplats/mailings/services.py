"""Writes of the mailings: create a mailing with its delivery rows, queue the batches, send a batch, record an
unsubscribe or a bounce. The request only writes rows and queues; workers send (Celery, eager without a broker).
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import make_msgid
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from motesplats.celery import app
from motesplats.common.errors import ApplicationError
from motesplats.events.guest_links import invitation_token
from motesplats.events.models import Event

from . import selectors
from .models import Delivery, DeliveryStatus, Mailing, MailingKind, Unsubscribe

log = logging.getLogger(__name__)

BATCH_SIZE = 100  # one task per batch: one SMTP connection sends a batch
UNSUBSCRIBE_SALT = "motesplats.mailings.unsubscribe"


class MailingError(ApplicationError):
    code = "mailing_error"
    status = 422
    title = _("Utskicket kunde inte skapas.")


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_token(email: str) -> str:
    return signing.dumps(email.strip().lower(), salt=UNSUBSCRIBE_SALT, compress=True)


def email_from_unsubscribe_token(token: str) -> str | None:
    try:
        email = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return email if isinstance(email, str) else None


def _create(*, kind: str, event: Event, subject: str, body: str, audience: dict, audience_label: str,
            people: Any, by: object | None) -> Mailing:
    """Write the mailing and hand one task to the queue; the worker writes the delivery rows and queues the
    batches (`mailing_prepare`), so that the request does not grow with the number of recipients."""
    subject = " ".join(subject.split())
    if not subject:
        raise MailingError(_("Skriv ett ämne."))
    if len(body) > 10000:
        raise MailingError(_("Meddelandet får vara högst 10 000 tecken."))
    if not selectors.with_address(people).exists():
        raise MailingError(_("Ingen mottagare matchar urvalet."))
    with transaction.atomic():
        mailing = Mailing.objects.create(kind=kind, event=event, subject=subject[:200], body=body.strip(),
                                         audience=audience, audience_label=audience_label[:500],
                                         created_by=by if getattr(by, "pk", None) else None)
        transaction.on_commit(lambda: _enqueue(prepare_mailing_task, mailing.pk))
    return mailing


def _enqueue(task: Any, *args: Any) -> None:
    try:
        task.delay(*args)
    except Exception:  # the broker is unreachable: run it now rather than lose the mail
        log.exception("queueing %s%s failed; running in-process", task.name, args)
        task(*args)


def _people_of(mailing: Mailing) -> Any:
    if mailing.kind == MailingKind.INVITATION:
        return selectors.invitation_people(mailing.event, selectors.InvitationAudience(**mailing.audience))
    return selectors.participant_people(mailing.event, selectors.ParticipantAudience(**mailing.audience))


def mailing_prepare(*, mailing_id: int) -> int:
    """Write one delivery row per recipient (the delivery log), then queue one task per batch. Runs once: a
    mailing that has its rows is not prepared again. Returns the number of batches."""
    with transaction.atomic():
        mailing = Mailing.objects.select_for_update().select_related("event").filter(pk=mailing_id).first()
        if mailing is None or mailing.queued_at is not None:
            return 0
        rows = selectors.recipients(_people_of(mailing))
        Delivery.objects.bulk_create([
            Delivery(mailing=mailing, person_id=row.person_id, name=row.name[:200], email=row.email,
                     language=row.language, batch=index // BATCH_SIZE,
                     status=DeliveryStatus.UNSUBSCRIBED if row.unsubscribed else DeliveryStatus.QUEUED)
            for index, row in enumerate(rows)], batch_size=1000)
        mailing.batches = (len(rows) + BATCH_SIZE - 1) // BATCH_SIZE
        mailing.queued_at = timezone.now()
        mailing.save(update_fields=["batches", "queued_at"])
        transaction.on_commit(lambda: _enqueue_batches(mailing))
    return mailing.batches


def _enqueue_batches(mailing: Mailing) -> None:
    for batch in range(mailing.batches):
        _enqueue(send_batch_task, mailing.pk, batch)
    waited = (timezone.now() - mailing.created).total_seconds()  # from the POST's row to the last batch queued
    Mailing.objects.filter(pk=mailing.pk, queue_seconds__isnull=True).update(queue_seconds=waited)


def invitation_create(*, event: Event, audience: selectors.InvitationAudience, audience_label: str, subject: str,
                      body: str = "", by: object | None = None) -> Mailing:
    """Invite the chosen people (not those already registered) to `event`; each mail has a personal link."""
    if not (event.is_published and event.registration_is_open()):
        raise MailingError(_("Man kan bara bjuda in till ett publicerat seminarium med öppen anmälan."))
    return _create(kind=MailingKind.INVITATION, event=event, subject=subject, body=body,
                   audience=audience.as_json(), audience_label=audience_label,
                   people=selectors.invitation_people(event, audience), by=by)


def message_create(*, event: Event, audience: selectors.ParticipantAudience, audience_label: str, subject: str,
                   body: str, by: object | None = None) -> Mailing:
    """E-mail the seminar's registered, waitlisted or checked-in people."""
    if not audience.statuses:
        raise MailingError(_("Välj vilka deltagare som ska få meddelandet."))
    if not body.strip():
        raise MailingError(_("Skriv ett meddelande."))
    return _create(kind=MailingKind.MESSAGE, event=event, subject=subject, body=body,
                   audience=audience.as_json(), audience_label=audience_label,
                   people=selectors.participant_people(event, audience), by=by)


def build_message(delivery: Delivery, mailing: Mailing, person_id: int | None) -> EmailMultiAlternatives:
    """The mail of one delivery, in the recipient's language, with the unsubscribe link (non-essential mail)."""
    event = mailing.event
    unsubscribe_url = site_url(reverse("mailings:unsubscribe", kwargs={"token": unsubscribe_token(delivery.email)}))
    with translation.override(delivery.language or settings.LANGUAGE_CODE):
        register_url = ""
        if mailing.kind == MailingKind.INVITATION and person_id is not None:
            register_url = site_url(reverse("events:invited_register", kwargs={
                "slug": event.slug, "token": invitation_token(event_id=event.pk, person_id=person_id)}))
        context = {"mailing": mailing, "event": event, "name": delivery.name, "register_url": register_url,
                   "event_url": site_url(event.get_absolute_url()), "unsubscribe_url": unsubscribe_url,
                   "language": delivery.language}
        text = render_to_string(f"mailings/email/{mailing.kind}.txt", context)
        html = render_to_string(f"mailings/email/{mailing.kind}.html", context)
    message = EmailMultiAlternatives(
        subject=mailing.subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[delivery.email],
        headers={"Content-Language": delivery.language, "Message-ID": delivery.message_id,
                 "List-Unsubscribe": f"<{unsubscribe_url}>",
                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click", "Auto-Submitted": "auto-generated"})
    message.attach_alternative(html, "text/html")
    return message


FLUSH_EVERY = 20  # the delivery log shows progress while a batch is sent


def send_batch(*, mailing_id: int, batch: int) -> int:
    """Send the queued deliveries of one batch over one connection; returns how many were sent. Running it
    again sends nothing twice: the batch's queued rows are claimed (queued -> sending, with this run's token)
    in one statement before anything is sent, and only the claimed rows are sent."""
    mailing = Mailing.objects.select_related("event__series").filter(pk=mailing_id).first()
    if mailing is None:
        return 0
    connection = get_connection()
    connection.open()  # an unreachable server fails here, before any row is claimed (the task retries)
    claim = uuid.uuid4().hex
    Delivery.objects.filter(mailing=mailing, batch=batch, status=DeliveryStatus.QUEUED).update(
        status=DeliveryStatus.SENDING, claim=claim)
    rows = list(Delivery.objects.filter(mailing=mailing, batch=batch, claim=claim).order_by("id"))
    unsubscribed = set(Unsubscribe.objects.filter(email__in=[row.email for row in rows])
                       .values_list("email", flat=True))
    done: list[Delivery] = []
    sent = 0
    try:
        for delivery in rows:
            delivery.message_id = make_msgid(domain="motesplats.example")
            if delivery.email in unsubscribed:
                delivery.status = DeliveryStatus.UNSUBSCRIBED
            else:
                try:
                    message = build_message(delivery, mailing, delivery.person_id)
                    message.connection = connection
                    message.send()
                except Exception as error:  # one bad address must not stop the batch
                    log.warning("delivery %s failed: %s", delivery.pk, error)
                    delivery.status, delivery.error = DeliveryStatus.FAILED, str(error)[:500]
                else:
                    delivery.status, delivery.sent_at, delivery.error = DeliveryStatus.SENT, timezone.now(), ""
                    sent += 1
            done.append(delivery)
            if len(done) >= FLUSH_EVERY:
                _flush(done)
    finally:
        _flush(done)
        connection.close()
    return sent


def _flush(done: list[Delivery]) -> None:
    if done:
        Delivery.objects.bulk_update(done, ["status", "sent_at", "error", "message_id"])
        done.clear()


def unsubscribe(*, email: str) -> Unsubscribe:
    entry, _created = Unsubscribe.objects.get_or_create(email=email.strip().lower())
    return entry


def resubscribe(*, email: str) -> None:
    Unsubscribe.objects.filter(email=email.strip().lower()).delete()


def bounce_record(*, message_id: str = "", email: str = "", reason: str = "") -> int:
    """A bounce reported by the mail server (by Message-ID, or the latest sent mail to an address)."""
    rows = Delivery.objects.filter(status__in=[DeliveryStatus.SENT, DeliveryStatus.SENDING])
    if message_id:
        rows = rows.filter(message_id=message_id.strip())
    elif email:
        latest = rows.filter(email=email.strip().lower()).order_by("-sent_at", "-id").first()
        rows = rows.filter(pk=latest.pk) if latest else rows.none()
    else:
        return 0
    return rows.update(status=DeliveryStatus.BOUNCED, error=reason[:500])


@app.task(name="motesplats.mailings.tasks.prepare_mailing")
def prepare_mailing_task(mailing_id: int) -> int:
    return mailing_prepare(mailing_id=mailing_id)


# The Celery tasks live beside what they run, so that services never import `mailings.tasks` (which re-exports it).
@app.task(name="motesplats.mailings.tasks.send_batch", autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_batch_task(mailing_id: int, batch: int) -> int:
    return send_batch(mailing_id=mailing_id, batch=batch)

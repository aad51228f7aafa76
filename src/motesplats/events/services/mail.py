"""E-mails to participants, rendered in the recipient's language, plain text + HTML, via Django's backends.

Templates: events/email/<kind>_subject.txt, <kind>.txt and <kind>.html; kinds are in KINDS.

Services queue mails with `queue_registration_mail` / `queue_event_cancelled_mail` (after the commit); the
Celery tasks that send them live here, beside what they run, so that services never import `events.tasks`.
"""

from __future__ import annotations

import logging
from email.mime.image import MIMEImage
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import SafeMIMEMultipart
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from motesplats.celery import app
from motesplats.common.once import once

from ..consent import consent_text
from ..guest_links import day_token
from ..models import GuestSignup, Registration
from ..qr import qr_png, qr_svg
from .calendar import event_ics

log = logging.getLogger(__name__)

KINDS = ("confirmed", "waitlisted", "promoted", "reminder", "cancelled", "event_cancelled")
# Mails that carry the seat: the calendar file and the personal QR code go with them.
WITH_TICKET = {"confirmed", "promoted", "reminder"}
# The cancellation carries the calendar file too (same UID, STATUS:CANCELLED, higher SEQUENCE) so that
# calendar programs that imported the event can update it.
WITH_CALENDAR = WITH_TICKET | {"event_cancelled"}
QR_CONTENT_ID = "incheckning-qr"  # the HTML shows the code with <img src="cid:incheckning-qr">


class MailWithInlineImages(EmailMultiAlternatives):
    """The HTML part travels in multipart/related with its images, so that mail programs show them in the body;
    the attachments (.ics, SVG) stay in multipart/mixed, where every program lists them."""

    def __init__(self, *args: Any, inline_images: list[MIMEImage] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inline_images = inline_images or []

    def _create_alternatives(self, msg: Any) -> Any:
        msg = super()._create_alternatives(msg)
        if not self.inline_images or not msg.is_multipart():
            return msg
        parts = msg.get_payload()
        for index, part in enumerate(parts):
            if part.get_content_type() == "text/html":
                related = SafeMIMEMultipart(_subtype="related", encoding=self.encoding or settings.DEFAULT_CHARSET)
                related.attach(part)
                for image in self.inline_images:
                    related.attach(image)
                parts[index] = related
        return msg


def _inline_qr(text: str) -> MIMEImage:
    image = MIMEImage(qr_png(text, scale=6), "png")
    image.add_header("Content-ID", f"<{QR_CONTENT_ID}>")
    image.add_header("Content-Disposition", "inline", filename="incheckning-qr.png")
    return image


def absolute_url(name: str, fallback: str = "/", **kwargs: Any) -> str:
    try:
        path = reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        path = fallback
    return settings.SITE_URL.rstrip("/") + path


def recipient_language(registration: Registration) -> str:
    """The account's language; a guest's, the language they registered in; otherwise Swedish."""
    user = getattr(registration.person, "user", None) if registration.person else None
    language = getattr(user, "language", "")
    if not language and registration.pk:
        language = (GuestSignup.objects.filter(registration_id=registration.pk)
                    .values_list("language", flat=True).first() or "")
    language = language or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def my_day_link(registration: Registration) -> str:
    """ "Min dag": the signed-in page for account holders, a signed link for people without an account."""
    event = registration.event
    if registration.person is not None and getattr(registration.person, "user", None) is None:
        return absolute_url("events:guest_day", fallback=event.get_absolute_url(), slug=event.slug,
                            token=day_token(registration))
    return absolute_url("events:my_day", fallback=event.get_absolute_url(), slug=event.slug)


def recipient_address(registration: Registration) -> str:
    person = registration.person
    if person is None:
        return ""
    user = getattr(person, "user", None)
    return person.email or getattr(user, "email", "") or ""


def build_registration_mail(registration: Registration, kind: str) -> EmailMultiAlternatives | None:
    """The message for `kind`, or None when there is nobody to send it to (anonymised, no address)."""
    if kind not in KINDS:
        raise ValueError(f"unknown mail kind {kind!r}")
    address = recipient_address(registration)
    if not address:
        return None
    event = registration.event
    language = recipient_language(registration)
    with translation.override(language):
        from .. import selectors

        event_url = settings.SITE_URL.rstrip("/") + event.get_absolute_url()
        context = {
            "registration": registration,
            "person": registration.person,
            "event": event,
            "agenda": list(event.agenda_items.order_by("order", "starts_at")),
            "event_url": event_url,
            "my_day_url": my_day_link(registration),
            "waitlist_position": selectors.waitlist_position(registration) if registration.is_waitlisted else None,
            "check_in_code": registration.check_in_code,
            "consent_text": consent_text(language),
            "site_url": settings.SITE_URL,
            "language": language,
            "qr_cid": QR_CONTENT_ID if kind in WITH_TICKET else "",
        }
        subject = " ".join(render_to_string(f"events/email/{kind}_subject.txt", context).split())
        text = render_to_string(f"events/email/{kind}.txt", context)
        html = render_to_string(f"events/email/{kind}.html", context)
        inline = [_inline_qr(registration.check_in_code)] if kind in WITH_TICKET else []
        message = MailWithInlineImages(subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL,
                                       to=[address], headers={"Content-Language": language}, inline_images=inline)
        message.attach_alternative(html, "text/html")
        if kind in WITH_CALENDAR:
            message.attach(f"{event.slug}.ics", event_ics(event), "text/calendar; charset=utf-8; method=PUBLISH")
        if kind in WITH_TICKET:
            title = translation.gettext("Incheckningskod för %(name)s") % {"name": registration.person.name}
            message.attach("incheckning-qr.svg", qr_svg(registration.check_in_code, title=title, size="300"),
                           "image/svg+xml")
    return message


def send_registration_mail(registration: Registration, kind: str) -> bool:
    message = build_registration_mail(registration, kind)
    if message is None:
        return False
    return bool(message.send())


def send_event_cancelled_mails(*, event_id: int, guard: bool = False) -> int:
    """Mail everyone who held a seat or a waitlist place of a cancelled event; returns the number sent."""
    sent = 0
    registrations = (Registration.objects.select_related("event", "person__user", "project")
                     .filter(event_id=event_id).active()
                     .exclude(person__isnull=True).order_by("pk"))
    for registration in registrations:
        try:
            def send(registration: Registration = registration) -> bool:
                return send_registration_mail(registration, "event_cancelled")

            sent += once(f"mail:event_cancelled:{event_id}:{registration.pk}", send, skipped=False) if guard else send()
        except Exception:  # one bad address must not stop the others
            log.exception("cancellation mail to registration %s failed", registration.pk)
    return sent


# --- queued sending (Celery; in-process without a broker) -------------------------------------------
# The task names are those the tasks had in `events.tasks`, where the worker still finds them.


@app.task(name="motesplats.events.tasks.send_registration_mail", autoretry_for=(OSError,), retry_backoff=30,
          max_retries=5, acks_late=True, bind=True)  # SMTP errors are OSErrors
def send_registration_mail_task(self: Any, registration_id: int, kind: str) -> bool:
    """Once per queued task (a redelivery or a retry of the same task sends no second mail)."""
    registration = (Registration.objects.select_related("event", "person__user", "project")
                    .filter(pk=registration_id).first())
    if registration is None:
        return False
    if self.request.is_eager or not self.request.id:
        return send_registration_mail(registration, kind)
    return once(f"mail:{self.request.id}:{kind}", lambda: send_registration_mail(registration, kind), skipped=False)


@app.task(name="motesplats.events.tasks.send_event_cancelled_mail", acks_late=True, bind=True)
def send_event_cancelled_mail_task(self: Any, event_id: int) -> int:
    """Tell everyone who held a seat or a waitlist place that the event is cancelled (each once, also when the
    task is delivered again)."""
    return send_event_cancelled_mails(event_id=event_id, guard=not self.request.is_eager)


def enqueue_registration_mail(registration_id: int, kind: str) -> None:
    """Queue the mail; if the broker is unreachable, send it now rather than lose it or fail the request."""
    try:
        send_registration_mail_task.delay(registration_id, kind)
    except Exception:
        log.exception("queueing %s mail for registration %s failed; sending in-process", kind, registration_id)
        try:
            send_registration_mail_task(registration_id, kind)
        except Exception:
            log.exception("sending %s mail for registration %s failed", kind, registration_id)


def enqueue_event_cancelled_mail(event_id: int) -> None:
    try:
        send_event_cancelled_mail_task.delay(event_id)
    except Exception:
        log.exception("queueing cancellation mails of event %s failed; sending in-process", event_id)
        send_event_cancelled_mail_task(event_id)


def queue_registration_mail(registration_id: int, kind: str) -> None:
    """Send the mail once the current transaction has committed (at once outside a transaction)."""
    transaction.on_commit(lambda: enqueue_registration_mail(registration_id, kind))


def queue_event_cancelled_mail(event_id: int) -> None:
    transaction.on_commit(lambda: enqueue_event_cancelled_mail(event_id))

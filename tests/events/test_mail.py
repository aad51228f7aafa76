"""E-mails: in the recipient's language, text + HTML, the ticket (.ics and QR code) with the seat."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from icalendar import Calendar

from motesplats.events.models import Registration
from motesplats.events.services import register
from motesplats.events.services.mail import build_registration_mail
from motesplats.events.tasks import send_event_reminders

pytestmark = pytest.mark.django_db


def test_confirmation_in_swedish_with_ics_and_qr(event: Any, make_person: Any,
                                                 django_capture_on_commit_callbacks: Any) -> None:
    person = make_person("Karin Bengtsson & co", language="sv")
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event=event, person=person, consent=True)
    (message,) = mail.outbox
    assert message.to == [person.email]
    assert message.subject == f"Du är anmäld: {event.title}"
    assert "Hej Karin Bengtsson & co!" in message.body  # plain text is not HTML-escaped
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and 'lang="sv"' in html and "Karin Bengtsson &amp; co" in html
    assert "/my-day/" in message.body
    names = {name: (content, kind) for name, content, kind in message.attachments}
    ics, kind = names[f"{event.slug}.ics"]
    assert kind.startswith("text/calendar")
    assert Calendar.from_ical(ics).walk("VEVENT")[0]["SUMMARY"] == event.title
    svg, kind = names["incheckning-qr.svg"]
    assert kind == "image/svg+xml" and svg.startswith("<svg") and registration.person.name in svg.replace(
        "&amp;", "&")


def test_mails_follow_the_recipients_language(make_event: Any, make_person: Any,
                                              django_capture_on_commit_callbacks: Any) -> None:
    event = make_event(capacity=1)
    swede, english = make_person(language="sv"), make_person(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        register(event=event, person=swede, consent=True)
        register(event=event, person=english, consent=True)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address[swede.email].subject.startswith("Du är anmäld")
    english_mail = by_address[english.email]
    assert english_mail.subject == f"You are on the waitlist: {event.title}"
    assert "You are number 1 in the queue." in english_mail.body
    assert 'lang="en"' in english_mail.alternatives[0][0]
    assert not any(name.endswith(".ics") for name, *_ in english_mail.attachments)


def test_every_kind_renders_in_both_languages(event: Any, make_person: Any) -> None:
    for language in ("sv", "en"):
        registration = register(event=event, person=make_person(language=language), consent=True, notify=False)
        for kind in ("confirmed", "waitlisted", "promoted", "reminder", "cancelled", "event_cancelled"):
            message = build_registration_mail(registration, kind)
            assert message is not None and message.subject and message.body.strip()
            assert "{%" not in message.body and "{{" not in message.alternatives[0][0]


def test_reminders_go_the_day_before_once(make_event: Any, make_person: Any) -> None:
    event = make_event(capacity=1, days=1)
    confirmed = register(event=event, person=make_person(), consent=True, notify=False)
    register(event=event, person=make_person(), consent=True, notify=False)  # waitlisted: no reminder
    make_event(title="Senare", days=5)
    assert send_event_reminders() == 1
    (message,) = mail.outbox
    assert message.to == [confirmed.person.email] and message.subject.startswith("I morgon")
    assert Registration.objects.get(pk=confirmed.pk).reminder_sent_at is not None
    call_command("send_event_reminders")
    assert len(mail.outbox) == 1
    assert send_event_reminders((event.date - dt.timedelta(days=3)).isoformat()) == 0


def test_people_without_an_address_are_skipped(event: Any, make_person: Any) -> None:
    person = make_person(account=False)
    person.email = ""
    person.save()
    registration = register(event=event, person=person, consent=True, notify=False)
    assert build_registration_mail(registration, "confirmed") is None


def test_event_cancellation_mail_carries_the_cancelled_calendar_entry(event: Any, make_person: Any) -> None:
    from motesplats.events.services import event_cancel

    registration = register(event=event, person=make_person(), consent=True, notify=False)
    event_cancel(event=event, notify=False)
    registration.refresh_from_db()
    message = build_registration_mail(registration, "event_cancelled")
    assert message is not None
    (ics,) = [content for name, content, _kind in message.attachments if name.endswith(".ics")]
    assert Calendar.from_ical(ics).walk("VEVENT")[0]["STATUS"] == "CANCELLED"
    assert not any(name.endswith(".svg") for name, *_ in message.attachments)


def test_the_qr_code_is_shown_in_the_body_of_the_mail(event: Any, make_person: Any) -> None:
    """The HTML shows a PNG of the code (multipart/related), while the .ics and the SVG stay attachments."""
    from motesplats.events.qr import qr_png

    registration = register(event=event, person=make_person("Anna Håkansson", language="en"), consent=True,
                            notify=False)
    message = build_registration_mail(registration, "confirmed")
    assert message is not None
    mime = message.message()
    assert mime.get_content_type() == "multipart/mixed"
    alternative, *attachments = mime.get_payload()
    assert alternative.get_content_type() == "multipart/alternative"
    text, related = alternative.get_payload()
    assert text.get_content_type() == "text/plain" and related.get_content_type() == "multipart/related"
    html, image = related.get_payload()
    assert image.get_content_type() == "image/png" and image["Content-ID"] == "<incheckning-qr>"
    assert image.get_payload(decode=True) == qr_png(registration.check_in_code, scale=6)
    body = html.get_payload(decode=True).decode()
    assert 'src="cid:incheckning-qr"' in body and 'alt="Check-in code for Anna Håkansson"' in body
    assert {part.get_content_type() for part in attachments} == {"text/calendar", "image/svg+xml"}

    waitlisted = build_registration_mail(registration, "waitlisted")
    assert waitlisted is not None and "cid:" not in waitlisted.alternatives[0][0]
    assert "multipart/related" not in waitlisted.message().as_string()

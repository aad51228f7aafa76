"""Guest registration without an account: confirmation link, then QR code, .ics and "Min dag" via signed links;
the invitation's personal link for registry people without an account."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from motesplats.events.guest_links import day_token, invitation_token
from motesplats.events.models import GuestSignup, Registration
from motesplats.registry.models import Organisation, Person

pytestmark = pytest.mark.django_db


def _signup(client: Any, event: Any, **extra: Any) -> Any:
    data = {"name": "Gustav Gäst", "organisation_name": "Acme AB", "email": "gustav@acme.se", "language": "en",
            "dietary": "", "accessibility": "", "consent": "on", **extra}
    return client.post(f"/events/{event.slug}/register/guest/", data)


def _link(message: Any, part: str) -> str:
    return next(link for link in re.findall(r"http://testserver(\S+)", message.body) if part in link)


def test_a_guest_confirms_by_mail_and_gets_a_seat_and_signed_links(client: Any, event: Any,
                                                                    mail_settings: Any) -> None:
    with mail_settings.commits():
        response = _signup(client, event)
    assert response.status_code == 200 and "gustav@acme.se" in response.content.decode()
    assert Registration.objects.count() == 0  # nothing until the link is used
    (confirmation,) = mail.outbox
    assert confirmation.to == ["gustav@acme.se"] and "Confirm" in confirmation.subject
    confirm_path = _link(confirmation, "/register/guest/")
    assert client.get(confirm_path).status_code == 200  # a scanner's GET confirms nothing
    assert Registration.objects.count() == 0

    with mail_settings.commits():
        response = client.post(confirm_path)
    registration = Registration.objects.get()
    assert registration.is_confirmed and registration.person.organisation.name == "Acme AB"
    assert registration.person.user is None
    assert response.status_code == 302 and "/guest/" in response["Location"]
    day = client.get(response["Location"])
    html = day.content.decode()
    assert day.status_code == 200 and "<svg" in html and registration.check_in_code in html
    assert day["Cache-Control"] == "no-store, private"
    ics = client.get(response["Location"] + "calendar.ics")
    assert ics.status_code == 200 and b"BEGIN:VCALENDAR" in ics.content
    seat_mail = mail.outbox[-1]
    assert seat_mail.extra_headers["Content-Language"] == "en"
    assert _link(seat_mail, "/guest/") == response["Location"]  # "Min dag" in the mail is the signed link
    assert client.post(confirm_path).status_code == 302 and Registration.objects.count() == 1  # idempotent


def test_an_existing_organisation_is_reused_case_insensitively(client: Any, event: Any, organisation: Any,
                                                                mail_settings: Any) -> None:
    with mail_settings.commits():
        _signup(client, event, organisation_name=organisation.name.upper())
    signup = GuestSignup.objects.get()
    client.post(f"/events/{event.slug}/register/guest/{signup.token}/")
    assert Organisation.objects.count() == 1
    assert Registration.objects.get().person.organisation == organisation


def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(client: Any, event: Any) -> None:
    response = _signup(client, event, email="not-an-address", consent="")
    assert response.status_code == 400 and GuestSignup.objects.count() == 0


def test_a_full_seminar_puts_the_guest_on_the_waitlist(client: Any, make_event: Any, make_person: Any,
                                                       mail_settings: Any) -> None:
    from motesplats.events.services import registration as registration_service

    event = make_event(capacity=1)
    registration_service.register(event=event, person=make_person(), consent=True)
    _signup(client, event)
    signup = GuestSignup.objects.get()
    client.post(f"/events/{event.slug}/register/guest/{signup.token}/")
    assert Registration.objects.get(person__email="gustav@acme.se").is_waitlisted


def test_signed_links_expose_nothing_about_others(client: Any, event: Any, make_event: Any,
                                                  make_person: Any) -> None:
    from motesplats.events.services import registration as registration_service

    other = registration_service.register(event=event, person=make_person("Hemlig Person"), consent=True)
    assert client.get(f"/events/{event.slug}/guest/forged:token/").status_code == 404
    assert client.get(f"/events/{event.slug}/register/guest/unknown/").status_code == 404
    second = make_event(title="Ett annat seminarium")
    assert client.get(f"/events/{second.slug}/guest/{day_token(other)}/").status_code == 404
    page = client.get(f"/events/{event.slug}/guest/{day_token(other)}/").content.decode()
    assert "Hemlig Person" in page and page.count("checkin-code") == 1  # one registration: the link's own


def test_an_invited_person_without_an_account_registers_through_the_personal_link(
        client: Any, event: Any, organisation: Any, mail_settings: Any) -> None:
    person = Person.objects.create(name="Ingrid Inbjuden", email="ingrid@example.se", organisation=organisation)
    url = f"/events/{event.slug}/register/invited/{invitation_token(event=event, person=person)}/"
    assert client.get(url).status_code == 200
    with mail_settings.commits():
        response = client.post(url, {"consent": "on", "dietary": "", "accessibility": ""})
    assert response.status_code == 302 and "/guest/" in response["Location"]
    assert Registration.objects.get().person == person
    assert client.get(url)["Location"] == response["Location"]  # registered: the link leads to "Min dag"
    assert client.get(url.replace("/register/invited/", "/register/invited/x")).status_code == 404


def test_an_invited_account_holder_goes_to_the_usual_registration(client: Any, event: Any,
                                                                  make_person: Any) -> None:
    person = make_person()
    response = client.get(f"/events/{event.slug}/register/invited/{invitation_token(event=event, person=person)}/")
    assert response.status_code == 302 and response["Location"] == f"/events/{event.slug}/register/"


def test_a_guest_can_cancel_through_the_signed_link(client: Any, event: Any, organisation: Any) -> None:
    from motesplats.events.services import registration as registration_service

    person = Person.objects.create(name="G", email="g@example.se", organisation=organisation)
    registration = registration_service.register(event=event, person=person, consent=True)
    response = client.post(f"/events/{event.slug}/guest/{day_token(registration)}/cancel/")
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.is_cancelled


def test_guest_data_is_exported_erased_and_expires(client: Any, event: Any, mail_settings: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    from motesplats.events.services.guest_gdpr import gdpr_erase_hook, gdpr_export_hook, guest_signups_expire

    _signup(client, event)
    signup = GuestSignup.objects.get()
    client.post(f"/events/{event.slug}/register/guest/{signup.token}/")
    person = Registration.objects.get().person
    assert gdpr_export_hook(None, person)["guest_signups"][0]["organisation"] == "Acme AB"
    gdpr_erase_hook(None, person)
    assert not GuestSignup.objects.exists()
    _signup(client, event, email="sen@acme.se")
    GuestSignup.objects.update(created=timezone.now() - dt.timedelta(days=31))
    assert guest_signups_expire() == 1 and not GuestSignup.objects.exists()


def test_signing_up_twice_sends_one_link(client: Any, event: Any, mail_settings: Any) -> None:
    with mail_settings.commits():
        _signup(client, event)
        _signup(client, event)
    assert len(mail.outbox) == 1 and GuestSignup.objects.count() == 1

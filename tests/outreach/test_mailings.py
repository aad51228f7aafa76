"""Invitations to a filtered group, messages to participants, the delivery log, batches and unsubscribing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from motesplats.events.models import Registration
from motesplats.events.services import registration as registration_service
from motesplats.mailings import selectors, services
from motesplats.mailings.models import Delivery, DeliveryStatus, Unsubscribe
from motesplats.registry.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_person: Any, other_organisation: Any, project: Any, theme: Any) -> dict[str, Any]:
    anna = make_person("Anna", language="en")
    bo = make_person("Bo")
    kth = Person.objects.create(name="Cecilia", email="cecilia@kth.se", organisation=other_organisation)
    nomail = Person.objects.create(name="Utan adress", organisation=other_organisation)
    project.contacts.add(anna)
    project.themes.add(theme)
    return {"anna": anna, "bo": bo, "kth": kth, "nomail": nomail}


def _links(body: str) -> list[str]:
    return re.findall(r"http://testserver\S+", body)


def test_an_invitation_to_one_organisation_reaches_only_its_people_each_with_a_personal_link(
    event: Any, people: Any, other_organisation: Any, mail_settings: Any, organiser: Any
) -> None:
    audience = selectors.InvitationAudience(organisations=[other_organisation.pk])
    preview = selectors.recipients(selectors.invitation_people(event, audience))
    assert [row.name for row in preview] == ["Cecilia"]  # no address: left out of the mailing

    with mail_settings.commits():
        mailing = services.invitation_create(
            event=event, audience=audience, audience_label="KTH", subject="Välkommen", by=organiser
        )

    assert [m.to for m in mail.outbox] == [["cecilia@kth.se"]]
    message = mail.outbox[0]
    register_link = next(link for link in _links(message.body) if "/register/invited/" in link)
    assert message.extra_headers["List-Unsubscribe"].startswith("<http://testserver/mailings/unsubscribe/")
    assert selectors.delivery_counts(mailing)[DeliveryStatus.SENT] == 1
    assert Delivery.objects.get().message_id == message.extra_headers["Message-ID"]
    assert register_link.startswith(f"http://testserver/events/{event.slug}/register/invited/")


def test_filters_combine_theme_and_project_and_leave_out_the_registered(
    event: Any, people: Any, project: Any, theme: Any
) -> None:
    registration_service.register(event=event, person=people["bo"], consent=True)
    everyone = selectors.recipients(selectors.invitation_people(event, selectors.InvitationAudience()))
    assert {row.name for row in everyone} == {"Anna", "Cecilia"}  # Bo is registered already
    by_theme = selectors.invitation_people(event, selectors.InvitationAudience(themes=[theme.pk]))
    assert [person.name for person in by_theme] == ["Anna"]
    by_project = selectors.invitation_people(
        event, selectors.InvitationAudience(projects=[project.pk], organisations=[people["kth"].organisation_id])
    )
    assert list(by_project) == []


def test_each_recipient_gets_the_mail_in_their_language(event: Any, people: Any, mail_settings: Any) -> None:
    with mail_settings.commits():
        services.invitation_create(
            event=event, audience=selectors.InvitationAudience(), audience_label="Alla", subject="Inbjudan"
        )
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address[people["anna"].email].extra_headers["Content-Language"] == "en"
    assert "You are invited" in by_address[people["anna"].email].body
    assert "Du är inbjuden" in by_address[people["bo"].email].body


def test_mail_goes_in_batches_and_a_second_run_of_a_batch_sends_nothing_twice(
    event: Any, make_person: Any, mail_settings: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(services, "BATCH_SIZE", 2)
    for _ in range(5):
        make_person()
    with mail_settings.commits():
        mailing = services.invitation_create(
            event=event, audience=selectors.InvitationAudience(), audience_label="Alla", subject="Inbjudan"
        )
    mailing.refresh_from_db()
    assert mailing.batches == 3
    assert sorted(Delivery.objects.values_list("batch", flat=True)) == [0, 0, 1, 1, 2]
    assert len(mail.outbox) == 5
    assert services.send_batch(mailing_id=mailing.pk, batch=0) == 0
    assert len(mail.outbox) == 5
    assert mailing.queue_seconds is not None and mailing.queue_seconds >= 0
    assert services.mailing_prepare(mailing_id=mailing.pk) == 0  # prepared once: no second set of rows
    assert Delivery.objects.filter(mailing=mailing).count() == 5


def test_an_unsubscribed_address_gets_no_invitation_but_is_in_the_log(
    client: Any, event: Any, people: Any, mail_settings: Any
) -> None:
    token = services.unsubscribe_token(people["bo"].email)
    response = client.post(f"/mailings/unsubscribe/{token}/")  # one click, no session, no CSRF token
    assert response.status_code == 200 and Unsubscribe.objects.filter(email=people["bo"].email).exists()
    with mail_settings.commits():
        mailing = services.invitation_create(
            event=event, audience=selectors.InvitationAudience(), audience_label="Alla", subject="Inbjudan"
        )
    assert people["bo"].email not in {m.to[0] for m in mail.outbox}
    assert Delivery.objects.get(mailing=mailing, email=people["bo"].email).status == DeliveryStatus.UNSUBSCRIBED
    assert client.get("/mailings/unsubscribe/forged/").status_code == 404


def test_registration_mail_is_essential_and_still_goes_to_an_unsubscribed_address(
    event: Any, people: Any, mail_settings: Any
) -> None:
    services.unsubscribe(email=people["bo"].email)
    with mail_settings.commits():
        registration_service.register(event=event, person=people["bo"], consent=True)
    assert [m.to for m in mail.outbox] == [[people["bo"].email]]


def test_a_message_reaches_only_the_waitlisted(make_event: Any, people: Any, mail_settings: Any) -> None:
    event = make_event(capacity=1)
    registration_service.register(event=event, person=people["anna"], consent=True)
    registration_service.register(event=event, person=people["bo"], consent=True)
    mail.outbox.clear()
    with mail_settings.commits():
        services.message_create(
            event=event,
            audience=selectors.ParticipantAudience(statuses=["waitlisted"]),
            audience_label="Väntelistan",
            subject="Om väntelistan",
            body="Vi har fler platser snart.",
        )
    assert [m.to for m in mail.outbox] == [[people["bo"].email]]
    assert "Vi har fler platser snart." in mail.outbox[0].body


def test_checked_in_filter_and_empty_choices(event: Any, people: Any) -> None:
    registration = registration_service.register(event=event, person=people["anna"], consent=True)
    Registration.objects.filter(pk=registration.pk).update(checked_in_at="2030-01-01T10:00:00Z")
    people_in = selectors.participant_people(event, selectors.ParticipantAudience(statuses=["checked_in"]))
    assert [person.name for person in people_in] == ["Anna"]
    with pytest.raises(services.MailingError):
        services.message_create(
            event=event, audience=selectors.ParticipantAudience(statuses=[]), audience_label="", subject="x", body="y"
        )


def test_a_failing_address_is_logged_as_failed_and_the_rest_go(
    event: Any, people: Any, mail_settings: Any, monkeypatch: Any
) -> None:
    real = services.build_message

    def flaky(delivery: Any, mailing: Any, person_id: Any) -> Any:
        if delivery.email == people["bo"].email:
            raise OSError("550 mailbox unavailable")
        return real(delivery, mailing, person_id)

    monkeypatch.setattr(services, "build_message", flaky)
    with mail_settings.commits():
        mailing = services.invitation_create(
            event=event, audience=selectors.InvitationAudience(), audience_label="Alla", subject="Inbjudan"
        )
    counts = selectors.delivery_counts(mailing)
    assert counts[DeliveryStatus.FAILED] == 1 and counts[DeliveryStatus.SENT] == 2
    assert "550" in Delivery.objects.get(email=people["bo"].email).error


def test_a_bounce_is_recorded_by_message_id(event: Any, people: Any, mail_settings: Any) -> None:
    with mail_settings.commits():
        mailing = services.invitation_create(
            event=event, audience=selectors.InvitationAudience(), audience_label="Alla", subject="Inbjudan"
        )
    delivery = Delivery.objects.filter(mailing=mailing).first()
    assert services.bounce_record(message_id=delivery.message_id, reason="5.1.1 unknown user") == 1
    assert selectors.delivery_counts(mailing)[DeliveryStatus.BOUNCED] == 1


def test_nobody_to_invite_is_a_clear_error(event: Any) -> None:
    with pytest.raises(services.MailingError):
        services.invitation_create(
            event=event,
            audience=selectors.InvitationAudience(organisations=[-1]),
            audience_label="",
            subject="Inbjudan",
        )


def test_the_compose_page_previews_then_sends(
    client: Any, organiser: Any, event: Any, people: Any, other_organisation: Any, mail_settings: Any
) -> None:
    client.force_login(organiser)
    url = f"/mailings/events/{event.slug}/invite/"
    preview = client.get(
        url,
        {"preview": "1", "organisations": [other_organisation.pk], "subject": "Hej"},
        headers={"HX-Request": "true"},
    )
    assert preview.status_code == 200 and "Cecilia" in preview.content.decode()
    assert "Anna" not in preview.content.decode()
    with mail_settings.commits():
        response = client.post(
            url, {"organisations": [other_organisation.pk], "subject": "Hej", "body": "", "send": "1"}
        )
    assert response.status_code == 302
    log = client.get(response["Location"]).content.decode()
    assert "cecilia@kth.se" in log and "Skickat" in log


def test_gdpr_export_and_erasure_of_deliveries(event: Any, people: Any, mail_settings: Any) -> None:
    from motesplats.mailings.gdpr import gdpr_erase_hook, gdpr_export_hook

    with mail_settings.commits():
        services.invitation_create(
            event=event, audience=selectors.InvitationAudience(), audience_label="Alla", subject="Inbjudan"
        )
    anna = people["anna"]
    exported = gdpr_export_hook(anna.user, anna)
    assert [row["email"] for row in exported["mailings"]] == [anna.email]
    gdpr_erase_hook(anna.user, anna)
    assert not Delivery.objects.filter(email=anna.email).exists()
    assert Delivery.objects.filter(email="", person__isnull=True).count() == 1


def test_the_bounce_command_marks_the_latest_mail_to_an_address(event: Any, people: Any, mail_settings: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    with mail_settings.commits():
        mailing = services.invitation_create(event=event, audience=selectors.InvitationAudience(),
                                             audience_label="Alla", subject="Inbjudan")
    out = StringIO()
    call_command("mail_bounce", email=people["kth"].email, reason="mailbox full", stdout=out)
    assert "1 delivery" in out.getvalue()
    assert Delivery.objects.get(mailing=mailing, email=people["kth"].email).status == DeliveryStatus.BOUNCED

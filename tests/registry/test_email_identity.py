"""Identity you can trust (issue 14, item 3): one person per e-mail address, and a new address only once it
has confirmed itself. The hijack path of the hostile tester: a member sets their registry address to someone
else's; the participant import and the walk-in form must then still find the real person, alike."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from motesplats.registry import services
from motesplats.registry.models import Organisation, Person
from motesplats.registry.services import PersonData

pytestmark = pytest.mark.django_db

VICTIM = "victim@example.se"


def confirmation_link(message: Any) -> str:
    return re.search(r"https?://\S+/people/email/confirm/\S+/", message.body).group(0).split("8000", 1)[-1]


def member_client(person: Person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def test_the_same_address_twice_is_refused_whatever_its_case(org: Organisation) -> None:
    services.person_create(name="Första", organisation=org, email="Anna@Example.se")
    with pytest.raises(ValidationError):
        services.person_create(name="Andra", organisation=org, email="anna@example.SE")
    with pytest.raises(ValidationError):
        services.person_bulk_create(people=[PersonData(name="A", organisation=org, email="ny@example.se"),
                                            PersonData(name="B", organisation=org, email="NY@example.se")])
    assert Person.objects.filter(email__iexact="anna@example.se").count() == 1


def test_a_member_cannot_take_an_address_that_belongs_to_someone(org: Organisation, member_person: Person,
                                                                  django_capture_on_commit_callbacks: Any) -> None:
    victim = services.person_create(name="Vera Offer", organisation=org, email=VICTIM)
    client = member_client(member_person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry:person_update", args=[member_person.pk]), {
            "name": member_person.name, "email": VICTIM.upper(), "title": "", "organisation": org.pk})
    assert response.status_code == 200
    assert "Det finns redan en person med den e-postadressen." in response.content.decode()
    member_person.refresh_from_db()
    assert member_person.email == "maja@example.se" and mail.outbox == []
    assert services.person_resolve(data=PersonData(name="x", email=VICTIM))[0] == victim


def test_a_new_address_is_used_only_after_the_new_address_confirms(org: Organisation, member_person: Person,
                                                                   django_capture_on_commit_callbacks: Any) -> None:
    client = member_client(member_person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry:person_update", args=[member_person.pk]), {
            "name": member_person.name, "email": "maja.ny@example.se", "title": "", "organisation": org.pk})
    assert response.status_code == 302
    member_person.refresh_from_db()
    assert member_person.email == "maja@example.se"  # not yet
    assert [message.to for message in mail.outbox] == [["maja.ny@example.se"]]
    link = confirmation_link(mail.outbox[0])
    page = Client().get(link)
    assert page.status_code == 200 and "maja.ny@example.se" in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"
    member_person.refresh_from_db()
    assert member_person.email == "maja@example.se"  # opening the link (a mail scanner, say) changes nothing
    assert Client().post(link).status_code == 302
    member_person.refresh_from_db()
    assert member_person.email == "maja.ny@example.se"
    again = Client().post(link)  # a link works once
    assert again.status_code == 400 and "redan använts" in again.content.decode()


def test_a_forged_or_expired_link_changes_nothing(member_person: Person, monkeypatch: pytest.MonkeyPatch) -> None:
    token = services.person_email_change_request(person=member_person, email="ny@example.se")
    assert Client().post(reverse("registry:person_email_confirm", args=[token[:-2] + "xx"])).status_code == 400
    later = timezone.now() + dt.timedelta(days=4)
    monkeypatch.setattr("django.core.signing.time.time", lambda: later.timestamp())
    response = Client().post(reverse("registry:person_email_confirm", args=[token]))
    assert response.status_code == 400 and "gått ut" in response.content.decode()
    member_person.refresh_from_db()
    assert member_person.email == "maja@example.se"


def test_hijack_path_import_and_walk_in_find_the_real_person_alike(org: Organisation, member_person: Person,
                                                                   organiser: Any,
                                                                   django_capture_on_commit_callbacks: Any) -> None:
    """The tester's probe: the member claims the address of a person not yet in the registry, then the
    organiser imports that address and adds a walk-in with it. Both must reach the same person: not the
    member (whose claim was never confirmed)."""
    from motesplats.events.models import Registration, Series
    from motesplats.events.services import add_walk_in, event_create, event_publish
    from motesplats.events.services.imports import import_registrations

    with django_capture_on_commit_callbacks(execute=True):
        member_client(member_person).post(reverse("registry:person_update", args=[member_person.pk]), {
            "name": member_person.name, "email": VICTIM, "title": "", "organisation": org.pk})
    member_person.refresh_from_db()
    assert member_person.email == "maja@example.se"
    assert [message.to for message in mail.outbox] == [[VICTIM]]  # only the real owner can confirm

    series = Series.objects.create(name="Serie", slug="serie")
    day = timezone.now() + dt.timedelta(days=20)
    events = [event_publish(event=event_create(series=series, title=f"Seminarium {n}", starts_at=day,
                                               ends_at=day + dt.timedelta(hours=2), capacity=10))
              for n in range(2)]
    result = import_registrations(event=events[0], by=organiser,
                                  file=f"email,name,organisation\n{VICTIM},Vera Offer,{org.name}\n")
    imported = Registration.objects.get(event=events[0]).person
    walk_in = add_walk_in(event=events[1], by=organiser, email=VICTIM.upper(), name="Vera", organisation=org)
    assert result.people_created == 1
    assert imported.pk == walk_in.person.pk != member_person.pk
    assert imported.email == VICTIM and imported.user is None
    # and now the member can no longer even ask for the address
    with pytest.raises(ValidationError):
        services.person_email_change_request(person=member_person, email=VICTIM)

"""Registration: capacity, waitlist order, promotion on cancel, duplicates, closed events, consent."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from motesplats.events import selectors
from motesplats.events.enums import RegistrationStatus
from motesplats.events.models import Registration
from motesplats.events.services import (
    AlreadyCancelled,
    AlreadyRegistered,
    ConsentRequired,
    EventCancelled,
    EventNotPublished,
    NotAllowed,
    ProjectNotAllowed,
    RegistrationClosed,
    RegistrationNotOpen,
    add_walk_in,
    cancel,
    event_cancel,
    event_update,
    register,
)

pytestmark = pytest.mark.django_db


def register_many(event: Any, people: list[Any]) -> list[Any]:
    return [register(event=event, person=person, consent=True, by=person.user) for person in people]


def test_capacity_then_waitlist_in_order(event: Any, make_person: Any, django_capture_on_commit_callbacks: Any) -> None:
    people = [make_person() for _ in range(6)]
    with django_capture_on_commit_callbacks(execute=True):
        registrations = register_many(event, people)
    assert [r.status for r in registrations] == ["confirmed"] * 3 + ["waitlisted"] * 3
    assert [selectors.waitlist_position(r) for r in registrations[3:]] == [1, 2, 3]
    assert list(selectors.waitlist(event)) == registrations[3:]
    counts = selectors.event_counts(event)
    assert (counts.confirmed, counts.waitlisted, counts.free) == (3, 3, 0)
    subjects = [m.subject for m in mail.outbox]
    assert sum("Du är anmäld" in s for s in subjects) == 3
    assert sum("väntelistan" in s for s in subjects) == 3


def test_cancel_promotes_first_waitlisted_and_mails_them(event: Any, make_person: Any,
                                                        django_capture_on_commit_callbacks: Any) -> None:
    people = [make_person() for _ in range(5)]
    registrations = register_many(event, people)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = cancel(registration=registrations[1], by=people[1].user)
    assert result.registration.status == RegistrationStatus.CANCELLED
    assert [r.pk for r in result.promoted] == [registrations[3].pk]
    registrations[3].refresh_from_db()
    registrations[4].refresh_from_db()
    assert registrations[3].is_confirmed and registrations[3].confirmed_at is not None
    assert selectors.waitlist_position(registrations[4]) == 1
    promoted = [m for m in mail.outbox if m.to == [people[3].email]]
    assert len(promoted) == 1 and "fått en plats" in promoted[0].subject
    assert any(a[0].endswith(".ics") for a in promoted[0].attachments)
    assert [m.to for m in mail.outbox if "Avbokad" in m.subject] == [[people[1].email]]
    assert selectors.event_counts(event).confirmed == 3


def test_cancelling_a_waitlisted_registration_promotes_nobody(event: Any, make_person: Any) -> None:
    registrations = register_many(event, [make_person() for _ in range(5)])
    result = cancel(registration=registrations[3])
    assert result.promoted == []
    registrations[4].refresh_from_db()
    assert registrations[4].is_waitlisted and selectors.waitlist_position(registrations[4]) == 1
    with pytest.raises(AlreadyCancelled):
        cancel(registration=registrations[3])


def test_a_person_cannot_register_twice_but_may_again_after_cancelling(event: Any, make_person: Any) -> None:
    person = make_person()
    first = register(event=event, person=person, consent=True)
    with pytest.raises(AlreadyRegistered) as error:
        register(event=event, person=person, consent=True)
    assert error.value.registration == first
    assert Registration.objects.filter(event=event, person=person).count() == 1
    cancel(registration=first)
    again = register(event=event, person=person, consent=True)
    assert again.pk != first.pk and again.is_confirmed


def test_consent_is_required_and_recorded(event: Any, make_person: Any) -> None:
    person = make_person()
    with pytest.raises(ConsentRequired) as error:
        register(event=event, person=person, consent=False)
    assert "godkänna" in str(error.value.message)
    assert not Registration.objects.exists()
    registration = register(event=event, person=person, consent=True, by=person.user)
    assert registration.consent_at is not None and registration.consent_version == "2026-11"


def test_closed_not_open_draft_and_cancelled_events_refuse(make_event: Any, make_person: Any,
                                                          organiser: Any) -> None:
    person = make_person()
    closed = make_event(title="Stängd", registration_closes_at=timezone.now() + dt.timedelta(days=1))
    Registration.objects.all().delete()
    closed.registration_closes_at = timezone.now() - dt.timedelta(minutes=1)
    closed.save()
    with pytest.raises(RegistrationClosed):
        register(event=closed, person=person, consent=True, by=person.user)
    # the programme office may still add people after the deadline
    assert register(event=closed, person=person, consent=True, by=organiser).is_confirmed

    not_yet = make_event(title="Inte öppen", registration_opens_at=timezone.now() + dt.timedelta(days=2))
    with pytest.raises(RegistrationNotOpen):
        register(event=not_yet, person=person, consent=True, by=person.user)
    draft = make_event(title="Utkast", publish=False)
    with pytest.raises(EventNotPublished):
        register(event=draft, person=person, consent=True)
    cancelled = make_event(title="Inställt")
    event_cancel(event=cancelled)
    with pytest.raises(EventCancelled):
        register(event=cancelled, person=person, consent=True)
    assert Registration.objects.count() == 1


def test_members_register_only_themselves_and_only_their_projects(event: Any, make_person: Any, project: Any,
                                                                   organiser: Any) -> None:
    me, other = make_person(), make_person()
    with pytest.raises(NotAllowed):
        register(event=event, person=other, consent=True, by=me.user)
    with pytest.raises(ProjectNotAllowed):
        register(event=event, person=me, project=project, consent=True, by=me.user)
    project.contacts.add(me)
    assert register(event=event, person=me, project=project, consent=True, by=me.user).project == project
    on_behalf = register(event=event, person=other, consent=True, by=organiser)
    assert on_behalf.registered_by == organiser and on_behalf.consent_version.endswith("/ombud")


def test_cancelled_event_notifies_confirmed_and_waitlisted(event: Any, make_person: Any,
                                                          django_capture_on_commit_callbacks: Any) -> None:
    people = [make_person() for _ in range(5)]
    registrations = register_many(event, people)
    cancel(registration=registrations[0])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(event=event, reason="Lokalen är inte tillgänglig.")
    notified = sorted(m.to[0] for m in mail.outbox)
    assert notified == sorted(p.email for p in people[1:])
    assert all("Inställt" in m.subject for m in mail.outbox)
    assert "Lokalen är inte tillgänglig." in mail.outbox[0].body


def test_more_capacity_fills_seats_from_the_waitlist(event: Any, make_person: Any) -> None:
    registrations = register_many(event, [make_person() for _ in range(5)])
    event_update(event=event, capacity=4)
    statuses = [Registration.objects.get(pk=r.pk).status for r in registrations]
    assert statuses == ["confirmed"] * 4 + ["waitlisted"]


def test_walk_in_is_confirmed_and_checked_in_above_capacity(event: Any, make_person: Any, organiser: Any) -> None:
    register_many(event, [make_person() for _ in range(3)])
    walk_in = add_walk_in(event=event, by=organiser, name="Karin Bengtsson", email="karin@example.se",
                          organisation=make_person().organisation)
    assert walk_in.is_confirmed and walk_in.is_walk_in and walk_in.checked_in_at is not None
    counts = selectors.event_counts(event)
    assert (counts.confirmed, counts.walk_ins, counts.checked_in, counts.free) == (4, 1, 1, 0)
    with pytest.raises(NotAllowed):
        add_walk_in(event=event, by=make_person().user, person=make_person())


def test_waitlisted_walk_in_takes_their_own_registration(event: Any, make_person: Any, organiser: Any) -> None:
    people = [make_person() for _ in range(4)]
    registrations = register_many(event, people)
    walk_in = add_walk_in(event=event, by=organiser, person=people[3])
    assert walk_in.pk == registrations[3].pk and walk_in.is_confirmed and walk_in.is_walk_in

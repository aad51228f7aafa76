"""Fixtures of the seminar series: a published event with a few seats, people with and without accounts."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

STHLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def organisation(db: Any) -> Any:
    from motesplats.registry.models import Organisation

    return Organisation.objects.create(name="Stokab", slug="stokab", key="stokab")


@pytest.fixture
def make_person(db: Any, organisation: Any) -> Any:
    from motesplats.accounts.models import User
    from motesplats.registry.models import Person

    counter = {"n": 0}

    def make(name: str | None = None, *, language: str = "sv", account: bool = True, role: str = "member",
             email: str | None = None) -> Any:
        counter["n"] += 1
        n = counter["n"]
        email = email or f"person{n}@example.se"
        user = User.objects.create_user(email=email, password="demo-password-1", role=role,
                                        language=language) if account else None
        return Person.objects.create(name=name or f"Person {n}", email=email, organisation=organisation, user=user)

    return make


@pytest.fixture
def project(db: Any, organisation: Any) -> Any:
    from motesplats.registry.models import Project

    return Project.objects.create(title="iWater", slug="iwater", key="iwater", owner=organisation)


@pytest.fixture
def series(db: Any) -> Any:
    from motesplats.events.models import Series

    return Series.objects.create(name="Mötesplats Smart stad", slug="motesplats-smart-stad")


def future_day(days: int = 30) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


@pytest.fixture
def make_event(db: Any, series: Any) -> Any:
    from motesplats.events.services import event_create, event_publish

    def make(capacity: int = 3, *, publish: bool = True, days: int = 30, **extra: Any) -> Any:
        day = future_day(days)
        event = event_create(
            series=series, title=extra.pop("title", "Säkerhet i den smarta staden"), theme="säkerhet",
            starts_at=dt.datetime.combine(day, dt.time(13, 0), tzinfo=STHLM),
            ends_at=dt.datetime.combine(day, dt.time(17, 0), tzinfo=STHLM),
            capacity=capacity, venue_name="Stokab", venue_address="Sveavägen 1, Stockholm", **extra)
        if publish:
            event = event_publish(event=event)
        return event

    return make


@pytest.fixture
def event(make_event: Any) -> Any:
    return make_event()


@pytest.fixture
def participant(client: Any, event: Any, make_person: Any) -> Any:
    """A confirmed registration of a signed-in person ("Mia Deltagare") for `event`."""
    from motesplats.events.models import Registration

    person = make_person("Mia Deltagare")
    registration = Registration.objects.create(event=event, person=person, status="confirmed",
                                               consent_at=timezone.now())
    client.force_login(person.user)
    return registration

"""The demo series: a past first seminar with attendance, the next one open for registration."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.utils import timezone

from motesplats.events import demo, selectors
from motesplats.events.enums import AgendaKind, EventStatus
from motesplats.events.models import Event, Series
from motesplats.registry.models import Organisation, Person, Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry_demo(db: Any) -> None:
    """A stand-in for the registry demo: 35 projects with two contacts each, and a few more people."""
    organisations = [Organisation.objects.create(name=f"Förvaltning {n}", slug=f"forvaltning-{n}") for n in range(8)]
    people = [Person.objects.create(name=f"Person {n}", email=f"p{n}@example.se", organisation=organisations[n % 8])
              for n in range(76)]
    for n in range(35):
        project = Project.objects.create(title=f"Projekt {n}", slug=f"projekt-{n}", owner=organisations[n % 8])
        project.contacts.add(people[2 * n], people[2 * n + 1])


def test_demo_series(registry_demo: None) -> None:
    out = io.StringIO()
    result = demo.load(stdout=out)
    assert result["created"] and "70 anmälda från 35 projekt" in out.getvalue()

    past: Event = result["past"]
    assert past.status == EventStatus.AVSLUTAD and past.ends_at < timezone.now() and past.theme == "samverkan"
    counts = selectors.event_counts(past)
    assert counts.confirmed == 70 and 55 <= counts.checked_in < 70
    assert len(selectors.registrations_by_project(past)) == 35
    kinds = [item.kind for item in selectors.agenda(past)]
    assert kinds[0] == AgendaKind.OTHER and AgendaKind.SPEED_DATING in kinds and kinds[-2] == AgendaKind.PANEL
    tables = next(item for item in selectors.agenda(past) if item.kind == AgendaKind.ROUND_TABLES)
    assert len(tables.questions) == 3 and "hinder" in tables.questions[1]

    upcoming: Event = result["next"]
    assert upcoming.status == EventStatus.PUBLICERAD and upcoming.registration_is_open()
    assert "säkerhet" in upcoming.theme and upcoming.starts_at > timezone.now()
    assert 0 < selectors.event_counts(upcoming).confirmed < upcoming.capacity
    assert len(selectors.agenda(upcoming)) >= 6

    assert demo.load()["created"] is False
    assert Series.objects.count() == 1 and Event.objects.count() == 2

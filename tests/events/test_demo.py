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


def test_two_contacts_per_project_even_when_contacts_overlap(db: Any) -> None:
    """A person who is a contact of several projects is used once; the matching still fills every project."""
    organisation = Organisation.objects.create(name="Förvaltning", slug="forvaltning")
    a, b, c, d = (Person.objects.create(name=n, email=f"{n}@example.se", organisation=organisation)
                  for n in ("a", "b", "c", "d"))
    first = Project.objects.create(title="Första", slug="forsta", owner=organisation)
    second = Project.objects.create(title="Andra", slug="andra", owner=organisation)
    first.contacts.add(a, b, c)
    second.contacts.add(a, b, d)  # picking the first two of each (a, b) would leave the second project with d only
    chosen = demo._participants(4)
    by_project: dict[str, set[str]] = {}
    for person, project in chosen:
        by_project.setdefault(project.slug, set()).add(person.name)
    assert len(chosen) == 4 and len(by_project["forsta"]) == len(by_project["andra"]) == 2
    assert by_project["forsta"] | by_project["andra"] == {"a", "b", "c", "d"}
    assert "c" in by_project["forsta"] and "d" in by_project["andra"]


@pytest.mark.slow
def test_demo_portfolio_gives_70_people_from_35_projects(db: Any) -> None:
    """The real demo portfolio (contacts shared between projects): exactly two contacts of each of the 35 projects,
    nobody twice, whatever order the database returns."""
    from motesplats.registry.demo.loader import load_demo

    load_demo(hooks=False)
    past = demo.load()["past"]
    registrations = list(past.registrations.select_related("person", "project"))
    assert len(registrations) == 70 and len({r.person_id for r in registrations}) == 70
    per_project: dict[int, list[int]] = {}
    for registration in registrations:
        assert registration.project is not None
        assert registration.project.contacts.filter(pk=registration.person_id).exists()
        per_project.setdefault(registration.project_id, []).append(registration.person_id)
    assert len(per_project) == 35 == Project.objects.count()
    assert all(len(people) == 2 for people in per_project.values())

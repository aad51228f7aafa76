"""A small series: two seminars with speed dating and round tables, 18 people from 6 organisations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest

STHLM = ZoneInfo("Europe/Stockholm")
QUESTIONS = ["Vilka möjligheter finns?", "Vilka hinder finns?", "Hur kan hindren överbryggas?"]


@dataclass
class World:
    series: Any
    first: Any
    second: Any
    people: list[Any]
    items: dict[str, Any]


def _event(series: Any, title: str, slug: str, day: dt.date, status: str) -> Any:
    from motesplats.events.models import AgendaItem, Event

    start = dt.datetime.combine(day, dt.time(13), tzinfo=STHLM)
    event = Event.objects.create(series=series, title=title, slug=slug, date=day, starts_at=start,
                                 ends_at=start + dt.timedelta(hours=4), capacity=80, status=status)
    AgendaItem.objects.create(event=event, order=1, starts_at=start, ends_at=start + dt.timedelta(minutes=40),
                              kind="speed_dating", title="Speed dating", rounds=3, round_minutes=6)
    AgendaItem.objects.create(event=event, order=2, starts_at=start + dt.timedelta(hours=1),
                              ends_at=start + dt.timedelta(hours=2), kind="round_tables", title="Rundabord",
                              tables=4, questions=list(QUESTIONS))
    return event


@pytest.fixture
def world(db: Any) -> World:
    from django.utils import timezone

    from motesplats.accounts.models import User
    from motesplats.events.models import Registration, Series
    from motesplats.registry.models import Organisation, Person, Project, Theme

    series = Series.objects.create(name="Serien", slug="serien")
    today = timezone.localdate()
    first = _event(series, "Första", "forsta", today - dt.timedelta(days=60), "avslutad")
    second = _event(series, "Andra", "andra", today + dt.timedelta(days=20), "publicerad")
    themes = [Theme.objects.create(name=f"Tema {i}", slug=f"tema-{i}") for i in range(4)]
    orgs = [Organisation.objects.create(name=f"Org {i}", slug=f"org-{i}") for i in range(6)]
    people = []
    for i in range(18):
        org = orgs[i % 6]
        user = User.objects.create_user(email=f"p{i}@example.se", password="demo-password-1", role="member")
        person = Person.objects.create(name=f"Person {i:02d}", email=f"p{i}@example.se", organisation=org,
                                       user=user, title="Projektledare" if i % 2 else "Utvecklare")
        project = Project.objects.create(title=f"Projekt {i // 2}", slug=f"projekt-{i}", owner=org)
        project.themes.add(themes[i % 4])
        for event in (first, second):
            Registration.objects.create(event=event, person=person, project=project, status="confirmed",
                                        consent_at=timezone.now(), checked_in_at=timezone.now()
                                        if event == first else None)
        people.append(person)
    items = {f"{e}_{k}": e_obj.agenda_items.get(kind=kind) for e, e_obj in (("first", first), ("second", second))
             for k, kind in (("speed", "speed_dating"), ("tables", "round_tables"))}
    return World(series, first, second, people, items)


def compute(item: Any, *, seed: int = 1, **options: Any) -> Any:
    """Plan an agenda item synchronously (the service the Celery task calls)."""
    from motesplats.networking import services
    from motesplats.networking.models import Plan

    speed = item.kind == "speed_dating"
    opts = services.PlanOptions(rounds=options.pop("rounds", item.rounds if speed else 1),
                                tables=options.pop("tables", None if speed else item.tables), **options)
    plan, _ = Plan.objects.get_or_create(agenda_item=item, defaults={"kind": "speed" if speed else "tables"})
    plan.options = {**plan.options, **opts.as_json()}
    plan.save()
    return services.plan_compute(plan=plan, max_iterations=3000, seed=seed)

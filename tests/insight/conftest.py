"""A small programme: two organisations, three people, two finished seminars with check-ins and encounters,
one coming seminar; and the three roles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django.utils.text import slugify

STHLM = ZoneInfo("Europe/Stockholm")


@dataclass
class Programme:
    orgs: list[Any]
    people: list[Any]
    events: list[Any]
    project: Any


def _event(series: Any, title: str, days: int, status: str) -> Any:
    from motesplats.events.models import Event

    day = timezone.localdate() + dt.timedelta(days=days)
    return Event.objects.create(
        series=series, title=title, slug=slugify(title), date=day,
        starts_at=dt.datetime.combine(day, dt.time(13), tzinfo=STHLM),
        ends_at=dt.datetime.combine(day, dt.time(17), tzinfo=STHLM), capacity=30, status=status)


@pytest.fixture
def programme(db: Any, make_user: Any) -> Programme:
    from motesplats.events.models import AgendaItem, Registration, Series
    from motesplats.networking.models import Encounter, Plan, TableOutcome
    from motesplats.registry import services

    stokab = services.organisation_create(name="Stokab", kind="bolag", description="")
    kth = services.organisation_create(name="KTH", kind="akademi", description="")
    users = [make_user("ledare@example.se", role="member"), None, None, None]
    people = [services.person_create(name=f"Person {i}", organisation=org, email=f"p{i}@example.se", user=user)
              for i, (org, user) in enumerate(zip([stokab, stokab, kth, kth], users, strict=True))]
    project = services.project_create(title="Smarta ledningar", owner=stokab, summary="Fiber och sensorer.",
                                      status="pågående", themes=["IoT", "Energi"], partners=[kth],
                                      contacts=[people[0]], start_date=dt.date(2024, 3, 1))
    series = Series.objects.create(name="Smart stad", slug="smart-stad")
    first = _event(series, "Första mötet", -60, "avslutad")
    second = _event(series, "Andra mötet", -30, "avslutad")
    coming = _event(series, "Tredje mötet", 30, "publicerad")
    now = timezone.now()
    for event, present in ((first, [0, 1, 2]), (second, [0, 2, 3])):
        for i, person in enumerate(people):
            Registration.objects.create(event=event, person=person, status="confirmed",
                                        checked_in_at=now if i in present else None)
    Registration.objects.create(event=coming, person=people[0], status="confirmed")
    # First: 0-2 (cross-org, both present), 0-1 (same org), 2-3 (3 absent: does not count).
    # Second: 0-2 again (not new), 2-3 (now both present: new, same organisation); 0 meets nobody new.
    for event, pairs in ((first, [(0, 2), (0, 1), (2, 3)]), (second, [(0, 2), (2, 3)])):
        for a, b in pairs:
            Encounter.objects.create(series=series, event=event, kind="tables", person_a=people[a],
                                     person_b=people[b])
    item = AgendaItem.objects.create(event=second, order=1, starts_at=second.starts_at, ends_at=second.ends_at,
                                     kind="round_tables", title="Rundabord om data",
                                     questions=["Möjligheter?", "Hinder?"])
    plan = Plan.objects.create(agenda_item=item, kind="tables", status="published")
    TableOutcome.objects.create(plan=plan, table=0, answers=["=Dela data öppet", "Juridik"])
    TableOutcome.objects.create(plan=plan, table=1, answers=["", ""])
    return Programme([stokab, kth], people, [first, second, coming], project)

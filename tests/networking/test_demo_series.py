"""The bar of the issue on the demo series: the second seminar's round tables repeat no encounter of the first
seminar and seat no two people of one organisation together."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from motesplats.networking import selectors
from motesplats.networking.models import Encounter, Plan, PlanStatus

from .conftest import compute

pytestmark = pytest.mark.slow  # each test loads the whole demo


@pytest.fixture
def demo(db: Any) -> None:
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_first_seminar_has_published_plans_and_encounters(demo: None) -> None:
    from motesplats.events.models import Event

    first = Event.objects.get(series__slug="motesplats-smart-stad", status="avslutad")
    plans = list(Plan.objects.filter(agenda_item__event=first))
    assert {p.kind for p in plans} == {"speed", "tables"}
    assert all(p.status == PlanStatus.PUBLISHED for p in plans)
    assert Encounter.objects.filter(event=first, kind="speed").count() > 0
    assert Encounter.objects.filter(event=first, kind="tables").count() > 0
    assert selectors.published_summaries(first)
    speed = set(Encounter.objects.filter(event=first, kind="speed").values_list("person_a_id", "person_b_id"))
    tables = set(Encounter.objects.filter(event=first, kind="tables").values_list("person_a_id", "person_b_id"))
    assert not speed & tables, "the round tables seat nobody with a speed-dating partner of the same day"


def test_second_seminar_repeats_nothing_of_the_first(demo: None) -> None:
    from motesplats.events.models import Event

    first = Event.objects.get(series__slug="motesplats-smart-stad", status="avslutad")
    second = Event.objects.get(series__slug="motesplats-smart-stad", status="publicerad")
    item = second.agenda_items.get(kind="round_tables")
    plan = compute(item, tables=item.tables)
    met = set(Encounter.objects.filter(event=first).values_list("person_a_id", "person_b_id"))
    grid = selectors.seats_of(plan)
    tablemates = set()
    same_org = 0
    for table in grid[0]:
        for i, a in enumerate(table):
            for b in table[i + 1:]:
                tablemates.add((min(a.person_id, b.person_id), max(a.person_id, b.person_id)))
                same_org += a.person.organisation_id == b.person.organisation_id
    assert plan.seats.count() == second.registrations.filter(status="confirmed").count() > 0
    assert tablemates and not tablemates & met
    assert same_org == 0
    assert plan.stats["repeat_pairs"] == 0 and plan.stats["same_org_pairs"] == 0
    assert plan.stats["new_cross_org_pairs"] == len(tablemates)

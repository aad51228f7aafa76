"""Issue 9 items 7 and 8 and the bars: ``plan_networking EVENT_SLUG [--seconds S] [--seed N] [--checked-in-only]
[--json]`` plans the day as drafts; on the demo's next seminar its JSON has no repeated pair across the day's items
and rounds, nor any pair that met at the previous seminar (checked here from the JSON alone)."""

from __future__ import annotations

import io
import json
from itertools import combinations
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from motesplats.networking.models import Encounter, Plan, PlanStatus


def _run(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("plan_networking", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def _check_day(day: dict[str, Any]) -> list[tuple[int, int]]:
    """Every pair that meets in the day, from the JSON; asserts the shape of the interface on the way."""
    assert set(day) == {"event", "items", "people"}
    pairs: list[tuple[int, int]] = []
    for item in day["items"]:
        assert set(item) == {"item", "kind", "rounds", "stats"} and item["kind"] in ("speed", "tables")
        for rnd in item["rounds"]:
            seated = [p for group in rnd for p in group]
            assert len(seated) == len(set(seated)), "nobody sits twice in one round"
            assert all(str(p) in day["people"] for p in seated)
            if item["kind"] == "speed":
                sizes = sorted(len(g) for g in rnd)
                assert set(sizes) <= {1, 2} and sizes.count(1) <= 1, "pairs; one left over sits out alone"
            pairs += [tuple(sorted(pair)) for group in rnd for pair in combinations(group, 2)]
    return pairs


def test_command_plans_the_day_as_drafts(world: Any) -> None:
    day = _run(world.second.slug, "--seed", "5", "--seconds", "2")
    assert day["event"] == world.second.slug
    assert [i["kind"] for i in day["items"]] == ["speed", "tables"]
    pairs = _check_day(day)
    assert len(pairs) == len(set(pairs)), "no pair meets twice in the day"
    assert all(set(p) == {"name", "organisation"} for p in day["people"].values())
    assert {p.status for p in Plan.objects.filter(agenda_item__event=world.second)} == {PlanStatus.READY}
    plan = Plan.objects.filter(agenda_item__event=world.second, kind="speed").get()
    assert plan.seed is not None and plan.engine_version


def test_checked_in_only_and_bad_input(world: Any) -> None:
    from django.utils import timezone

    from motesplats.events.models import Registration

    Registration.objects.filter(event=world.second, person__in=world.people[:11]).update(
        checked_in_at=timezone.now())
    day = _run(world.second.slug, "--checked-in-only", "--seed", "1", "--seconds", "1")
    assert len(day["people"]) == 11
    speed = day["items"][0]["rounds"]
    assert all(sorted(len(g) for g in rnd) == [1, 2, 2, 2, 2, 2] for rnd in speed)
    assert len({g[0] for rnd in speed for g in rnd if len(g) == 1}) == len(speed), "a different one sits out"
    with pytest.raises(CommandError):
        call_command("plan_networking", "no-such-event")
    with pytest.raises(CommandError):
        call_command("plan_networking", world.second.slug, "--seconds", "0")


@pytest.mark.slow
def test_demo_next_seminar_day_has_no_repeats(db: Any) -> None:
    """The bar: both kinds, at least 40 people, 0 repeated pairs across the day and against the series."""
    from motesplats.events.models import Event, Registration

    call_command("load_demo", stdout=io.StringIO())
    upcoming = Event.objects.get(series__slug="motesplats-smart-stad", status="publicerad")
    confirmed = Registration.objects.filter(event=upcoming, status="confirmed")
    assert confirmed.count() >= 60
    assert confirmed.values("project").distinct().count() >= 30
    items = list(upcoming.agenda_items.filter(kind__in=["speed_dating", "round_tables"]).order_by("order"))
    assert [(i.kind, i.rounds, i.tables) for i in items] == [("speed_dating", 3, None), ("round_tables", None, 9)]

    day = _run(upcoming.slug, "--seed", "1", "--seconds", "8")
    pairs = _check_day(day)
    assert {i["kind"] for i in day["items"]} == {"speed", "tables"}
    assert len(day["people"]) >= 40
    assert len(pairs) == len(set(pairs)), "0 repeated pairs across the day's items and rounds"
    previous = Event.objects.get(series__slug="motesplats-smart-stad", status="avslutad")
    met = {tuple(sorted(p)) for p in Encounter.objects.filter(event=previous).values_list("person_a_id",
                                                                                            "person_b_id")}
    assert met, "the previous seminar left encounters in the series memory"
    assert not set(pairs) & met, "0 repeats of the previous seminar's encounters"


def test_command_warns_about_table_sizes(world: Any) -> None:
    item = world.items["second_tables"]
    item.tables = 9
    item.save()
    err = io.StringIO()
    call_command("plan_networking", world.second.slug, "--seconds", "1", "--seed", "1", stdout=io.StringIO(),
                 stderr=err)
    assert "9 tables for 18 people give tables of 2-2; 3 tables would give 6-6." in err.getvalue()

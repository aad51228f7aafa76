"""The planning adapter: every plan records the seed and engine version that produced it, and that seed with
the recorded iterations gives the same seats again (also for a plan made under a time limit)."""

from __future__ import annotations

from typing import Any

import pytest

import optimiser
from motesplats.networking import planning, services
from motesplats.networking.models import Plan, PlanStatus

from .conftest import compute


def _replayed_grid(plan: Plan) -> planning.Grid:
    request = planning.request_for(plan, seed=plan.seed, max_iterations=plan.stats["iterations"])
    return planning.solve(request).grid


@pytest.mark.parametrize("item", ["first_tables", "first_speed"])
def test_plan_records_seed_engine_version_and_iterations(world: Any, item: str) -> None:
    plan = compute(world.items[item], seed=7)
    assert plan.seed == 7
    assert plan.engine_version == optimiser.__version__ == planning.ENGINE_VERSION
    assert 0 < plan.stats["iterations"] <= 3000
    assert _replayed_grid(plan) == planning.current_grid(plan)


def test_a_plan_without_a_seed_gets_one_and_a_timed_plan_replays(world: Any, monkeypatch: Any) -> None:
    """Production plans give no seed and a time limit: the seed drawn and the iterations done are stored."""
    monkeypatch.setattr(planning, "new_seed", lambda: 2**40 + 5)
    monkeypatch.setattr(planning, "budget_for", lambda n: planning.Budget(seconds=0.3))
    item = world.items["first_tables"]
    plan, _ = Plan.objects.get_or_create(agenda_item=item, defaults={"kind": "tables"})
    plan.options = services.PlanOptions(tables=4).as_json()
    plan.save()
    plan = services.plan_compute(plan=plan)
    assert plan.seed == 2**40 + 5
    assert plan.stats["iterations"] > 0
    assert _replayed_grid(plan) == planning.current_grid(plan)


def test_request_is_plain_engine_input(world: Any) -> None:
    item = world.items["second_tables"]
    plan = Plan.objects.create(agenda_item=item, kind="tables",
                               options={**services.PlanOptions(tables=4, hosts=((world.people[0].pk, 2),),
                                                               apart=((world.people[1].pk, world.people[2].pk),))
                                        .as_json()})
    request = planning.request_for(plan, seed=3)
    assert request.kind == "tables" and request.tables == 4 and request.rounds == 1 and request.seed == 3
    assert len(request.participants) == 18 and request.fixed == {str(world.people[0].pk): 2}
    assert request.forbidden == [(str(world.people[1].pk), str(world.people[2].pk))]
    assert request.previous is None and request.locked == []
    assert request.budget == planning.Budget(seconds=60.0, iterations=4000)  # the tests' budget (conftest)


def test_sizes_keep_a_fully_locked_table_whole() -> None:
    prev = [[["a", "b", "c"], ["d", "e", "f"], ["g", "h"]]]
    # a, b, c are locked: their table keeps three seats; the seven others share the two open tables
    assert planning._sizes_keeping_locked_tables(prev, 3, ["a", "b", "c"], 10) == [3, 4, 4]
    assert planning._sizes_keeping_locked_tables(prev, 3, [], 8) == [3, 3, 3]


@pytest.mark.parametrize("item", ["second_tables", "second_speed"])
def test_nobody_checked_in_fails_with_a_message_in_the_users_language(world: Any, item: str) -> None:
    agenda_item = world.items[item]
    plan = Plan.objects.create(agenda_item=agenda_item, kind="tables" if "tables" in item else "speed",
                               options=services.PlanOptions(tables=4, checked_in_only=True).as_json())
    plan = services.plan_compute(plan=plan, max_iterations=10)
    assert plan.status == PlanStatus.FAILED
    assert plan.error == "Planen gick inte att beräkna: för få deltagare"

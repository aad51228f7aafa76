"""Recomputing a speed-dating plan after late arrivals and no-shows, and the machine-readable explanations."""

from __future__ import annotations

import itertools

import pytest

from optimiser import Participant, evaluate_plan, plan_speed, plan_tables

Rounds = list[list[tuple[str, ...]]]


def _people(n: int, orgs: int) -> list[Participant]:
    themes = ["luft", "trafik", "energi", "vatten"]
    return [Participant(f"p{i:02d}", organisation=f"org{i % orgs}", project=f"proj{i % (2 * orgs)}",
                        themes=frozenset({themes[i % 4], themes[(i * 3) % 4]})) for i in range(n)]


def _pairs_by_round(rounds: Rounds) -> list[set[tuple[str, str]]]:
    return [{tuple(sorted(p)) for g in rnd for p in itertools.combinations(g, 2)} for rnd in rounds]  # type: ignore[misc]


def _assert_valid(rounds: Rounds, present: set[str]) -> None:
    seen: set[tuple[str, str]] = set()
    for rnd in rounds:
        ids = [p for g in rnd for p in g]
        assert sorted(ids) == sorted(present)  # everyone present is paired, once, in every round
        assert sum(len(g) == 3 for g in rnd) == len(present) % 2 and all(len(g) in (2, 3) for g in rnd)
        for g in rnd:
            for pair in itertools.combinations(sorted(g), 2):
                assert pair not in seen  # no repeats across the rounds
                seen.add(pair)


def test_two_no_shows_and_a_late_arrival_keep_most_pairs() -> None:
    people = _people(20, 6)
    plan = plan_speed(people, rounds=4, seed=1, max_iterations=3000)
    assert plan.repeat_pairs == 0
    gone = {"p03", "p11"}
    late = Participant("late", organisation="org_new", project="proj_new", themes=frozenset({"luft"}))
    now = [p for p in people if p.id not in gone] + [late]
    again = plan_speed(now, rounds=4, previous=plan.rounds, locked=["p00", "p01"], seed=2, max_iterations=3000)
    _assert_valid(again.rounds, {p.id for p in now})
    assert again.repeat_pairs == 0 and again.same_org_pairs == 0
    before, after = _pairs_by_round(plan.rounds), _pairs_by_round(again.rounds)
    kept = sum(len(b & a) for b, a in zip(before, after, strict=True))
    intact = sum(1 for rnd in before for pair in rnd if not set(pair) & gone)
    assert kept == again.kept_pairs
    # every pair whose people are both still here stays, save at most one per round for the odd count's triad
    assert kept >= intact - 4
    assert kept >= 0.8 * sum(len(b) for b in before)
    # only the partners of the no-shows, the newcomer, and the triad's people change partners
    assert again.changed_seats <= 4 * 4
    # locked people keep their partner where the partner is still here
    for k, rnd in enumerate(plan.rounds):
        for g in rnd:
            if "p00" in g and not set(g) & gone:
                assert any(set(g) <= set(h) for h in again.rounds[k])


def test_recompute_breaks_pairs_that_are_now_in_conflict() -> None:
    people = _people(12, 4)
    plan = plan_speed(people, rounds=3, seed=3, max_iterations=3000)
    a, b = plan.rounds[1][0]
    again = plan_speed(people, rounds=3, previous=plan.rounds, locked=[a, b], forbidden=[(a, b)], seed=3,
                       max_iterations=3000)
    _assert_valid(again.rounds, {p.id for p in people})
    assert not any({a, b} <= set(g) for rnd in again.rounds for g in rnd)
    assert again.kept_pairs >= 3 * 6 - 6  # the forbidden pair and the pairs it touches at most


def test_recompute_without_changes_keeps_everything() -> None:
    people = _people(11, 3)
    plan = plan_speed(people, rounds=3, seed=4, max_iterations=3000)
    again = plan_speed(people, rounds=3, previous=plan.rounds, seed=5, max_iterations=3000)
    assert _pairs_by_round(again.rounds) == _pairs_by_round(plan.rounds)
    assert again.changed_seats == 0


def test_unavoidable_reasons_are_machine_readable() -> None:
    crowd = [Participant(f"c{i}", organisation="big" if i < 8 else f"o{i}") for i in range(12)]
    plan = plan_tables(crowd, tables=3, seed=1, max_iterations=3000)
    assert plan.unavoidable_reasons == (("org_larger_than_tables", 7),)
    assert plan.unavoidable is not None and "7 same-organisation" in plan.unavoidable
    # tables of 4 at 3 tables: a second round must seat first-round tablemates together (pigeonhole)
    others = [Participant(f"x{i}", organisation=f"o{i}") for i in range(12)]
    two = plan_tables(others, tables=3, rounds=2, seed=1, max_iterations=3000)
    reasons = dict(two.unavoidable_reasons)
    assert reasons["pigeonhole_repeats"] == two.repeat_pairs > 0
    assert reasons["pigeonhole_forced"] == 3 <= two.repeat_pairs and reasons["pigeonhole_tables"] == 3
    # more rounds than others to meet
    few = [Participant(f"f{i}", organisation=f"o{i}") for i in range(4)]
    speed = plan_speed(few, rounds=4, seed=1, max_iterations=3000)
    assert dict(speed.unavoidable_reasons) == {"too_few_others": speed.repeat_pairs, "meetings_per_person": 4,
                                               "others": 3}
    # a hand-made plan that repeats what could be avoided
    ev = evaluate_plan(few, [[["f0", "f1"], ["f2", "f3"]], [["f0", "f1"], ["f2", "f3"]]])
    assert ev.unavoidable_reasons == (("remaining_repeats", 2),)
    assert plan_speed(few, rounds=2, seed=1, max_iterations=3000).unavoidable_reasons == ()


@pytest.mark.parametrize("n", [9, 10])
def test_previous_of_other_round_count_is_tolerated(n: int) -> None:
    people = _people(n, 5)
    plan = plan_speed(people, rounds=2, seed=6, max_iterations=3000)
    more = plan_speed(people, rounds=3, previous=plan.rounds, seed=6, max_iterations=3000)
    _assert_valid(more.rounds, {p.id for p in people})
    assert _pairs_by_round(more.rounds)[:2] == _pairs_by_round(plan.rounds)

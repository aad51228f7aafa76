"""Tests of speed dating (optimiser.speed)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from optimiser.errors import InvalidInput
from optimiser.rounds import count_repeats
from optimiser.speed import circle_schedule, solve_speed


def _pairs(rounds: object) -> list[tuple[int, int]]:
    return [tuple(sorted(p)) for rnd in rounds for g in rnd for p in itertools.combinations(g, 2)]  # type: ignore[attr-defined, misc]


@pytest.mark.parametrize("n", [2, 4, 6, 8, 10, 12, 14])
def test_circle_method_is_a_one_factorisation(n: int) -> None:
    sched = circle_schedule(n, n - 1)
    assert count_repeats(sched) == 0
    assert len(set(_pairs(sched))) == n * (n - 1) // 2
    for rnd in sched:
        assert sorted(p for pair in rnd for p in pair) == list(range(n))


@pytest.mark.parametrize("n", [8, 10, 12])
def test_full_round_robin_with_affinity(n: int) -> None:
    rng = np.random.default_rng(n)
    w = rng.random((n, n))
    w = w + w.T
    res = solve_speed(w, n - 1, seed=1, max_iterations=3000)
    assert res.repeat_pairs == 0
    assert len(res.rounds) == n - 1
    for rnd in res.rounds:
        assert all(len(p) == 2 for p in rnd)
        assert sorted(p for pair in rnd for p in pair) == list(range(n))
    assert res.objective == pytest.approx(sum(w[a, b] for a, b in _pairs(res.rounds)))


def test_affinity_is_raised_over_the_start() -> None:
    rng = np.random.default_rng(5)
    n = 20
    w = rng.random((n, n))
    w = w + w.T
    short = solve_speed(w, 3, seed=1, max_iterations=1)
    long = solve_speed(w, 3, seed=1, max_iterations=3000)
    assert long.repeat_pairs == 0
    assert long.objective > short.objective


@pytest.mark.parametrize("n", [7, 9, 11, 13])
def test_odd_counts_get_one_triad(n: int) -> None:
    res = solve_speed(np.zeros((n, n)), 3, seed=2, max_iterations=5000)
    for rnd in res.rounds:
        assert sorted(len(p) for p in rnd) == [2] * (n // 2 - 1) + [3]
        assert sorted(p for pair in rnd for p in pair) == list(range(n))
    assert res.repeat_pairs == count_repeats(res.rounds) == 0


def test_history_and_organisations() -> None:
    n = 12
    org = [f"o{i % 3}" for i in range(n)]
    first = solve_speed(np.zeros((n, n)), 3, organisation=org, seed=1, max_iterations=3000)
    assert first.same_org_pairs == 0 and first.repeat_pairs == 0
    hist = _pairs(first.rounds)
    second = solve_speed(np.zeros((n, n)), 3, organisation=org, history=hist, seed=2, max_iterations=5000)
    assert second.repeat_pairs == 0 and second.same_org_pairs == 0
    assert not set(_pairs(second.rounds)) & set(hist)


def test_forbidden_and_errors() -> None:
    res = solve_speed(np.zeros((6, 6)), 5, forbidden=[(0, 1)], seed=1, max_iterations=3000)
    assert (0, 1) not in _pairs(res.rounds)
    with pytest.raises(InvalidInput):
        solve_speed(np.zeros((1, 1)), 1)
    with pytest.raises(InvalidInput):
        solve_speed(np.zeros((4, 4)), 0)

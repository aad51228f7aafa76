"""Tests of the social golfer search alone (optimiser.golfer_search) and its command-line option.

Budgets are iterations (reproducible with a seed), never wall-clock time.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from optimiser import golfer_kernels as K
from optimiser import rng
from optimiser.cli_seminar import rounds_main
from optimiser.errors import InvalidInput
from optimiser.golfer_search import search_golfer
from optimiser.rounds import count_repeats


def _check(res: object, groups: int, size: int, weeks: int) -> None:
    rounds = res.rounds  # type: ignore[attr-defined]
    assert len(rounds) == weeks
    for rnd in rounds:
        assert len(rnd) == groups
        assert all(len(t) == size for t in rnd)
        assert sorted(p for t in rnd for p in t) == list(range(groups * size))
    assert count_repeats(rounds) == res.repeat_pairs  # type: ignore[attr-defined]


@pytest.mark.parametrize(("groups", "size", "weeks", "budget"), [
    (5, 3, 7, 5_000),  # Kirkman-like 15 golfers, 7 weeks
    (6, 3, 7, 5_000),
    (8, 4, 6, 2_000),
    (8, 4, 7, 2_000),
    (6, 3, 8, 400_000),  # needs real search: ~140k iterations for these seeds
])
@pytest.mark.parametrize("seed", [1, 3])
def test_search_reaches_zero_within_an_iteration_budget(groups: int, size: int, weeks: int, budget: int,
                                                        seed: int) -> None:
    res = search_golfer(groups, size, weeks, seed=seed, max_iterations=budget)
    _check(res, groups, size, weeks)
    assert res.repeat_pairs == 0
    assert res.stopped_early
    assert res.iterations <= budget
    assert res.seed == seed


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_breakout_weighting_also_reaches_zero(seed: int) -> None:
    res = search_golfer(5, 3, 7, seed=seed, max_iterations=5_000, tuning={"weighting": 1.0, "stable": 5.0})
    _check(res, 5, 3, 7)
    assert res.repeat_pairs == 0


def test_same_seed_and_budget_give_the_same_plan() -> None:
    a = search_golfer(8, 4, 9, seed=5, max_iterations=3_000)
    b = search_golfer(8, 4, 9, seed=5, max_iterations=3_000)
    c = search_golfer(8, 4, 9, seed=6, max_iterations=3_000)
    assert a.rounds == b.rounds and a.repeat_pairs == b.repeat_pairs and a.iterations == b.iterations == 3_000
    assert a.rounds != c.rounds
    _check(a, 8, 4, 9)


def test_search_improves_on_its_greedy_start() -> None:
    start = search_golfer(8, 4, 9, seed=2, max_iterations=0)
    searched = search_golfer(8, 4, 9, seed=2, max_iterations=20_000)
    assert start.iterations == 0
    assert searched.repeat_pairs < start.repeat_pairs


def test_impossible_instance_reports_its_repeats() -> None:
    # 3 groups of 3 for 5 weeks: each golfer meets 2 new people a week, 10 > 8 others, so repeats are forced
    res = search_golfer(3, 3, 5, seed=1, max_iterations=2_000)
    _check(res, 3, 3, 5)
    assert res.repeat_pairs > 0
    assert not res.stopped_early


def test_odd_sizes_and_one_group() -> None:
    _check(search_golfer(4, 3, 4, seed=1, max_iterations=2_000), 4, 3, 4)
    one = search_golfer(1, 4, 3, seed=1, max_iterations=100)
    _check(one, 1, 4, 3)
    assert one.repeat_pairs == 2 * 6  # six pairs, met three times each


def test_greedy_first_week_and_kernel_counts() -> None:
    weeks, groups, size = 3, 4, 4
    n = groups * size
    grp = np.zeros((weeks, n), dtype=np.int64)
    mem = np.zeros((weeks, groups, size), dtype=np.int64)
    pos = np.zeros((weeks, n), dtype=np.int64)
    cnt = np.zeros((n, n), dtype=np.int64)
    f = int(K.restart(grp, mem, pos, cnt, rng.new_state(3)))
    rounds = [[[int(x) for x in np.flatnonzero(grp[w] == t)] for t in range(groups)] for w in range(weeks)]
    assert f == count_repeats(rounds)
    assert f == 0  # the freedom heuristic seats 4-4-3 without a repeat
    for w in range(weeks):
        for x in range(n):
            assert mem[w, grp[w, x], pos[w, x]] == x


@pytest.mark.parametrize("kwargs", [
    {"groups": 0, "size": 4, "weeks": 2},
    {"groups": 2, "size": 4, "weeks": 0},
    {"groups": 2, "size": 2, "weeks": 2, "seconds": -1.0},
    {"groups": 2, "size": 2, "weeks": 2, "tuning": {"nope": 1.0}},
    {"groups": 2, "size": 2, "weeks": 2, "tuning": {"stable": 0.0}},
])
def test_invalid_input(kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidInput):
        search_golfer(**kwargs)  # type: ignore[arg-type]


def test_cli_method_search(capsys: pytest.CaptureFixture[str]) -> None:
    code = rounds_main(["solve", "--tables", "5", "--size", "3", "--rounds", "7", "--method", "search",
                        "--iterations", "5000", "--seed", "2", "--quiet"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["repeat_pairs"] == 0 and out["seed"] == 2
    assert count_repeats(out["rounds"]) == 0
    assert sorted(p for t in out["rounds"][0] for p in t) == list(range(15))


def test_cli_search_refuses_the_bank(capsys: pytest.CaptureFixture[str]) -> None:
    code = rounds_main(["solve", "--tables", "5", "--size", "3", "--rounds", "7", "--method", "search", "--bank"])
    assert code == 2
    assert "--bank" in capsys.readouterr().err

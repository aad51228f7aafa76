"""Issue 9 item 6 in the engine: early stop at a proven bound (reported), sitting out instead of a triad, and the
compiled-code cache directory (a read-only one is copied)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from optimiser import Participant, Weights, compiled, plan_speed, plan_tables, solve_rounds
from optimiser.rounds_setup import instance, proven_bound


def _flat(n: int, orgs: int) -> list[Participant]:
    return [Participant(f"p{i}", organisation=f"o{i % orgs}") for i in range(n)]


def test_plan_stops_early_at_the_proven_bound_and_says_so() -> None:
    people = _flat(40, 10)
    flat = Weights(related=0.0, role=0.0)
    tables = plan_tables(people, tables=8, rounds=1, seed=1, max_iterations=200_000, weights=flat)
    assert tables.stopped_early and tables.iterations < 200_000
    assert tables.repeat_pairs == 0 and tables.same_org_pairs == 0
    speed = plan_speed(people, rounds=3, seed=1, max_iterations=200_000, weights=flat)
    assert speed.stopped_early and speed.iterations < 200_000 and speed.repeat_pairs == 0


def test_no_early_stop_while_the_objective_can_gain() -> None:
    rng = np.random.default_rng(0)
    d = rng.random((12, 12))
    d = d + d.T
    res = solve_rounds(d, rounds=1, tables=3, lower=4, upper=4, seed=1, max_iterations=3000)
    assert not res.stopped_early and res.iterations == 3000


def test_proven_bound_counts_the_pairs_organisations_force() -> None:
    org = ["a"] * 3 + ["b", "c", "d"]
    inst = instance(np.ones((6, 6)), rounds=2, tables=2, lower=3, upper=3, organisation=org, history=(),
                    forbidden=(), fixed=None, previous=None, locked=())
    # each round: 6 tablemate pairs, of which 1 is forced within "a" (3 people over 2 tables)
    assert round(proven_bound(inst, 100.0), 6) == 2 * (5 * 1.0 + 1 * (1.0 - 100.0))
    uneven = instance(np.ones((7, 7)), rounds=1, tables=2, lower=1, upper=6, organisation=None, history=(),
                      forbidden=(), fixed=None, previous=None, locked=())
    assert proven_bound(uneven, 100.0) == float("inf")  # sizes not forced: no bound


def test_odd_speed_dating_sits_one_out_in_turn() -> None:
    people = _flat(13, 5)
    plan = plan_speed(people, rounds=4, seed=2, max_iterations=5000, sit_out=True)
    out = [next(g for g in rnd if len(g) == 1)[0] for rnd in plan.rounds]
    assert all(sorted(len(g) for g in rnd) == [1] + [2] * 6 for rnd in plan.rounds)
    assert len(set(out)) == 4 and plan.repeat_pairs == 0 and plan.same_org_pairs == 0
    triads = plan_speed(people, rounds=2, seed=2, max_iterations=2000)
    assert all(sorted(len(g) for g in rnd) == [2] * 5 + [3] for rnd in triads.rounds)


def test_locked_people_never_sit_out_on_a_recompute() -> None:
    people = _flat(11, 4)
    first = plan_speed(people, rounds=3, seed=1, max_iterations=3000, sit_out=True)
    locked = [g[0] for g in first.rounds[0] if len(g) == 1]
    again = plan_speed(people, rounds=3, seed=5, max_iterations=3000, sit_out=True, previous=first.rounds,
                       locked=locked)
    assert all(locked[0] not in g for rnd in again.rounds for g in rnd if len(g) == 1)
    assert again.repeat_pairs == 0


def test_cache_directory_is_configured_and_a_read_only_one_is_copied(tmp_path: Path, monkeypatch: Any) -> None:
    from numba.core import config

    before = config.CACHE_DIR
    try:
        assert compiled.configure(tmp_path / "cache") == (tmp_path / "cache").resolve()
        assert config.CACHE_DIR == str((tmp_path / "cache").resolve()) == os.environ["NUMBA_CACHE_DIR"]
        seeded = tmp_path / "ro"
        (seeded / "sub").mkdir(parents=True)
        (seeded / "sub" / "kernel.nbi").write_bytes(b"index")
        monkeypatch.setattr(compiled, "_writable", lambda path: path != seeded.resolve())
        used = compiled.configure(seeded)
        assert used is not None and used != seeded.resolve()
        assert (used / "sub" / "kernel.nbi").read_bytes() == b"index"
        assert compiled.cache_dir() == str(used)
    finally:
        config.CACHE_DIR = before
        if before:
            os.environ["NUMBA_CACHE_DIR"] = before
        else:
            os.environ.pop("NUMBA_CACHE_DIR", None)

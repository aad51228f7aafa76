"""The social golfer problem by search alone: greedy weeks by freedom (Triska and Musliu, 2012), then the tabu
search of Dotú and Van Hentenryck (2005) with perturbation and greedy restarts, compiled with numba
(:mod:`optimiser.golfer_kernels`). No construction and no stored schedule: see
:func:`optimiser.golfer.solve_golfer` for those.

>>> res = search_golfer(5, 3, 7, seed=1, max_iterations=20_000)
>>> res.repeat_pairs, len(res.rounds)
(0, 7)
"""

from __future__ import annotations

import time
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from optimiser import golfer_kernels as K
from optimiser import rng
from optimiser.errors import InvalidInput
from optimiser.rounds import Progress, RoundsResult, count_repeats

__all__ = ["DEFAULT_KNOBS", "search_golfer", "warm_up"]

DEFAULT_KNOBS: Mapping[str, float] = {
    "tenure": 4.0,  # least tabu tenure (iterations)
    "tenure_range": 10.0,  # plus a random 0..range-1
    "stable": 60.0,  # iterations without improvement before a perturbation
    "kick": 3.0,  # random swaps in a perturbation
    "kicks": 40.0,  # perturbations without a new best before a greedy restart
    "weighting": 0.0,  # 1: breakout (grow the weights of repeated pairs) instead of perturbation
}
_ORDER = ("tenure", "tenure_range", "stable", "kick", "kicks", "weighting")
_CHUNK = 2000


def _knobs(tuning: Mapping[str, float] | None) -> npt.NDArray[np.float64]:
    merged = dict(DEFAULT_KNOBS)
    for key, value in (tuning or {}).items():
        if key not in merged:
            raise InvalidInput(f"unknown golfer search knob {key!r} (known: {', '.join(_ORDER)})")
        merged[key] = float(value)
    if merged["stable"] < 1 or merged["tenure"] < 0 or merged["kick"] < 1 or merged["kicks"] < 0:
        raise InvalidInput("golfer search knobs: stable and kick at least 1, tenure and kicks at least 0")
    return np.array([merged[k] for k in _ORDER], dtype=np.float64)


def search_golfer(
    groups: int,
    size: int,
    weeks: int,
    *,
    seconds: float = 60.0,
    seed: int | None = None,
    max_iterations: int | None = None,
    cpu_time: bool = True,
    progress: Progress | None = None,
    tuning: Mapping[str, float] | None = None,
) -> RoundsResult:
    """``groups`` groups of ``size`` golfers for ``weeks`` weeks with the fewest repeated encounters, by search.

    Stops at zero repeats, after ``seconds`` (CPU time of the process by default; wall clock with
    ``cpu_time=False``) or after ``max_iterations`` tabu iterations (which replaces the time limit: with a
    ``seed`` the result is then the same on every machine). ``tuning`` overrides :data:`DEFAULT_KNOBS`.
    The result is recounted from the plan (:func:`optimiser.rounds.count_repeats`); its ``seconds`` include
    loading the compiled kernels (call :func:`warm_up` first to leave that out).

    >>> res = search_golfer(4, 2, 5, seed=7, max_iterations=5_000)
    >>> res.repeat_pairs, sorted(len(t) for t in res.rounds[0])
    (0, [2, 2, 2, 2])

    Raises :class:`~optimiser.errors.InvalidInput` for sizes below 1 or a negative budget.
    """
    if groups < 1 or size < 1 or weeks < 1:
        raise InvalidInput("groups, size and weeks must be at least 1")
    if seconds < 0 or (max_iterations is not None and max_iterations < 0):
        raise InvalidInput("seconds and max_iterations must not be negative")
    knobs = _knobs(tuning)
    clock = time.process_time if cpu_time else time.perf_counter
    t0 = clock()
    seed = rng.new_seed() if seed is None else int(seed)
    state = rng.new_state(seed)
    n = groups * size
    grp = np.zeros((weeks, n), dtype=np.int64)
    mem = np.zeros((weeks, groups, size), dtype=np.int64)
    pos = np.zeros((weeks, n), dtype=np.int64)
    cnt = np.zeros((n, n), dtype=np.int64)
    tabu = np.zeros((weeks, n, n), dtype=np.int64)
    f = int(K.restart(grp, mem, pos, cnt, state))
    best = grp.copy()
    run_best = grp.copy()
    st = np.zeros(K.ST_SIZE, dtype=np.int64)
    st[K.ST_F] = st[K.ST_BEST] = st[K.ST_WALK_BEST] = st[K.ST_RUN_BEST] = st[K.ST_WF] = st[K.ST_WBEST] = f
    wt = np.ones((n, n), dtype=np.int64)
    if groups > 1:
        while st[K.ST_BEST] > 0:
            step = _CHUNK if max_iterations is None else min(_CHUNK, max_iterations - int(st[K.ST_ITER]))
            if step <= 0:
                break
            if knobs[5] > 0:
                K.walk_weighted(grp, mem, pos, cnt, wt, tabu, best, st, knobs, state, step)
            else:
                K.walk(grp, mem, pos, cnt, tabu, best, run_best, st, knobs, state, step)
            elapsed = clock() - t0
            if progress is not None:
                frac = st[K.ST_ITER] / max_iterations if max_iterations else elapsed / max(seconds, 1e-9)
                progress(min(1.0, float(frac)), float(st[K.ST_BEST]))
            if max_iterations is None and elapsed >= seconds:
                break
    rounds = tuple(
        tuple(tuple(int(i) for i in np.flatnonzero(best[w] == t)) for t in range(groups)) for w in range(weeks)
    )
    found = count_repeats(rounds)
    if found != int(st[K.ST_BEST]):  # pragma: no cover - a kernel bug, never expected
        raise AssertionError(f"golfer search: counted {found} repeats, the search claimed {int(st[K.ST_BEST])}")
    return RoundsResult(
        rounds=rounds,
        objective=0.0,
        repeat_pairs=found,
        same_org_pairs=0,
        forbidden_pairs=0,
        changed_seats=0,
        max_repeats_per_person=_max_per_person(rounds, n),
        seconds=clock() - t0,
        iterations=int(st[K.ST_ITER]),
        seed=seed,
        stopped_early=found == 0,
    )


def _max_per_person(rounds: tuple[tuple[tuple[int, ...], ...], ...], n: int) -> int:
    meets = np.zeros((n, n), dtype=np.int64)
    for rnd in rounds:
        for table in rnd:
            idx = np.array(table, dtype=np.int64)
            meets[np.ix_(idx, idx)] += 1
    np.fill_diagonal(meets, 0)
    return int(np.maximum(meets - 1, 0).sum(axis=1).max()) if n else 0


def warm_up() -> None:
    """Compile (or load from numba's cache) the kernels on a tiny instance.

    >>> warm_up()
    """
    search_golfer(3, 2, 3, seed=0, max_iterations=50)

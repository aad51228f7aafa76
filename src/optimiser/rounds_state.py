"""The typed state of the multi-round table search: ``NamedTuple`` records of arrays and numbers that the
numba kernels (:mod:`optimiser.rounds_kernels`) take instead of index-addressed arrays.

* :class:`Problem`: what is optimised (pair values, penalties, bounds); never changed by a kernel;
* :class:`Knobs`: the tabu search's parameters;
* :class:`Seating`: a plan with ``r`` rounds, ``n`` people and ``m`` tables, and its running sums, changed in
  place by every move;
* :class:`Memory`: the search's arrays that outlive a call (tabu tenures, the best plan, the random state);
* :class:`Walk`: the search's counters and scores, returned by :func:`~optimiser.rounds_kernels.search` and
  passed to its next call.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

__all__ = ["Knobs", "Memory", "Problem", "Seating", "Walk", "new_seating"]


class Problem(NamedTuple):
    """What the search optimises (read-only for the kernels)."""

    w: FloatArray
    """(n, n) value of seating i with j, the organisation and forbidden-pair penalties included."""
    bad: BoolArray
    """(n, n) pairs that put both people in conflict (same organisation, forbidden)."""
    hist: npt.NDArray[np.int32]
    """(n, n) 1 where the pair met before the plan."""
    prev: IntArray
    """(r, n) table of each person in the previous plan, -1 for none."""
    movable: BoolArray
    """(r, n) False for fixed and locked seats."""
    lo: IntArray
    """(m,) smallest table sizes."""
    hi: IntArray
    """(m,) largest table sizes."""
    w_rep: float
    """Cost of one repeated encounter."""
    w_fair: float
    """Cost of a person's repeats squared (0: the O(1) fast path)."""
    w_change: float
    """Cost of a seat that differs from ``prev``."""
    target: float
    """A score at which nothing better can exist (the search stops there; ``inf``: unknown)."""


class Knobs(NamedTuple):
    """Parameters of the tabu search (see ``tuning`` in :func:`optimiser.rounds.solve_rounds`)."""

    tenure_min: int
    tenure_max: int
    stagnation: int
    """Iterations without a new best before a perturbation."""
    candidates: int
    """People examined per round and iteration (a random sample of the conflicting ones)."""
    all_rounds: bool
    """Examine every round in each iteration (else one random round)."""
    perturb: int
    """Random swaps of a perturbation."""
    moves: bool
    """Table sizes may vary: try moving one person as well as swapping two."""
    from_best: bool
    """Perturb the best plan (else the current one)."""


class Seating(NamedTuple):
    """A plan and its running sums (changed in place by the moves)."""

    a: IntArray
    """(r, n) table of person i in round k."""
    mem: IntArray
    """(r, m, cap) the people at each table: ``mem[k, t, :sz[k, t]]``."""
    sz: IntArray
    """(r, m) table sizes."""
    pos: IntArray
    """(r, n) slot of person i in ``mem[k, a[k, i]]``."""
    C: npt.NDArray[np.int32]
    """(n, n) how often i and j meet, the history included."""
    R: IntArray
    """(n,) sum over j of max(0, C[i, j] - 1): a person's repeats."""
    S: IntArray
    """(r, n, m) sum of C[x, z] over the z != x at table t in round k (fast path only, else (1, 1, 1))."""
    Wt: FloatArray
    """(r, n, m) the same sum of w[x, z] (fast path only)."""


class Memory(NamedTuple):
    """Arrays of the search that outlive one call of :func:`search`."""

    tabu: IntArray
    """(r, n) iteration until which moving person i in round k is tabu."""
    best_a: IntArray
    """(r, n) the best plan found by this walk."""
    rng: npt.NDArray[np.uint64]
    """The random state (:mod:`optimiser.rng`)."""


class Walk(NamedTuple):
    """The counters and scores of a walk, returned by :func:`search` and passed to its next call."""

    iteration: int
    last_improvement: int
    score: float
    best: float


def new_seating(a: IntArray, m: int, capacity: int, fast: bool) -> Seating:
    """Empty arrays for a plan ``a`` with ``m`` tables of at most ``capacity`` people (fill with
    :func:`rebuild`)."""
    r, n = a.shape
    running = (r, n, m) if fast else (1, 1, 1)
    return Seating(
        a=a,
        mem=np.zeros((r, m, capacity), dtype=np.int64),
        sz=np.zeros((r, m), dtype=np.int64),
        pos=np.zeros((r, n), dtype=np.int64),
        C=np.zeros((n, n), dtype=np.int32),
        R=np.zeros(n, dtype=np.int64),
        S=np.zeros(running, dtype=np.int64),
        Wt=np.zeros(running, dtype=np.float64),
    )

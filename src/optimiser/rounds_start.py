"""Start plans of :func:`optimiser.rounds.solve_rounds`: a given plan where it is valid, the previous plan,
a greedy round, or, for pure social golfer instances, the freedom heuristic of Triska and Musliu (2012).
All randomness comes from one :mod:`optimiser.rng` state."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from optimiser import rng
from optimiser.rounds_setup import Instance, target_sizes

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
Counts = npt.NDArray[np.int32]

__all__ = ["StartPlans"]


class StartPlans:
    """Builds start plans of an instance: the first from ``initial`` where valid, later ones (random restarts)
    afresh."""

    def __init__(
        self,
        inst: Instance,
        w: FloatArray,
        initial: Sequence[Sequence[Sequence[int]]] | None,
        state: rng.State,
        *,
        freedom: bool = True,
    ) -> None:
        self.inst = inst
        self.w = w
        self.initial = [list(map(list, rnd)) for rnd in initial] if initial is not None else []
        self.state = state
        # pure golfer instances (equal tables, constant d, nothing fixed): fresh rounds by the freedom heuristic
        self.golferlike = (
            freedom and inst.n <= 150 and inst.equal_tables and not np.any(inst.seats >= 0)
            and not inst.has_previous and float(np.ptp(inst.d)) == 0.0
            and not np.any(inst.same) and not np.any(inst.forbidden)
        )

    def first(self) -> IntArray:
        return self._build(use_initial=True)

    def fresh(self) -> IntArray:
        return self._build(use_initial=False)

    def _build(self, use_initial: bool) -> IntArray:
        inst = self.inst
        n, m = inst.n, inst.tables
        a = np.empty((inst.rounds, n), dtype=np.int64)
        met = inst.hist.copy()
        for k in range(inst.rounds):
            seats_k = inst.seats[k]
            given = self._given_round(k) if use_initial else None
            if given is not None:
                a[k] = given
            elif self._previous_fits(k):
                a[k] = inst.prev[k]
            elif self.golferlike:
                a[k] = _freedom_round(n, m, int(inst.lo[0]), met > 0, self.state)
            else:
                need = np.bincount(seats_k[seats_k >= 0], minlength=m).astype(np.int64)
                target = target_sizes(n, inst.lo, inst.hi, need)
                if inst.has_previous:
                    seats_k = self._keep_previous(k, target, need)
                a[k] = _greedy_round(target, seats_k, self.w, met, self.state)
                continue  # the greedy round counted its encounters
            _count_round(a[k], m, met)
        return a

    def _given_round(self, k: int) -> IntArray | None:
        inst = self.inst
        if k >= len(self.initial) or not _valid_round(self.initial[k], inst.n, inst.tables, inst.lo, inst.hi):
            return None
        ak = np.empty(inst.n, dtype=np.int64)
        for t, table in enumerate(self.initial[k]):
            ak[list(table)] = t
        seats = inst.seats[k]
        return ak if bool(np.all((seats < 0) | (seats == ak))) else None

    def _previous_fits(self, k: int) -> bool:
        inst = self.inst
        prev, seats = inst.prev[k], inst.seats[k]
        if not inst.has_previous or not np.all(prev >= 0) or not np.all((seats < 0) | (seats == prev)):
            return False
        sizes = np.bincount(prev, minlength=inst.tables)
        return bool(np.all(sizes >= inst.lo) and np.all(sizes <= inst.hi))

    def _keep_previous(self, k: int, target: IntArray, need: IntArray) -> IntArray:
        """Previous seats where they fit (late arrivals and no-shows change little)."""
        inst = self.inst
        seats_k: IntArray = inst.seats[k].copy()
        count = need.copy()
        for i in rng.permutation(self.state, inst.n):
            t = inst.prev[k, i]
            if seats_k[i] < 0 and t >= 0 and count[t] < target[t]:
                seats_k[i] = t
                count[t] += 1
        return seats_k


def _greedy_round(target: IntArray, seats: IntArray, w: FloatArray, met: Counts, state: rng.State) -> IntArray:
    """One round: fixed seats (``seats >= 0``) first, then the others in random order, each at the open table
    where it adds the least penalty (repeats count heavily) and the most ``w``; counts the encounters in
    ``met``."""
    m = target.shape[0]
    a = seats.copy()
    count = np.bincount(a[a >= 0], minlength=m).astype(np.int64)
    members: list[list[int]] = [[] for _ in range(m)]
    for i in np.where(a >= 0)[0]:
        members[int(a[i])].append(int(i))
    big = float(np.abs(w).max() + 1.0) * 1000.0
    free = np.where(a < 0)[0]
    for i in free[rng.permutation(state, free.size)]:
        best_t, best_v = -1, -math.inf
        for t in range(m):
            if count[t] >= target[t]:
                continue
            mem = members[t]
            v = float(w[i, mem].sum()) - big * float(met[i, mem].sum()) if mem else 0.0
            v += 1e-6 * float(target[t] - count[t])  # prefer emptier tables on ties
            if v > best_v:
                best_t, best_v = t, v
        a[i] = best_t
        count[best_t] += 1
        members[best_t].append(int(i))
        for j in members[best_t]:
            if j != i:
                met[i, j] += 1
                met[j, i] += 1
    return a


def _freedom_round(n: int, m: int, size: int, met: npt.NDArray[np.bool_], state: rng.State) -> IntArray:
    """One round of equal tables built by the freedom heuristic (Triska and Musliu, 2012): each table starts
    with the not-yet-met pair that leaves the most unplaced people free of both, then grows with the person
    who met nobody at the table and leaves the most people free; conflicts only when nothing else is left."""
    a = np.full(n, -1, dtype=np.int64)
    free = ~met
    np.fill_diagonal(free, False)
    noise = rng.random_floats(state, n * n).reshape(n, n) * 1e-3
    for t in range(m):
        un = a < 0
        fu = free & un[None, :]
        if size >= 2:
            f = fu.astype(np.float64) @ fu.T.astype(np.float64) + noise
            ok = free & un[:, None] & un[None, :]
            if ok.any():
                f = np.where(ok, f, -np.inf)
            else:
                f = np.where(un[:, None] & un[None, :] & ~np.eye(n, dtype=np.bool_), f - 1e6, -np.inf)
            i, j = np.unravel_index(int(np.argmax(f)), f.shape)
            group = [int(i), int(j)]
        else:
            left = np.where(un)[0]
            group = [int(left[rng.rand_int(state, left.size)])]
        for p in group:
            a[p] = t
        while len(group) < size:
            un = a < 0
            cand = np.where(un)[0]
            conflicts = (~free[np.ix_(cand, np.array(group, dtype=np.int64))]).sum(axis=1)
            allfree = free[group].all(axis=0) & un
            fr = (free[np.ix_(cand, np.where(allfree)[0])]).sum(axis=1).astype(np.float64)
            val = -1e6 * conflicts + fr + rng.random_floats(state, cand.size) * 1e-3
            p = int(cand[int(np.argmax(val))])
            a[p] = t
            group.append(p)
    return a


def _valid_round(rnd: Sequence[Sequence[int]], n: int, m: int, lo: IntArray, hi: IntArray) -> bool:
    if len(rnd) != m:
        return False
    people = sorted(int(p) for t in rnd for p in t)
    if people != list(range(n)):
        return False
    return all(lo[t] <= len(rnd[t]) <= hi[t] for t in range(m))


def _count_round(ak: IntArray, m: int, met: Counts) -> None:
    for t in range(m):
        idx = np.where(ak == t)[0]
        for u in idx:
            for v in idx:
                if u != v:
                    met[u, v] += 1

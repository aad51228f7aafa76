"""The first steps of :func:`optimiser.rounds.solve_rounds`: check the input and turn it into index form
(:class:`Instance`), then into what the search optimises (:class:`~optimiser.rounds_state.Problem`) and how
(:class:`~optimiser.rounds_state.Knobs`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from optimiser.errors import Infeasible, InvalidInput
from optimiser.rounds_state import Knobs, Problem

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

__all__ = ["Instance", "instance", "knobs", "problem", "target_sizes"]


@dataclass(frozen=True)
class Instance:
    """A checked instance in index form: ``n`` people, ``rounds`` rounds of ``tables`` tables."""

    d: FloatArray
    """(n, n) symmetric diversity, zero diagonal."""
    rounds: int
    tables: int
    lo: IntArray
    hi: IntArray
    hist: npt.NDArray[np.int32]
    """(n, n) 1 where the pair met before."""
    same: BoolArray
    """(n, n) same organisation."""
    forbidden: BoolArray
    """(n, n) must never share a table."""
    seats: IntArray
    """(r, n) fixed or locked table, -1 where free."""
    prev: IntArray
    """(r, n) table in the previous plan, -1 where there is none."""
    has_previous: bool

    @property
    def n(self) -> int:
        return int(self.d.shape[0])

    @property
    def equal_tables(self) -> bool:
        return bool(np.all(self.lo == self.hi))


def instance(
    d: npt.ArrayLike,
    *,
    rounds: int,
    tables: int,
    lower: int | Sequence[int],
    upper: int | Sequence[int],
    history: Iterable[tuple[int, int]],
    organisation: Sequence[object] | None,
    forbidden: Iterable[tuple[int, int]],
    fixed: Mapping[int | tuple[int, int], int] | None,
    previous: Sequence[Sequence[Sequence[int]]] | None,
    locked: Iterable[int],
) -> Instance:
    """Check the arguments of :func:`~optimiser.rounds.solve_rounds` (raising :class:`InvalidInput` or
    :class:`Infeasible` with the reason) and return them in index form."""
    dm = _diversity(d)
    n = dm.shape[0]
    if rounds < 1 or tables < 1:
        raise InvalidInput("rounds and tables must be at least 1")
    if n < 1:
        raise InvalidInput("there are no people")
    lo, hi = _bounds(tables, lower, upper)
    if int(lo.sum()) > n or int(hi.sum()) < n:
        raise Infeasible(f"{n} people cannot fill {tables} tables of sizes {int(lo.min())}..{int(hi.max())}")
    hist = _pair_matrix(history, n, "history").astype(np.int32)
    forb = _pair_matrix(forbidden, n, "forbidden")
    seats = _fixed_seats(fixed, n, rounds, tables)
    prev = _previous_seats(previous, n, rounds, tables)
    _lock(seats, prev, locked, n)
    _check_fixed(seats, forb, hi, tables)
    return Instance(d=dm, rounds=rounds, tables=tables, lo=lo, hi=hi, hist=hist, same=_same_org(organisation, n),
                    forbidden=forb, seats=seats, prev=prev, has_previous=previous is not None)


def _diversity(d: npt.ArrayLike) -> FloatArray:
    arr = np.asarray(d, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1]:
        raise InvalidInput(f"d must be a square matrix, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise InvalidInput("d has a value that is not finite")
    out = np.ascontiguousarray((arr + arr.T) / 2.0)
    np.fill_diagonal(out, 0.0)
    return out


def _bounds(m: int, lower: int | Sequence[int], upper: int | Sequence[int]) -> tuple[IntArray, IntArray]:
    lo = np.full(m, lower, dtype=np.int64) if isinstance(lower, int) else np.asarray(lower, dtype=np.int64)
    hi = np.full(m, upper, dtype=np.int64) if isinstance(upper, int) else np.asarray(upper, dtype=np.int64)
    if lo.shape != (m,) or hi.shape != (m,):
        raise InvalidInput(f"lower and upper must be integers or have one entry per table ({m})")
    if np.any(lo < 0) or np.any(lo > hi) or np.any(hi < 1):
        raise InvalidInput("table sizes need 0 <= lower <= upper and upper >= 1")
    return lo, hi


def _pair(p: object, n: int, what: str) -> tuple[int, int]:
    if not isinstance(p, tuple | list) or len(p) != 2:
        raise InvalidInput(f"{what}: {p!r} is not a pair")
    a, b = int(p[0]), int(p[1])
    if not (0 <= a < n and 0 <= b < n) or a == b:
        raise InvalidInput(f"{what}: pair {p!r} is not two different ids in 0..{n - 1}")
    return a, b


def _pair_matrix(pairs: Iterable[tuple[int, int]], n: int, what: str) -> BoolArray:
    out = np.zeros((n, n), dtype=np.bool_)
    for p in pairs:
        a, b = _pair(p, n, what)
        out[a, b] = out[b, a] = True
    return out


def _same_org(organisation: Sequence[object] | None, n: int) -> BoolArray:
    if organisation is None:
        return np.zeros((n, n), dtype=np.bool_)
    if len(organisation) != n:
        raise InvalidInput(f"organisation has {len(organisation)} entries for {n} people")
    labels = {v: i for i, v in enumerate(dict.fromkeys(o for o in organisation if o not in (None, "")))}
    org = np.array([labels.get(o, -1) if o not in (None, "") else -1 for o in organisation], dtype=np.int64)
    same: BoolArray = (org[:, None] == org[None, :]) & (org[:, None] >= 0)
    np.fill_diagonal(same, False)
    return same


def _fixed_seats(fixed: Mapping[int | tuple[int, int], int] | None, n: int, rounds: int, m: int) -> IntArray:
    seats = np.full((rounds, n), -1, dtype=np.int64)
    for key, t in (fixed or {}).items():
        if isinstance(key, tuple):
            i, k = int(key[0]), int(key[1])
            ks = [k]
        else:
            i, ks = int(key), list(range(rounds))
        if not 0 <= i < n or not all(0 <= k < rounds for k in ks) or not 0 <= int(t) < m:
            raise InvalidInput(f"fixed seat {key!r} -> {t!r} is out of range")
        for k in ks:
            if seats[k, i] >= 0 and seats[k, i] != int(t):
                raise Infeasible(f"person {i} is fixed to two tables in round {k}")
            seats[k, i] = int(t)
    return seats


def _previous_seats(previous: Sequence[Sequence[Sequence[int]]] | None, n: int, rounds: int, m: int) -> IntArray:
    prev = np.full((rounds, n), -1, dtype=np.int64)
    for k, rnd in enumerate((previous or [])[:rounds]):
        for t, table in enumerate(rnd):
            if t >= m:
                continue  # the table no longer exists: its people are free
            for i in table:
                if 0 <= int(i) < n:
                    prev[k, int(i)] = t
    return prev


def _lock(seats: IntArray, prev: IntArray, locked: Iterable[int], n: int) -> None:
    """Locked people keep their previous seat (in place in ``seats``)."""
    for i in locked:
        if not 0 <= int(i) < n:
            raise InvalidInput(f"locked person {i!r} is out of range")
        for k in range(seats.shape[0]):
            if prev[k, int(i)] >= 0:
                if seats[k, int(i)] >= 0 and seats[k, int(i)] != prev[k, int(i)]:
                    raise Infeasible(f"person {i} is locked and fixed to another table in round {k}")
                seats[k, int(i)] = prev[k, int(i)]


def _check_fixed(seats: IntArray, forb: BoolArray, hi: IntArray, m: int) -> None:
    for k in range(seats.shape[0]):
        fixed_here = np.where(seats[k] >= 0)[0]
        if np.any(np.bincount(seats[k, fixed_here], minlength=m) > hi):
            raise Infeasible(f"round {k}: more fixed seats at a table than it has places")
        for u in fixed_here:
            for v in fixed_here:
                if u < v and seats[k, u] == seats[k, v] and forb[u, v]:
                    raise Infeasible(f"round {k}: forbidden pair ({u}, {v}) is fixed at one table")


def target_sizes(n: int, lo: IntArray, hi: IntArray, need: IntArray) -> IntArray:
    """Sizes within bounds, at least ``need``, summing to n, as even as the bounds allow."""
    size = np.maximum(lo, need).astype(np.int64)
    if size.sum() > n or np.any(size > hi):
        raise Infeasible("the fixed seats and minimum table sizes need more people than there are")
    rest = n - int(size.sum())
    while rest > 0:
        room = np.where(size < hi)[0]
        if room.size == 0:
            raise Infeasible(f"{n} people do not fit: the tables seat at most {int(hi.sum())}")
        t = room[np.argmin(size[room] / hi[room])]
        size[t] += 1
        rest -= 1
    return size


def repeats_forced(inst: Instance) -> bool:
    """Whether repeats are forced: by counting (more tablemates over the rounds than other people, history
    included) or by the pigeonhole principle (tables larger than the table count make the second round meet
    first-round tablemates)."""
    degree = int(inst.hist.sum(axis=1).max()) if inst.n else 0
    pigeonhole = inst.rounds >= 2 and int(inst.lo.min()) > inst.tables
    return pigeonhole or inst.rounds * (int(inst.hi.max()) - 1) > inst.n - 1 - degree


def _pairs_per_round(inst: Instance) -> int | None:
    """Tablemate pairs in one round when the table sizes are forced (each table's size fixed, or every table
    holding ``q`` or ``q + 1`` people), else None."""
    def c2(k: int) -> int:
        return k * (k - 1) // 2

    if inst.equal_tables:
        return sum(c2(int(s)) for s in inst.hi)
    q = int(inst.lo.min())
    if np.all(inst.lo == q) and np.all(inst.hi == q + 1):
        big = inst.n - inst.tables * q
        if 0 <= big <= inst.tables:
            return big * c2(q + 1) + (inst.tables - big) * c2(q)
    return None


def _org_lower_bound(same: BoolArray, tables: int) -> int:
    """Fewest same-organisation pairs one round can have: each organisation spread evenly over the tables."""
    seen = np.zeros(same.shape[0], dtype=bool)
    total = 0
    for i in range(same.shape[0]):
        if seen[i] or not same[i].any():
            continue
        members = np.flatnonzero(same[i])
        seen[members] = True
        seen[i] = True
        q, rem = divmod(len(members) + (0 if same[i, i] else 1), tables)
        total += rem * (q + 1) * q // 2 + (tables - rem) * q * (q - 1) // 2
    return total


def proven_bound(inst: Instance, w_org: float) -> float:
    """A score no plan can beat (``inf`` when the sizes are not forced): every pair worth the most a pair of
    different organisations is worth, no repeats, and only the same-organisation pairs that the organisations'
    sizes force (each worth the most such a pair is worth, minus its penalty). A plan that reaches it is optimal,
    so the search stops early: e.g. when every pair of different organisations is worth the same.

    >>> import numpy as np
    >>> inst = instance(np.ones((4, 4)), rounds=1, tables=2, lower=2, upper=2, organisation=["a", "a", "b", "b"],
    ...                 history=(), forbidden=(), fixed=None, previous=None, locked=())
    >>> round(proven_bound(inst, 100.0), 6)
    2.0
    """
    per_round = _pairs_per_round(inst)
    if per_round is None or inst.n < 2:
        return float(np.inf)
    off = ~np.eye(inst.n, dtype=bool)
    cross = off & ~inst.same
    best_cross = float(inst.d[cross].max()) if cross.any() else 0.0
    forced = _org_lower_bound(inst.same, inst.tables)
    best_same = float(inst.d[inst.same & off].max()) - w_org if forced else 0.0
    bound = inst.rounds * ((per_round - forced) * best_cross + forced * best_same)
    return bound - 1e-9 * max(1.0, abs(bound))


def problem(inst: Instance, *, change_penalty: float | None, tuning: Mapping[str, float]) -> Problem:
    """The score of the search: ``d`` with heavy penalties for repeats, colleagues, forbidden pairs and
    changed seats (scaled so that one repeat or colleague costs more than any gain in diversity)."""
    dm = inst.d
    span = float(dm.max() - dm.min()) if inst.n > 1 else 0.0
    base = max(1.0, 2.0 * int(inst.hi.max()) * span + 1.0)
    w_rep = 100.0 * base
    w_org = 100.0 * base
    # The per-person term (fair spread of repeats) costs O(table size) per evaluated move; without it a move is
    # scored in O(1). By default it is used only when repeats are forced.
    w_fair = float(tuning.get("fair", 0.1 if repeats_forced(inst) else 0.0)) * w_rep
    w_forbid = 1000.0 * w_rep * max(1, inst.rounds)
    w = dm - w_org * inst.same - w_forbid * inst.forbidden
    np.fill_diagonal(w, 0.0)
    target = np.inf if inst.has_previous else proven_bound(inst, w_org)
    return Problem(
        w=np.ascontiguousarray(w),
        bad=inst.same | inst.forbidden,
        hist=inst.hist,
        prev=inst.prev,
        movable=inst.seats < 0,
        lo=inst.lo,
        hi=inst.hi,
        w_rep=w_rep,
        w_fair=w_fair,
        w_change=float(change_penalty) if change_penalty is not None else base,
        target=float(target),
    )


def knobs(inst: Instance, prob: Problem, tuning: Mapping[str, float]) -> Knobs:
    """The tabu search's parameters: defaults by instance size, overridden by ``tuning``."""
    n = inst.n
    small = n <= 64
    return Knobs(
        tenure_min=int(tuning.get("tenure_min", 2)),
        tenure_max=int(tuning.get("tenure_max", 10 if small else 20)),
        stagnation=int(tuning.get("stagnation", 3000 if small else 800)),
        candidates=int(tuning.get("candidates", n if small else (6 if prob.w_fair > 0 else 32))),
        all_rounds=bool(int(tuning.get("all_rounds", 1 if n * inst.rounds <= 400 else 0))),
        perturb=int(tuning.get("perturb", max(2, n // 8))),
        moves=not inst.equal_tables,
        from_best=bool(int(tuning.get("from_best", 1))),
    )

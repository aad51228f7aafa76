"""Several rounds of tables with as few repeated encounters as possible (the social golfer problem and its
seminar generalisation).

:func:`solve_rounds` assigns ``n`` people to ``m`` tables in each of ``r`` rounds. It maximises the sum over
rounds of the diversity ``d[i, j]`` of tablemates, under heavy penalties for

* a pair meeting twice (in the plan, or once in the plan when it already met in ``history``); a pair meeting
  ``c`` times costs ``c (c - 1) / 2`` repeats and, when repeats are forced (by counting or by the pigeonhole
  principle), a person's repeats cost quadratically, so that unavoidable repeats are spread over people;
* two people of the same organisation at one table (each such pair at each round; the penalty is quadratic
  in the number of colleagues at a table, so that unavoidable ones are spread evenly);
* forbidden pairs (a much heavier penalty: a result that still has one raises :class:`Infeasible`);
* seats that differ from a ``previous`` plan (a light penalty, so that a recompute changes few seats).

Fixed seats (``fixed``) and ``locked`` people (who keep their seat of ``previous``) never move.

:func:`solve_golfer` is the pure social golfer problem (all ``d`` equal): ``groups`` tables of ``size``
people for ``weeks`` rounds. A good start comes from an affine-plane construction when ``groups`` is a
prime power (person ``(x, y)``, table in round ``k`` = ``y + k x`` over GF(q)), else (and at every random
restart) from the freedom heuristic of Triska and Musliu (2012); optionally from a bank of verified schedules
(:func:`load_golfer_bank`) when one of the same dimensions exists. The search itself is
a tabu search on conflicting people with swaps within a round (Dotú and Van Hentenryck, 2005), with
perturbation from the best plan after stagnation, compiled with numba (:mod:`optimiser.rounds_kernels`).
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from optimiser import rounds_kernels as K
from optimiser.errors import Infeasible, InvalidInput

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
Schedule = tuple[tuple[tuple[int, ...], ...], ...]
Progress = Callable[[float, float], None]

__all__ = [
    "RoundsResult",
    "count_repeats",
    "find_shared_dir",
    "load_golfer_bank",
    "solve_golfer",
    "solve_rounds",
    "warm_up",
]


@dataclass(frozen=True)
class RoundsResult:
    """A plan of several rounds.

    Attributes
    ----------
    rounds : tuple
        ``rounds[k][t]`` = sorted ids of the people at table ``t`` in round ``k`` (tables keep their index).
    objective : float
        Sum over rounds and tablemate pairs of ``d[i, j]`` (no penalties).
    repeat_pairs : int
        Repeated encounters: for each pair, meetings in the plan plus 1 if it met in the history, minus 1.
    same_org_pairs : int
        Tablemate pairs of one organisation, summed over rounds.
    forbidden_pairs : int
        Forbidden pairs seated together (always 0: a result with one raises :class:`Infeasible`).
    changed_seats : int
        Seats (person, round) that differ from ``previous`` (0 without it).
    max_repeats_per_person : int
        The largest number of repeated encounters of one person.
    seconds : float
        Wall time of the search.
    iterations : int
        Tabu iterations done.
    """

    rounds: Schedule
    objective: float
    repeat_pairs: int
    same_org_pairs: int
    forbidden_pairs: int
    changed_seats: int
    max_repeats_per_person: int
    seconds: float
    iterations: int


# ----------------------------------------------------------------------------------------- helpers


def count_repeats(rounds: Sequence[Sequence[Sequence[int]]], history: Iterable[tuple[int, int]] = ()) -> int:
    """Repeated encounters of a plan: per pair, max(0, meetings + [met in history] - 1), summed.

    >>> count_repeats([[[0, 1], [2, 3]], [[0, 1], [2, 3]]])
    2
    >>> count_repeats([[[0, 1], [2, 3]], [[0, 2], [1, 3]]], history=[(0, 2)])
    1
    """
    seen: dict[tuple[int, int], int] = {}
    for a, b in history:
        seen[(min(a, b), max(a, b))] = 1
    for rnd in rounds:
        for table in rnd:
            t = sorted(table)
            for u in range(len(t)):
                for v in range(u + 1, len(t)):
                    key = (t[u], t[v])
                    seen[key] = seen.get(key, 0) + 1
    return sum(max(0, c - 1) for c in seen.values())


def find_shared_dir() -> Path:
    """The shared data folder: ``$MOTESPLATS_SHARED`` or ``<repository>/../shared``."""
    env = os.environ.get("MOTESPLATS_SHARED")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2].parent / "shared"


def load_golfer_bank(directory: str | Path | None = None) -> dict[tuple[int, int], Schedule]:
    """Verified zero-repeat schedules with equal table sizes, keyed by ``(tables, size)``.

    Reads the Glasgow schedules (``data/golfer/glasgow-sga-schedules/*.json`` of the shared folder; credit:
    Miller, Barr, Kavanagh, Valkov, Purchase, Symmetry 13(1):13, 2021), keeps the one with the most rounds per
    dimension, relabels ids to 0-based and checks every schedule (partition, equal sizes, no repeat).
    Returns ``{}`` when the folder is missing.
    """
    folder = (
        Path(directory) if directory is not None else find_shared_dir() / "data/golfer/glasgow-sga-schedules"
    )
    bank: dict[tuple[int, int], Schedule] = {}
    if not folder.is_dir():
        return bank
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if not data or not data[0]:
            continue
        sizes = {len(t) for rnd in data for t in rnd}
        if len(sizes) != 1:
            continue
        size = sizes.pop()
        tables = len(data[0])
        n = tables * size
        sched = tuple(tuple(tuple(sorted(p - 1 for p in t)) for t in rnd) for rnd in data)
        ok = all(sorted(p for t in rnd for p in t) == list(range(n)) for rnd in sched)
        if not ok or count_repeats(sched) != 0:
            continue
        key = (tables, size)
        if key not in bank or len(bank[key]) < len(sched):
            bank[key] = sched
    return bank


def _gf(q: int) -> tuple[list[list[int]], list[list[int]]] | None:
    """Addition and multiplication tables of GF(q) for a prime power q (None otherwise)."""
    p = next((f for f in range(2, q + 1) if q % f == 0), q)
    e = 0
    v = q
    while v % p == 0:
        v //= p
        e += 1
    if v != 1:
        return None

    def digits(x: int) -> list[int]:
        return [(x // p**i) % p for i in range(e)]

    def number(ds: list[int]) -> int:
        return sum(c * p**i for i, c in enumerate(ds))

    add = [[number([(u + w) % p for u, w in zip(digits(x), digits(y), strict=True)]) for y in range(q)]
           for x in range(q)]
    if e == 1:
        return add, [[(x * y) % p for y in range(q)] for x in range(q)]
    # find a monic irreducible polynomial of degree e: no root-free test suffices only for e <= 3, so check
    # that multiplication has no zero divisors
    for tail in range(p**e):
        poly = digits(tail) + [1]

        def mul(x: int, y: int, poly: list[int] = poly) -> int:
            a, b = digits(x), digits(y)
            prod = [0] * (2 * e - 1)
            for i, ai in enumerate(a):
                for j, bj in enumerate(b):
                    prod[i + j] = (prod[i + j] + ai * bj) % p
            for deg in range(2 * e - 2, e - 1, -1):
                c = prod[deg]
                if c:
                    for i in range(e + 1):
                        prod[deg - e + i] = (prod[deg - e + i] - c * poly[i]) % p
            return number(prod[:e])

        table = [[mul(x, y) for y in range(q)] for x in range(q)]
        if all(all(table[x][y] != 0 for y in range(1, q)) for x in range(1, q)):
            return add, table
    return None  # pragma: no cover


def affine_schedule(groups: int, size: int, weeks: int) -> list[list[list[int]]]:
    """As many zero-repeat rounds (at most ``weeks``) as the affine plane of order ``groups`` gives.

    Person ``x * groups + y`` (column ``x < size``, row ``y``) sits at table ``y + k x`` in round ``k``
    (GF(groups) arithmetic); when ``size`` divides ``groups`` one more round seats each column apart.
    Returns ``[]`` unless ``groups`` is a prime power and ``size <= groups``.

    >>> sched = affine_schedule(5, 3, 7)
    >>> len(sched), count_repeats(sched)
    (5, 0)
    >>> len(affine_schedule(8, 4, 9)), count_repeats(affine_schedule(8, 4, 9))
    (9, 0)
    """
    if size > groups or groups < 2:
        return []
    f = _gf(groups)
    if f is None:
        return []
    add, mul = f
    out: list[list[list[int]]] = []
    for k in range(min(weeks, groups)):
        tables: list[list[int]] = [[] for _ in range(groups)]
        for x in range(size):
            for y in range(groups):
                tables[add[y][mul[k][x]]].append(x * groups + y)
        out.append(tables)
    if len(out) < weeks and groups % size == 0:
        tables = []
        for x in range(size):
            col = [x * groups + y for y in range(groups)]
            tables += [col[i : i + size] for i in range(0, groups, size)]
        out.append(tables)
    return out


# ------------------------------------------------------------------------------------------ the solver


def _check_d(d: npt.ArrayLike) -> FloatArray:
    arr = np.asarray(d, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1]:
        raise InvalidInput(f"d must be a square matrix, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise InvalidInput("d has a value that is not finite")
    return np.ascontiguousarray((arr + arr.T) / 2.0)


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


def _target_sizes(n: int, lo: IntArray, hi: IntArray, need: IntArray) -> IntArray:
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


def _greedy_round(
    k: int,
    n: int,
    target: IntArray,
    seats: IntArray,
    w: FloatArray,
    C: npt.NDArray[np.int32],
    rng: np.random.Generator,
) -> IntArray:
    """One round: fixed seats (``seats >= 0``) first, then the others in random order, each at the open table
    where it adds the least penalty (repeats count heavily) and the most ``w``."""
    m = target.shape[0]
    a = seats.copy()
    count = np.bincount(a[a >= 0], minlength=m).astype(np.int64)
    members: list[list[int]] = [[] for _ in range(m)]
    for i in np.where(a >= 0)[0]:
        members[int(a[i])].append(int(i))
    big = float(np.abs(w).max() + 1.0) * 1000.0
    for i in rng.permutation(np.where(a < 0)[0]):
        best_t, best_v = -1, -math.inf
        for t in range(m):
            if count[t] >= target[t]:
                continue
            mem = members[t]
            v = float(w[i, mem].sum()) - big * float(C[i, mem].sum()) if mem else 0.0
            v += 1e-6 * float(target[t] - count[t])  # prefer emptier tables on ties
            if v > best_v:
                best_t, best_v = t, v
        a[i] = best_t
        count[best_t] += 1
        members[best_t].append(int(i))
        for j in members[best_t]:
            if j != i:
                C[i, j] += 1
                C[j, i] += 1
    return a


def _freedom_round(
    n: int, m: int, size: int, met: npt.NDArray[np.bool_], rng: np.random.Generator
) -> IntArray:
    """One round of equal tables built by the freedom heuristic (Triska and Musliu, 2012): each table starts
    with the not-yet-met pair that leaves the most unplaced people free of both, then grows with the person
    who met nobody at the table and leaves the most people free; conflicts only when nothing else is left."""
    a = np.full(n, -1, dtype=np.int64)
    free = ~met
    np.fill_diagonal(free, False)
    noise = rng.random((n, n)) * 1e-3
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
            group = [int(rng.choice(np.where(un)[0]))]
        for p in group:
            a[p] = t
        while len(group) < size:
            un = a < 0
            cand = np.where(un)[0]
            conflicts = (~free[np.ix_(cand, np.array(group, dtype=np.int64))]).sum(axis=1)
            allfree = free[group].all(axis=0) & un
            fr = (free[np.ix_(cand, np.where(allfree)[0])]).sum(axis=1).astype(np.float64)
            val = -1e6 * conflicts + fr + rng.random(cand.size) * 1e-3
            p = int(cand[int(np.argmax(val))])
            a[p] = t
            group.append(p)
    return a


def _relabel(sched: Sequence[Sequence[Sequence[int]]], rng: np.random.Generator, n: int) -> list[list[list[int]]]:
    perm = rng.permutation(n)
    return [[[int(perm[p]) for p in t] for t in rnd] for rnd in sched]


def solve_rounds(
    d: npt.ArrayLike,
    *,
    rounds: int,
    tables: int,
    lower: int | Sequence[int],
    upper: int | Sequence[int],
    history: Iterable[tuple[int, int]] = (),
    organisation: Sequence[object] | None = None,
    forbidden: Iterable[tuple[int, int]] = (),
    fixed: Mapping[int | tuple[int, int], int] | None = None,
    previous: Sequence[Sequence[Sequence[int]]] | None = None,
    locked: Iterable[int] = (),
    change_penalty: float | None = None,
    initial: Sequence[Sequence[Sequence[int]]] | None = None,
    seconds: float = 5.0,
    seed: int | None = None,
    max_iterations: int | None = None,
    progress: Progress | None = None,
    tuning: Mapping[str, float] | None = None,
    cpu_time: bool = False,
) -> RoundsResult:
    """Seat ``n`` people at ``tables`` tables in each of ``rounds`` rounds (see the module docstring).

    Parameters
    ----------
    d : (n, n) array_like
        Pairwise diversity (symmetric; the diagonal is ignored). Higher is better.
    rounds, tables : int
        Number of rounds and tables per round.
    lower, upper : int or sequence of int
        Minimum and maximum table sizes (one value, or one per table).
    history : iterable of (int, int)
        Pairs that met before: meeting again counts as a repeat.
    organisation : sequence, optional
        One label per person; tablemates with equal labels are penalised (``None`` or ``""``: no organisation).
    forbidden : iterable of (int, int)
        Pairs that must never share a table.
    fixed : mapping, optional
        ``{person: table}`` (every round) or ``{(person, round): table}``.
    previous : rounds of tables of ids, optional
        An earlier plan: seats that differ from it cost ``change_penalty`` each; people not in it are free.
    locked : iterable of int
        People who keep their ``previous`` seat in every round that ``previous`` has.
    change_penalty : float, optional
        Cost of a changed seat; default: more than any diversity gain of one move, less than any repeat.
    initial : rounds of tables of ids, optional
        A start plan (e.g. from a bank of known schedules); fixed and locked seats override it.
    seconds : float
        Time limit of the search (stops earlier when no penalty is left and ``d`` is constant).
    seed : int, optional
        Random seed; with ``max_iterations`` the result is reproducible.
    max_iterations : int, optional
        Budget of tabu iterations.
    progress : callable, optional
        Called as ``progress(fraction_done, best_score)``.
    cpu_time : bool
        Measure ``seconds`` (and the reported time) in CPU time of this process instead of wall time (fairer
        on a loaded machine).
    tuning : mapping, optional
        Expert knobs of the tabu search: ``freedom`` (0: greedy instead of the freedom heuristic for pure golfer
        instances), ``restart`` (iterations without a new best before a random restart), ``tenure_min``, ``tenure_max``, ``stagnation`` (iterations without
        improvement before a perturbation from the best plan), ``perturb`` (random swaps then), ``candidates``
        (people examined per round and iteration), ``all_rounds`` (1: examine every round each iteration),
        ``fair`` (weight of the per-person repeat term relative to a repeat; default 0.1 when repeats are
        forced by counting or by the pigeonhole principle, else 0, which scores moves in O(1)).

    Returns
    -------
    RoundsResult

    Raises
    ------
    InvalidInput
        Malformed input (shapes, ids, bounds).
    Infeasible
        Sizes cannot hold everyone, fixed seats conflict, or a forbidden pair could not be separated.

    Examples
    --------
    >>> import numpy as np
    >>> res = solve_rounds(np.ones((9, 9)), rounds=4, tables=3, lower=3, upper=3, seed=1, seconds=2)
    >>> res.repeat_pairs, [len(t) for t in res.rounds[0]]
    (0, [3, 3, 3])
    >>> res = solve_rounds(np.ones((6, 6)), rounds=2, tables=2, lower=3, upper=3,
    ...                    organisation=["a", "a", "b", "b", "c", "c"], fixed={0: 0, (1, 1): 0}, seed=1,
    ...                    max_iterations=2000)
    >>> res.same_org_pairs, res.rounds[0][0][0], res.rounds[1][0][:2]
    (2, 0, (0, 1))
    """
    clock = time.process_time if cpu_time else time.perf_counter
    t0 = clock()
    dm = _check_d(d)
    n = dm.shape[0]
    if rounds < 1 or tables < 1:
        raise InvalidInput("rounds and tables must be at least 1")
    if n < 1:
        raise InvalidInput("there are no people")
    m = tables
    lo, hi = _bounds(m, lower, upper)
    if int(lo.sum()) > n or int(hi.sum()) < n:
        raise Infeasible(f"{n} people cannot fill {m} tables of sizes {int(lo.min())}..{int(hi.max())}")
    np.fill_diagonal(dm, 0.0)
    rng = np.random.default_rng(seed)
    seed_int = int(rng.integers(1, 2**31 - 1))

    # --- pair data
    hist = np.zeros((n, n), dtype=np.int32)
    for p in history:
        a_, b_ = _pair(p, n, "history")
        hist[a_, b_] = hist[b_, a_] = 1
    bad = np.zeros((n, n), dtype=np.bool_)
    forb = np.zeros((n, n), dtype=np.bool_)
    for p in forbidden:
        a_, b_ = _pair(p, n, "forbidden")
        forb[a_, b_] = forb[b_, a_] = True
    org = None
    if organisation is not None:
        if len(organisation) != n:
            raise InvalidInput(f"organisation has {len(organisation)} entries for {n} people")
        labels = {v: i for i, v in enumerate(dict.fromkeys(o for o in organisation if o not in (None, "")))}
        org = np.array([labels.get(o, -1) if o not in (None, "") else -1 for o in organisation], dtype=np.int64)
        same = (org[:, None] == org[None, :]) & (org[:, None] >= 0)
        np.fill_diagonal(same, False)
    else:
        same = np.zeros((n, n), dtype=np.bool_)
    bad = same | forb
    smax = int(hi.max())
    span = float(dm.max() - dm.min()) if n > 1 else 0.0
    base = max(1.0, 2.0 * smax * span + 1.0)
    w_rep = 100.0 * base
    w_org = 100.0 * base
    tune = dict(tuning or {})
    # The per-person term (fair spread of repeats) costs O(table size) per evaluated move; without it a move is
    # scored in O(1). It is used by default only when repeats are forced: by counting (more tablemates over
    # the rounds than other people, history included) or by the pigeonhole principle (tables larger than the
    # table count make the second round meet first-round tablemates).
    degree = int(hist.sum(axis=1).max()) if n else 0
    forced = (rounds >= 2 and int(lo.min()) > m) or rounds * (int(hi.max()) - 1) > n - 1 - degree
    w_fair = float(tune.get("fair", 0.1 if forced else 0.0)) * w_rep
    w_forbid = 1000.0 * w_rep * max(1, rounds)
    w_change = float(change_penalty) if change_penalty is not None else base
    w = dm - w_org * same - w_forbid * forb
    np.fill_diagonal(w, 0.0)

    # --- seats that cannot move
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
    prev = np.full((rounds, n), -1, dtype=np.int64)
    if previous is not None:
        for k, rnd in enumerate(previous[:rounds]):
            for t, table in enumerate(rnd):
                if t >= m:
                    continue  # the table no longer exists: its people are free
                for i in table:
                    if 0 <= int(i) < n:
                        prev[k, int(i)] = t
    for i in locked:
        if not 0 <= int(i) < n:
            raise InvalidInput(f"locked person {i!r} is out of range")
        for k in range(rounds):
            if prev[k, int(i)] >= 0:
                if seats[k, int(i)] >= 0 and seats[k, int(i)] != prev[k, int(i)]:
                    raise Infeasible(f"person {i} is locked and fixed to another table in round {k}")
                seats[k, int(i)] = prev[k, int(i)]
    for k in range(rounds):
        fixed_here = np.where(seats[k] >= 0)[0]
        cnt = np.bincount(seats[k, fixed_here], minlength=m)
        if np.any(cnt > hi):
            raise Infeasible(f"round {k}: more fixed seats at a table than it has places")
        for u in fixed_here:
            for v in fixed_here:
                if u < v and seats[k, u] == seats[k, v] and forb[u, v]:
                    raise Infeasible(f"round {k}: forbidden pair ({u}, {v}) is fixed at one table")
    movable = seats < 0

    # --- initial plan
    start = [list(map(list, rnd)) for rnd in initial] if initial is not None else []

    # pure golfer instances (equal tables, constant d, nothing fixed): fresh rounds by the freedom heuristic
    golferlike = (
        n <= 150
        and bool(np.all(lo == hi)) and not np.any(seats >= 0) and previous is None and float(np.ptp(dm)) == 0.0
        and not np.any(same) and not np.any(forb) and int(tune.get("freedom", 1)) == 1
    )

    def build(use_start: bool) -> IntArray:
        a = np.empty((rounds, n), dtype=np.int64)
        Cg = hist.copy()
        for k in range(rounds):
            need = np.bincount(seats[k][seats[k] >= 0], minlength=m).astype(np.int64)
            if use_start and k < len(start) and _valid_round(start[k], n, m, lo, hi):
                ak = np.empty(n, dtype=np.int64)
                for t, table in enumerate(start[k]):
                    ak[list(table)] = t
                ok = bool(np.all((seats[k] < 0) | (seats[k] == ak)))
                if ok:
                    a[k] = ak
                    _count_round(ak, m, Cg)
                    continue
            if previous is not None and np.all(prev[k] >= 0) and np.all((seats[k] < 0) | (seats[k] == prev[k])):
                szp = np.bincount(prev[k], minlength=m)
                if np.all(szp >= lo) and np.all(szp <= hi):
                    a[k] = prev[k]
                    _count_round(prev[k], m, Cg)
                    continue
            seats_k = seats[k].copy()
            if previous is not None:
                target = _target_sizes(n, lo, hi, need)
                # keep previous seats where they fit (late arrivals and no-shows change little)
                cnt = need.copy()
                for i in rng.permutation(n):
                    t = prev[k, i]
                    if seats_k[i] < 0 and t >= 0 and cnt[t] < target[t]:
                        seats_k[i] = t
                        cnt[t] += 1
            else:
                target = _target_sizes(n, lo, hi, need)
            if golferlike:
                a[k] = _freedom_round(n, m, int(lo[0]), Cg > 0, rng)
                _count_round(a[k], m, Cg)
                continue
            a[k] = _greedy_round(k, n, target, seats_k, w, Cg, rng)
        return a

    a = build(True)

    # --- search
    mcap = int(hi.max())
    mem = np.zeros((rounds, m, mcap), dtype=np.int64)
    sz = np.zeros((rounds, m), dtype=np.int64)
    pos = np.zeros((rounds, n), dtype=np.int64)
    C = np.zeros((n, n), dtype=np.int32)
    R = np.zeros(n, dtype=np.int64)
    K.rebuild(a, hist, mem, sz, pos, C, R)
    fast = w_fair == 0.0
    S = np.zeros((rounds, n, m) if fast else (1, 1, 1), dtype=np.int64)
    Wt = np.zeros((rounds, n, m) if fast else (1, 1, 1), dtype=np.float64)
    if fast:
        K.build_sums(a, mem, sz, C, w, S, Wt)
    target_score = math.inf
    if span == 0.0 and not np.any(same) and previous is None and bool(np.all(lo == hi)):
        target_score = float(dm.max()) * _pairs_in(hi) * rounds
    fparams = np.array([w_rep, w_fair, w_change, target_score], dtype=np.float64)
    movable_count = int(movable.sum())
    small = n <= 64
    istate = np.array(
        [
            0,
            0,
            int(tune.get("tenure_min", 2)),
            int(tune.get("tenure_max", 10 if small else 20)),
            int(tune.get("stagnation", 3000 if small else 800)),
            int(tune.get("candidates", n if small else (6 if w_fair > 0 else 32))),
            int(tune.get("all_rounds", 1 if n * rounds <= 400 else 0)),
            int(tune.get("perturb", max(2, n // 8))),
            1 if np.any(lo != hi) else 0,
            int(tune.get("from_best", 1)),
        ],
        dtype=np.int64,
    )
    cur = float(K.score(a, mem, sz, C, R, w, prev, fparams))
    fstate = np.array([cur, cur], dtype=np.float64)
    best_a = a.copy()
    tabu = np.zeros((rounds, n), dtype=np.int64)
    iterations = 0
    chunk = 200 if n > 64 else 1000
    budget = max_iterations if max_iterations is not None else None
    restart_after = int(tune.get("restart", 10 * int(istate[K.I_STAG])))
    c_index = 0
    top_score = float(fstate[K.S_BEST])
    top_a = a.copy()
    improved_at = 0
    if movable_count > 1 and m > 1 and rounds > 0:
        while True:
            step = chunk if budget is None else min(chunk, budget - iterations)
            if step <= 0:
                break
            done = int(
                K.search(a, mem, sz, pos, C, R, tabu, best_a, lo, hi, w, bad, hist, prev, movable, fparams,
                         istate, fstate, step, seed_int + c_index, S, Wt)
            )
            c_index += 1
            iterations += done
            # re-synchronise the running score (no drift)
            fstate[K.S_CUR] = float(K.score(a, mem, sz, C, R, w, prev, fparams))
            if fstate[K.S_BEST] > top_score + 1e-9:
                top_score = float(fstate[K.S_BEST])
                top_a = best_a.copy()
                improved_at = iterations
            elapsed = clock() - t0
            if progress is not None:
                frac = iterations / budget if budget else min(1.0, elapsed / max(seconds, 1e-9))
                progress(min(1.0, frac), top_score)
            if done < step or top_score >= target_score - 1e-9:
                break
            if budget is None and elapsed >= seconds:
                break
            if previous is None and iterations - improved_at > restart_after:
                # random restart: a fresh greedy plan (the best plan so far is kept aside)
                a = build(False)
                K.rebuild(a, hist, mem, sz, pos, C, R)
                if fast:
                    K.build_sums(a, mem, sz, C, w, S, Wt)
                best_a = a.copy()
                cur = float(K.score(a, mem, sz, C, R, w, prev, fparams))
                fstate[K.S_CUR] = cur
                fstate[K.S_BEST] = cur
                tabu[:, :] = 0
                istate[K.I_LAST] = istate[K.I_IT]
                improved_at = iterations
    best_a = top_a
    a = best_a
    K.rebuild(a, hist, mem, sz, pos, C, R)
    sched = tuple(
        tuple(tuple(sorted(int(i) for i in np.where(a[k] == t)[0])) for t in range(m)) for k in range(rounds)
    )
    objective = 0.0
    same_pairs = 0
    forb_pairs = 0
    for rnd in sched:
        for table in rnd:
            for u in range(len(table)):
                for v in range(u + 1, len(table)):
                    objective += float(dm[table[u], table[v]])
                    same_pairs += int(same[table[u], table[v]])
                    forb_pairs += int(forb[table[u], table[v]])
    if forb_pairs:
        raise Infeasible(f"the search could not separate {forb_pairs} forbidden pair(s) within the sizes given")
    rep = np.maximum(C - 1, 0)
    repeat_pairs = int(np.triu(rep, 1).sum())
    changed = int(np.sum((prev >= 0) & (prev != a)))
    return RoundsResult(
        rounds=sched,
        objective=objective,
        repeat_pairs=repeat_pairs,
        same_org_pairs=same_pairs,
        forbidden_pairs=forb_pairs,
        changed_seats=changed,
        max_repeats_per_person=int(rep.sum(axis=1).max()) if n else 0,
        seconds=clock() - t0,
        iterations=iterations,
    )


def _pairs_in(sizes: IntArray) -> int:
    return int(sum(int(s) * (int(s) - 1) // 2 for s in sizes))


def _valid_round(rnd: Sequence[Sequence[int]], n: int, m: int, lo: IntArray, hi: IntArray) -> bool:
    if len(rnd) != m:
        return False
    people = sorted(int(p) for t in rnd for p in t)
    if people != list(range(n)):
        return False
    return all(lo[t] <= len(rnd[t]) <= hi[t] for t in range(m))


def _count_round(ak: IntArray, m: int, C: npt.NDArray[np.int32]) -> None:
    for t in range(m):
        idx = np.where(ak == t)[0]
        for u in idx:
            for v in idx:
                if u != v:
                    C[u, v] += 1


def warm_up() -> None:
    """Compile (or load from numba's cache) the kernels on a tiny instance, so that a later call's time limit
    is spent searching (a web worker can call this at start-up).

    >>> warm_up()
    """
    solve_rounds(np.zeros((4, 4)), rounds=2, tables=2, lower=1, upper=3, organisation=["a", "b", "a", "b"],
                 previous=[[[0, 1], [2, 3]]], max_iterations=5, seed=0)


def solve_golfer(
    groups: int,
    size: int,
    weeks: int,
    *,
    seconds: float = 60.0,
    seed: int | None = None,
    max_iterations: int | None = None,
    bank: Mapping[tuple[int, int], Schedule] | None = None,
    construct: bool = True,
    progress: Progress | None = None,
    tuning: Mapping[str, float] | None = None,
    cpu_time: bool = False,
) -> RoundsResult:
    """The social golfer problem: ``groups`` tables of ``size`` for ``weeks`` rounds, fewest repeats.

    The start is the affine-plane construction when ``groups`` is a prime power (``construct``), else a
    greedy plan; with a ``bank`` (see :func:`load_golfer_bank`) holding a schedule of the same ``(groups,
    size)`` and at least ``weeks`` rounds, its first rounds (randomly relabelled) are the start. The tabu search
    then removes the remaining repeats; the result is always checked.

    >>> res = solve_golfer(5, 3, 7, seconds=30, seed=3)
    >>> res.repeat_pairs
    0
    >>> len(res.rounds), sorted(len(t) for t in res.rounds[6])
    (7, [3, 3, 3, 3, 3])
    """
    if groups < 1 or size < 1 or weeks < 1:
        raise InvalidInput("groups, size and weeks must be at least 1")
    n = groups * size
    rng = np.random.default_rng(seed)
    initial: list[list[list[int]]] | None = None
    if bank is not None and (groups, size) in bank and len(bank[(groups, size)]) >= weeks:
        initial = _relabel(bank[(groups, size)][:weeks], rng, n)
    elif construct:
        aff = affine_schedule(groups, size, weeks)
        if aff:
            initial = _relabel(aff, rng, n)
    return solve_rounds(
        np.zeros((n, n)),
        rounds=weeks,
        tables=groups,
        lower=size,
        upper=size,
        initial=initial,
        seconds=seconds,
        seed=int(rng.integers(0, 2**31 - 1)),
        max_iterations=max_iterations,
        progress=progress,
        tuning={"fair": 0.0, **(tuning or {})},
        cpu_time=cpu_time,
    )

"""The Maximally Diverse Grouping Problem (MDGP): split n elements into m groups.

Group g holds between ``lower[g]`` and ``upper[g]`` elements; the objective, to maximise, is
the sum of ``d[i, j]`` over all pairs i < j in the same group.

The solver is a memetic search (population + crossover) whose improvement step is the iterated
maxima search (IMS) of Lai & Hao (2016), organised like the three-phase search with dynamic
population size (TPSDP) of Yang, Cai, Jin, Tang & Gao (2022):

1. *local optimisation*: first-improvement descent over the one-move (respecting the size bounds)
   and swap neighbourhoods, with O(1) move evaluation through the element-to-group sum matrix
   ``W[g, i] = sum_{j in g} d[i, j]`` and an O(n) update per applied move; around each local
   optimum a *maxima search* applies a weak perturbation (3 times the best of n sampled
   neighbours) and descends again from the best local optimum, until ``alpha`` = 3 local optima
   in a row bring no improvement;
2. *perturbation*: an IMS walk of ``rounds`` rounds, each a strong random perturbation (n/m random
   moves or swaps) of the current local optimum followed by a maxima search; the walk continues
   from every new local optimum and keeps the best;
3. *population crossover*: a group-based crossover of two members (copy the most diverse groups,
   alternating between the parents; complete greedily), improved by phases 1 and 2; the child
   replaces the worst member if better and not a duplicate. The population size shrinks linearly
   from its initial size (8) to 2 over the run (the "dynamic population size" of TPSDP).

This is our own implementation of these published ideas, not a port of either paper's code; the
measured gaps to the best-known values are in ``bench/results/mdgp-*.txt``.

The hot loops are numba-compiled (:mod:`optimiser.research.mdgp_kernels`, ``cache=True``). Compilation (or
loading the cached machine code) happens in a warm-up on a tiny instance *before* the clock of a
solve starts, so it never counts against ``seconds``; the first call in a process can therefore
take a few seconds longer than ``seconds`` when no cache exists yet.

Reproducibility: with the same ``seed`` and a ``max_iterations`` budget that is reached before the
time limit, the result is identical (all randomness comes from a generator seeded by ``seed``,
and every decision depends on iteration counts only). With a time limit alone, how far the search
gets depends on the machine's speed and load, so results may differ between runs.
"""

from __future__ import annotations

import math
import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from optimiser.errors import Infeasible, InvalidInput
from optimiser.research import mdgp_kernels as k

__all__ = ["MdgpResult", "objective_of", "solve_mdgp"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_WARM = False


@dataclass(frozen=True)
class MdgpResult:
    """The result of :func:`solve_mdgp`.

    Attributes
    ----------
    groups : list of list of int
        The element ids of each group, sorted; ``groups[g]`` is group g (bounds ``lower[g]``,
        ``upper[g]``).
    assignment : list of int
        The group of each element.
    objective : float
        Sum of ``d[i, j]`` over the pairs in the same group, recomputed from ``groups``.
    feasible : bool
        True when every group size lies within its bounds and every fixed element sits in its
        group (always the case for a returned result; forbidden pairs expressed as large
        negative diversities are not checked here: look at ``objective`` or the pairs).
    seconds : float
        Time of the search (wall clock, or CPU time with ``cpu_time=True``; numba compilation
        excluded).
    iterations : int
        Number of descents (local optimisations) performed.
    """

    groups: list[list[int]]
    assignment: list[int]
    objective: float
    feasible: bool
    seconds: float
    iterations: int


def objective_of(d: npt.ArrayLike, groups: Sequence[Sequence[int]]) -> float:
    """Sum of ``d[i, j]`` over all pairs i < j inside each group.

    Parameters
    ----------
    d : array_like, shape (n, n)
        Symmetric diversities.
    groups : sequence of sequences of int
        Element ids per group.

    Returns
    -------
    float
        The MDGP objective.

    Examples
    --------
    >>> import numpy as np
    >>> d = np.array([[0, 1, 2], [1, 0, 3], [2, 3, 0]], dtype=float)
    >>> objective_of(d, [[0, 1, 2]])
    6.0
    >>> objective_of(d, [[0, 2], [1]])
    2.0
    """
    arr = np.asarray(d, dtype=np.float64)
    total = 0.0
    for group in groups:
        ids = np.asarray(list(group), dtype=np.int64)
        if ids.size > 1:
            sub = arr[np.ix_(ids, ids)]
            total += float(np.triu(sub, 1).sum())
    return total


def _warm_up() -> None:
    global _WARM
    if not _WARM:
        k.warm_up()
        _WARM = True


def _seed_state(seed: int) -> npt.NDArray[np.uint64]:
    """A non-zero xorshift state from any integer seed (splitmix64 finaliser)."""
    mask = (1 << 64) - 1
    z = (seed * 0x9E3779B97F4A7C15 + 0x9E3779B97F4A7C15) & mask
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
    z ^= z >> 31
    return np.array([z or 0x2545F4914F6CDD1D], dtype=np.uint64)


def _validate(
    d: npt.ArrayLike,
    lower: Sequence[int],
    upper: Sequence[int],
    fixed: Mapping[int, int] | None,
) -> tuple[FloatArray, IntArray, IntArray, IntArray]:
    try:
        arr = np.array(d, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"d must be a numeric (n, n) array: {exc}") from exc
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1]:
        raise InvalidInput(f"d must be a square (n, n) array, got shape {arr.shape}")
    n = arr.shape[0]
    if n == 0:
        raise InvalidInput("d is empty: there must be at least one element")
    if not np.all(np.isfinite(arr)):
        raise InvalidInput("d must be finite (use a large negative value, not -inf, to forbid a pair)")
    if not np.allclose(arr, arr.T, rtol=1e-9, atol=1e-9):
        raise InvalidInput("d must be symmetric")
    np.fill_diagonal(arr, 0.0)
    arr = np.ascontiguousarray(arr)
    try:
        lo = np.array([_as_int(x, "lower") for x in lower], dtype=np.int64)
        up = np.array([_as_int(x, "upper") for x in upper], dtype=np.int64)
    except TypeError as exc:
        raise InvalidInput(f"lower and upper must be sequences of integers: {exc}") from exc
    m = lo.shape[0]
    if m == 0:
        raise InvalidInput("there must be at least one group (lower and upper are empty)")
    if up.shape[0] != m:
        raise InvalidInput(f"lower has {m} bounds but upper has {up.shape[0]}")
    bad = np.flatnonzero((lo < 0) | (up < lo))
    if bad.size:
        g = int(bad[0])
        raise InvalidInput(f"group {g}: bounds must satisfy 0 <= lower <= upper, got {lo[g]}..{up[g]}")
    if int(lo.sum()) > n or int(up.sum()) < n:
        raise InvalidInput(
            f"the size bounds cannot hold n={n} elements: sum(lower)={int(lo.sum())}, "
            f"sum(upper)={int(up.sum())}"
        )
    fixed_group = np.full(n, -1, dtype=np.int64)
    for key, value in (fixed or {}).items():
        i = _as_int(key, "fixed element")
        g = _as_int(value, "fixed group")
        if not 0 <= i < n:
            raise InvalidInput(f"fixed element {i} is out of range 0..{n - 1}")
        if not 0 <= g < m:
            raise InvalidInput(f"fixed element {i}: group {g} is out of range 0..{m - 1}")
        fixed_group[i] = g
    counts = np.bincount(fixed_group[fixed_group >= 0], minlength=m)
    over = np.flatnonzero(counts > up)
    if over.size:
        g = int(over[0])
        raise Infeasible(f"group {g} has {int(counts[g])} fixed elements but holds at most {int(up[g])}")
    n_free = int((fixed_group < 0).sum())
    if int(np.maximum(lo - counts, 0).sum()) > n_free:
        raise Infeasible("too few free elements to bring every group to its lower bound")
    return arr, lo, up, fixed_group


def _as_int(x: object, what: str) -> int:
    if isinstance(x, bool) or not isinstance(x, int | np.integer):
        raise InvalidInput(f"{what} must be an integer, got {x!r}")
    return int(x)


def _repair(
    d: FloatArray, start: IntArray, fixed_group: IntArray, lower: IntArray, upper: IntArray
) -> IntArray:
    """Make ``start`` feasible with few moves: fixed elements first, then size bounds (best gain)."""
    m = lower.shape[0]
    assign = start.copy()
    free = fixed_group < 0
    assign[~free] = fixed_group[~free]
    sizes = np.bincount(assign, minlength=m).astype(np.int64)
    wt = k.build_wt(d, assign, m)

    def best_move(from_groups: IntArray, to_groups: IntArray) -> tuple[int, int]:
        best = (-math.inf, -1, -1)
        for g in from_groups:
            members = np.flatnonzero((assign == g) & free)
            for h in to_groups:
                if h == g or members.size == 0:
                    continue
                gains = wt[h, members] - wt[g, members]
                a = int(np.argmax(gains))
                if gains[a] > best[0]:
                    best = (float(gains[a]), int(members[a]), int(h))
        return best[1], best[2]

    while True:
        over = np.flatnonzero(sizes > upper)
        under = np.flatnonzero(sizes < lower)
        if over.size:
            to = under if under.size else np.flatnonzero(sizes < upper)
            i, h = best_move(over, to)
        elif under.size:
            i, h = best_move(np.flatnonzero(sizes > lower), under)
        else:
            return assign
        if i < 0:  # pragma: no cover - excluded by the feasibility checks in _validate
            raise Infeasible("cannot repair the initial assignment")
        k.apply_move(d, wt, assign, sizes, i, h)


class _Clock:
    def __init__(self, seconds: float, max_iterations: int | None, cpu_time: bool = False) -> None:
        self.now = time.process_time if cpu_time else time.perf_counter
        self.start = self.now()
        self.seconds = seconds
        self.max_iterations = max_iterations
        self.iterations = 0

    def elapsed(self) -> float:
        return self.now() - self.start

    def done(self) -> bool:
        if self.max_iterations is not None and self.iterations >= self.max_iterations:
            return True
        return self.elapsed() >= self.seconds

    def fraction(self) -> float:
        """Progress of the run; with an iteration budget it depends on iterations only."""
        if self.max_iterations is not None:
            return min(1.0, self.iterations / self.max_iterations)
        return min(1.0, self.elapsed() / self.seconds)


#: Tuning knobs (see bench/README.md for how they were chosen); tests and benchmarks may override.
PARAMS: dict[str, float] = {
    "p0": 8,
    "alpha": 3,
    "strength": 3,
    "strong": 1.0,
    "p_perturb": 0.0,
    "rounds": 30,
    "rounds0": 30,
}


def _default_params(n: int) -> tuple[int, int, int]:
    """(initial population size, maxima-search alpha, weak perturbation strength)."""
    return int(PARAMS["p0"]), int(PARAMS["alpha"]), int(PARAMS["strength"])


def solve_mdgp(
    d: npt.ArrayLike,
    lower: Sequence[int],
    upper: Sequence[int],
    *,
    seconds: float = 10.0,
    seed: int | None = None,
    fixed: Mapping[int, int] | None = None,
    initial: Sequence[int] | None = None,
    max_iterations: int | None = None,
    progress: Callable[[float], object] | None = None,
    cpu_time: bool = False,
) -> MdgpResult:
    """Solve the Maximally Diverse Grouping Problem.

    Parameters
    ----------
    d : array_like, shape (n, n)
        Symmetric diversities; the diagonal is ignored. A large negative value (e.g. -1e6)
        discourages, in effect forbids, a pair.
    lower, upper : sequence of int, length m
        Size bounds of each group.
    seconds : float
        Time limit of the search (numba compilation excluded, see the module docstring).
    seed : int, optional
        Seed of the random generator; None draws one.
    fixed : mapping of int to int, optional
        Element -> group it must stay in; fixed elements are never moved.
    initial : sequence of int, optional
        A starting assignment (group per element); it is first made feasible with few changes
        (fixed elements set, size bounds repaired) and the search starts from it.
    max_iterations : int, optional
        Budget of descents (local optimisations); with a seed it makes the result reproducible.
    progress : callable, optional
        Called now and then with the fraction of the budget used (0..1).
    cpu_time : bool
        Measure ``seconds`` in CPU time of this process instead of wall-clock time (as the
        literature's benchmarks do; fairer on a loaded machine). Default False.

    Returns
    -------
    MdgpResult

    Raises
    ------
    InvalidInput
        Malformed input: shapes, bounds that cannot hold n elements, out-of-range ids.
    Infeasible
        The fixed elements cannot be completed into a feasible grouping.

    Examples
    --------
    >>> import numpy as np
    >>> d = np.array([[0, 9, 1, 1], [9, 0, 1, 1], [1, 1, 0, 9], [1, 1, 9, 0]], dtype=float)
    >>> r = solve_mdgp(d, [2, 2], [2, 2], seconds=1, seed=1, max_iterations=20)
    >>> sorted(r.groups), r.objective, r.feasible
    ([[0, 1], [2, 3]], 18.0, True)
    >>> r = solve_mdgp(d, [2, 2], [2, 2], seed=1, fixed={0: 1, 2: 1}, max_iterations=20)
    >>> r.groups, r.objective
    ([[1, 3], [0, 2]], 2.0)
    """
    arr, lo, up, fixed_group = _validate(d, lower, upper, fixed)
    if not (isinstance(seconds, int | float) and math.isfinite(seconds) and seconds > 0):
        raise InvalidInput(f"seconds must be a positive number, got {seconds!r}")
    if max_iterations is not None and (not isinstance(max_iterations, int) or max_iterations < 1):
        raise InvalidInput(f"max_iterations must be a positive integer, got {max_iterations!r}")
    n = arr.shape[0]
    m = lo.shape[0]
    start_assign: IntArray | None = None
    if initial is not None:
        start_assign = np.array([_as_int(x, "initial group") for x in initial], dtype=np.int64)
        if start_assign.shape != (n,):
            raise InvalidInput(f"initial must give a group for each of the {n} elements")
        if start_assign.size and (start_assign.min() < 0 or start_assign.max() >= m):
            raise InvalidInput(f"initial groups must lie in 0..{m - 1}")
    if seed is None:
        seed = secrets.randbits(63)
    state = _seed_state(int(seed))

    _warm_up()
    clock = _Clock(float(seconds), max_iterations, cpu_time)
    best = _search(arr, lo, up, fixed_group, start_assign, state, clock, progress)
    elapsed = clock.elapsed()
    if progress is not None:
        progress(1.0)

    groups = [sorted(int(i) for i in np.flatnonzero(best == g)) for g in range(m)]
    sizes = np.array([len(g) for g in groups])
    feasible = bool(np.all(sizes >= lo) and np.all(sizes <= up)) and bool(
        np.all((fixed_group < 0) | (fixed_group == best))
    )
    return MdgpResult(
        groups=groups,
        assignment=[int(g) for g in best],
        objective=objective_of(arr, groups),
        feasible=feasible,
        seconds=elapsed,
        iterations=clock.iterations,
    )


def _search(
    d: FloatArray,
    lower: IntArray,
    upper: IntArray,
    fixed_group: IntArray,
    start: IntArray | None,
    state: npt.NDArray[np.uint64],
    clock: _Clock,
    progress: Callable[[float], object] | None,
) -> IntArray:
    n = d.shape[0]
    m = lower.shape[0]
    movable = np.flatnonzero(fixed_group < 0).astype(np.int64)
    p0, alpha, strength = _default_params(n)
    # strong perturbation of the IMS walk: n/m random moves (1.5 n/m above n=400), as Lai & Hao
    strong = max(2, int(PARAMS["strong"] * (1.0 if n <= 400 else 1.5) * n / m))
    big = 1 << 40

    # rounds per kernel call: the time limit is checked between calls (a round is ~1 ms at n=120)
    chunk = 1 if n >= 100 else 8

    def budget() -> int:
        if clock.max_iterations is None:
            return big
        return max(1, clock.max_iterations - clock.iterations)

    def improve(assign: IntArray, rounds: int) -> tuple[IntArray, float]:
        """Phases 1-2: a maxima search, then an IMS walk of ``rounds`` rounds; returns its best."""
        sizes = np.bincount(assign, minlength=m).astype(np.int64)
        wt = k.build_wt(d, assign, m)
        f, count = k.maxima_search(
            d, wt, assign, sizes, lower, upper, movable, state, alpha, strength, budget()
        )
        clock.iterations += int(count)
        best_a, best_wt, best_sizes = assign.copy(), wt.copy(), sizes.copy()
        best_f = np.array([f])
        done = 0
        while done < rounds and not clock.done():
            step = min(chunk, rounds - done)
            count = k.ims_rounds(
                d, wt, assign, sizes, lower, upper, movable, state, step, strong, alpha, strength, budget(),
                best_a, best_wt, best_sizes, best_f,
            )  # fmt: skip
            clock.iterations += int(count)
            done += step
        return best_a, float(best_f[0])

    def fresh() -> IntArray:
        assign = fixed_group.copy()
        sizes = np.bincount(assign[assign >= 0], minlength=m).astype(np.int64)
        k.random_assignment(assign, sizes, lower, upper, movable, state)
        return assign

    pop: list[IntArray] = []
    fit: list[float] = []
    best: IntArray | None = None
    best_f = -math.inf
    last_report = 0.0

    def consider(assign: IntArray, f: float) -> None:
        nonlocal best, best_f
        if best is None or f > best_f + 1e-9:
            best, best_f = assign.copy(), f

    def report() -> None:
        nonlocal last_report
        if progress is not None:
            now = clock.elapsed()
            if now - last_report >= 0.2:
                last_report = now
                progress(clock.fraction())

    # Population initialisation (the first member from `initial` when given).
    for t in range(p0):
        a = _repair(d, start, fixed_group, lower, upper) if (t == 0 and start is not None) else fresh()
        a, f = improve(a, int(PARAMS["rounds0"]))
        consider(a, f)
        if all(abs(f - g) > 1e-6 for g in fit):
            pop.append(a)
            fit.append(f)
        report()
        if clock.done():
            break
    if not pop or len(movable) < 2:
        assert best is not None
        return best

    while not clock.done():
        target = max(2, round(p0 - (p0 - 2) * clock.fraction()))
        while len(pop) > target:
            worst = int(np.argmin(fit))
            pop.pop(worst)
            fit.pop(worst)
        if len(pop) >= 2 and k.rand_float(state) >= PARAMS["p_perturb"]:
            ia = k.rand_int(state, len(pop))
            ib = k.rand_int(state, len(pop) - 1)
            if ib >= ia:
                ib += 1
            child = k.crossover(d, pop[ia], pop[ib], fixed_group, lower, upper, state)
        else:
            child = pop[k.rand_int(state, len(pop))].copy()
            sizes = np.bincount(child, minlength=m).astype(np.int64)
            wt = k.build_wt(d, child, m)
            k.perturb(d, wt, child, sizes, lower, upper, movable, state, strong)
        child, f = improve(child, int(PARAMS["rounds"]))
        consider(child, f)
        worst = int(np.argmin(fit))
        if f > fit[worst] + 1e-9 and all(abs(f - g) > 1e-6 for g in fit):
            pop[worst] = child
            fit[worst] = f
        report()
    assert best is not None
    return best

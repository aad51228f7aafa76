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

The steps: check the input and put it in index form (:mod:`optimiser.rounds_setup`), build a start plan
(:mod:`optimiser.rounds_start`), run the tabu search on conflicting people with swaps within a round (Dotú and
Van Hentenryck, 2005) and perturbation from the best plan after stagnation, compiled with numba
(:mod:`optimiser.rounds_kernels`), with random restarts; then count what the best plan achieves. The pure
social golfer problem is :func:`optimiser.golfer.solve_golfer`.

Budgets: ``seconds`` (wall or CPU time) or ``max_iterations`` (tabu iterations; it replaces the time limit).
With a ``seed`` and ``max_iterations`` the result is identical on every machine; the result's ``seed`` and
``iterations`` reproduce a time-limited run the same way.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from optimiser import rng
from optimiser import rounds_kernels as K
from optimiser import rounds_setup as setup
from optimiser import rounds_state as S
from optimiser.errors import Infeasible
from optimiser.rounds_start import StartPlans

IntArray = npt.NDArray[np.int64]
Schedule = tuple[tuple[tuple[int, ...], ...], ...]
Progress = Callable[[float, float], None]

__all__ = ["Progress", "RoundsResult", "Schedule", "count_repeats", "solve_rounds", "warm_up"]


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
        Time of the whole call (wall time, or CPU time with ``cpu_time``).
    iterations : int
        Tabu iterations done (with ``seed``, ``max_iterations=iterations`` gives this result again).
    seed : int
        The seed used (the one given, or the one drawn when none was given).
    stopped_early : bool
        The search stopped before its budget because the plan reached a proven bound (no better plan can
        exist: see :func:`optimiser.rounds_setup.proven_bound`).
    timings : tuple of (str, float)
        Time of each phase, in the clock of ``seconds``: ``setup`` (checks, index form, penalties), ``start``
        (the start plan and the search's running sums), ``search`` (the tabu walks) and ``result`` (counting
        what the best plan achieves).
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
    seed: int
    stopped_early: bool = False
    timings: tuple[tuple[str, float], ...] = ()


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
        Time limit of the search (it stops earlier when no better plan can exist).
    seed : int, optional
        Random seed (one is drawn, and reported in the result, when none is given).
    max_iterations : int, optional
        Budget of tabu iterations instead of the time limit: with a seed the result is reproducible.
    progress : callable, optional
        Called as ``progress(fraction_done, best_score)``.
    cpu_time : bool
        Measure ``seconds`` (and the reported time) in CPU time of this process instead of wall time (fairer
        on a loaded machine).
    tuning : mapping, optional
        Expert knobs of the tabu search: ``freedom`` (0: greedy instead of the freedom heuristic for pure golfer
        instances), ``restart`` (iterations without a new best before a random restart), ``tenure_min``,
        ``tenure_max``, ``stagnation`` (iterations without improvement before a perturbation from the best
        plan), ``perturb`` (random swaps then), ``candidates`` (people examined per round and iteration),
        ``all_rounds`` (1: examine every round each iteration), ``fair`` (weight of the per-person repeat term
        relative to a repeat; default 0.1 when repeats are forced by counting or by the pigeonhole principle,
        else 0, which scores moves in O(1)).

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
    >>> res = solve_rounds(np.ones((9, 9)), rounds=4, tables=3, lower=3, upper=3, seed=1, max_iterations=5000)
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
    seed = rng.new_seed() if seed is None else int(seed)
    state = rng.new_state(seed)
    tune = dict(tuning or {})
    inst = setup.instance(d, rounds=rounds, tables=tables, lower=lower, upper=upper, history=history,
                          organisation=organisation, forbidden=forbidden, fixed=fixed, previous=previous,
                          locked=locked)
    problem = setup.problem(inst, change_penalty=change_penalty, tuning=tune)
    knobs = setup.knobs(inst, problem, tune)
    starts = StartPlans(inst, problem.w, initial, state, freedom=int(tune.get("freedom", 1)) == 1)
    budget = _Budget(seconds, max_iterations, clock, t0)
    restart_after = int(tune.get("restart", 10 * knobs.stagnation))
    marks = [("setup", clock())]
    best, iterations, early = _search(inst, problem, knobs, starts, budget, progress, restart_after, marks)
    marks.append(("search", clock()))
    res = _result(inst, best, iterations=iterations, seed=seed, seconds=0.0, stopped_early=early)
    marks.append(("result", clock()))
    starts_at = [t0] + [t for _, t in marks[:-1]]
    timings = tuple((name, t - before) for (name, t), before in zip(marks, starts_at, strict=True))
    return dataclasses.replace(res, seconds=marks[-1][1] - t0, timings=timings)


@dataclass(frozen=True)
class _Budget:
    """Either ``iterations`` (reproducible) or ``seconds`` of ``clock`` since ``start``."""

    seconds: float
    iterations: int | None
    clock: Callable[[], float]
    start: float

    def step(self, chunk: int, done: int) -> int:
        return chunk if self.iterations is None else min(chunk, self.iterations - done)

    def fraction(self, done: int) -> float:
        if self.iterations:
            return min(1.0, done / self.iterations)
        return min(1.0, (self.clock() - self.start) / max(self.seconds, 1e-9))

    def out_of_time(self) -> bool:
        return self.iterations is None and self.clock() - self.start >= self.seconds


def _search(
    inst: setup.Instance,
    problem: S.Problem,
    knobs: S.Knobs,
    starts: StartPlans,
    budget: _Budget,
    progress: Progress | None,
    restart_after: int,
    marks: list[tuple[str, float]],
) -> tuple[IntArray, int, bool]:
    """Tabu walks from the start plan, run in chunks (to check the budget and report progress). A walk that
    finds no new best plan for ``restart_after`` iterations restarts from a fresh plan (not when a previous plan
    is to be kept). Returns the best plan of all walks, the iterations done and whether it stopped early at the
    proven bound (``problem.target``); appends the end of the start phase to ``marks``."""
    a = starts.first()
    movable = int(problem.movable.sum())
    if movable <= 1 or inst.tables <= 1:
        marks.append(("start", budget.clock()))
        return a, 0, False
    seating, memory, walk = _walk_from(a, inst, problem, starts.state)
    marks.append(("start", budget.clock()))
    top_score, top_a = walk.best, a.copy()
    chunk = 200 if inst.n > 64 else 1000
    iterations = improved_at = 0
    while (step := budget.step(chunk, iterations)) > 0:
        done, walk = K.search(problem, knobs, seating, memory, walk, step)
        iterations += done
        walk = walk._replace(score=float(K.score(problem, seating)))  # re-synchronise: no drift
        if walk.best > top_score + 1e-9:
            top_score, top_a, improved_at = walk.best, memory.best_a.copy(), iterations
        if progress is not None:
            progress(budget.fraction(iterations), top_score)
        if done < step or top_score >= problem.target - 1e-9 or budget.out_of_time():
            break
    early = bool(top_score >= problem.target - 1e-9)
    if early and progress is not None:
        progress(1.0, top_score)
        if not inst.has_previous and iterations - improved_at > restart_after:
            seating, memory, walk = _walk_from(starts.fresh(), inst, problem, starts.state, walk.iteration)
            improved_at = iterations
    return top_a, iterations, early


def _walk_from(
    a: IntArray, inst: setup.Instance, problem: S.Problem, state: rng.State, iteration: int = 0
) -> tuple[S.Seating, S.Memory, S.Walk]:
    """The kernel state of a new walk from plan ``a``."""
    seating = S.new_seating(a, inst.tables, int(inst.hi.max()), fast=problem.w_fair == 0.0)
    K.rebuild(problem, seating)
    memory = S.Memory(tabu=np.zeros_like(a), best_a=a.copy(), rng=state)
    score = float(K.score(problem, seating))
    return seating, memory, S.Walk(iteration, iteration, score, score)


def _result(inst: setup.Instance, a: IntArray, *, iterations: int, seed: int, seconds: float,
            stopped_early: bool = False) -> RoundsResult:
    """What plan ``a`` achieves, counted directly (not from the search's running sums)."""
    meets = inst.hist.astype(np.int64)
    objective = 0.0
    same_pairs = forbidden_pairs = 0
    for k in range(inst.rounds):
        together = a[k][:, None] == a[k][None, :]
        np.fill_diagonal(together, False)
        upper = np.triu(together, 1)
        objective += float(inst.d[upper].sum())
        same_pairs += int(inst.same[upper].sum())
        forbidden_pairs += int(inst.forbidden[upper].sum())
        meets += together
    if forbidden_pairs:
        raise Infeasible(
            f"the search could not separate {forbidden_pairs} forbidden pair(s) within the sizes given")
    repeats = np.maximum(meets - 1, 0)
    sched = tuple(
        tuple(tuple(int(i) for i in np.flatnonzero(a[k] == t)) for t in range(inst.tables))
        for k in range(inst.rounds)
    )
    return RoundsResult(
        rounds=sched,
        objective=objective,
        repeat_pairs=int(np.triu(repeats, 1).sum()),
        same_org_pairs=same_pairs,
        forbidden_pairs=forbidden_pairs,
        changed_seats=int(np.sum((inst.prev >= 0) & (inst.prev != a))),
        max_repeats_per_person=int(repeats.sum(axis=1).max()) if inst.n else 0,
        seconds=seconds,
        iterations=iterations,
        seed=seed,
        stopped_early=stopped_early,
    )


def warm_up() -> None:
    """Compile (or load from numba's cache) the kernels on a tiny instance, so that a later call's time limit
    is spent searching (a web worker can call this at start-up).

    >>> warm_up()
    """
    for fair in (0.0, 1.0):  # both the fast path and the per-person path
        solve_rounds(np.zeros((4, 4)), rounds=2, tables=2, lower=1, upper=3, organisation=["a", "b", "a", "b"],
                     previous=[[[0, 1], [2, 3]]], max_iterations=5, seed=0, tuning={"fair": fair})

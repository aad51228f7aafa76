"""The planning API that the web application calls: round tables (:func:`plan_tables`), speed dating
(:func:`plan_speed`) and the counts of a plan as it stands (:func:`evaluate_plan`).

Everything is keyed by participant ``id`` (strings, see :mod:`optimiser.participants`); the solvers underneath
work on 0-based indices. Each call takes a ``seconds`` budget or a ``max_iterations`` budget (reproducible with
a ``seed``), and the plan reports the ``seed`` and ``iterations`` that reproduce it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from optimiser.errors import InvalidInput
from optimiser.explain import Reasons, explain
from optimiser.participants import (
    Participant,
    RelatedProjects,
    Weights,
    affinity_matrix,
    diversity_matrix,
    encounters,
)
from optimiser.rounds import Progress, solve_rounds
from optimiser.speed import solve_speed
from optimiser.table_round import solve_table_round

__all__ = ["History", "SpeedPlan", "TablePlan", "evaluate_plan", "plan_speed", "plan_tables"]

History = Iterable[tuple[str, str]]
"""Past encounters: pairs of participant ids (order does not matter)."""

Grid = Sequence[Sequence[Sequence[str]]]
"""Rounds of tables (or pairs) of participant ids."""


@dataclass(frozen=True)
class TablePlan:
    """A round-table plan.

    Attributes
    ----------
    rounds : list of list of list of str
        ``rounds[k][t]`` = ids at table ``t`` in round ``k``.
    objective : float
        Sum of the diversity of tablemate pairs over all rounds.
    same_org_pairs : int
        Tablemate pairs of one organisation, summed over rounds.
    repeat_pairs : int
        Repeated encounters, within the plan and against the history.
    new_cross_org_pairs : int
        Distinct pairs of different organisations that meet for the first time (not in the history).
    unavoidable : str or None
        Why the same-organisation pairs or repeats that remain are there (None when there are none).
    changed_seats : int
        Seats (person, round) that differ from ``previous``.
    seconds : float
        Wall time.
    unavoidable_reasons : tuple of (str, int)
        ``unavoidable`` as ``(code, number)`` pairs (see :data:`optimiser.explain.Reasons`).
    seed, iterations : int
        The seed used and the search iterations done: the same call with ``seed=seed`` and
        ``max_iterations=iterations`` gives the same plan (0 for :func:`evaluate_plan`).
    stopped_early : bool
        The search stopped before its budget: the plan reached a proven bound, no better plan can exist.
    timings : tuple of (str, float)
        Seconds per phase (in the clock of ``seconds``; they sum to it): ``prepare`` (ids and the diversity
        matrix), the solver's phases (``setup``, ``start``, ``search``, ``result``, see
        :class:`~optimiser.rounds.RoundsResult`) and ``summary`` (reasons and counts by id).
    """

    rounds: list[list[list[str]]]
    objective: float
    same_org_pairs: int
    repeat_pairs: int
    new_cross_org_pairs: int
    unavoidable: str | None
    changed_seats: int
    seconds: float
    unavoidable_reasons: Reasons = ()
    seed: int = 0
    iterations: int = 0
    stopped_early: bool = False
    timings: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class SpeedPlan:
    """A speed-dating plan: ``rounds[k]`` = the pairs (and the one triad when the count is odd) of round k.

    ``objective`` is the total affinity of the pairs met (a triad counts its three pairs). ``changed_seats``
    counts the seats (person, round) of people in ``previous`` whose partners differ from it and ``kept_pairs``
    the pairs of ``previous`` (per round) that meet again in the same round; ``unavoidable_reasons``, ``seed``
    and ``iterations`` as in :class:`TablePlan`.
    """

    rounds: list[list[tuple[str, ...]]]
    objective: float
    same_org_pairs: int
    repeat_pairs: int
    new_cross_org_pairs: int
    unavoidable: str | None
    seconds: float
    changed_seats: int = 0
    kept_pairs: int = 0
    unavoidable_reasons: Reasons = ()
    seed: int = 0
    iterations: int = 0
    stopped_early: bool = False
    timings: tuple[tuple[str, float], ...] = ()


def _index(people: Sequence[Participant]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, p in enumerate(people):
        if not isinstance(p, Participant):
            raise InvalidInput(f"people[{i}] is not a Participant")
        if p.id in index:
            raise InvalidInput(f"participant id {p.id!r} appears twice")
        index[p.id] = i
    return index


def _pairs(pairs: Iterable[tuple[str, str]], index: Mapping[str, int], what: str) -> list[tuple[int, int]]:
    """Pairs of ids as index pairs; pairs with someone who is not here are left out."""
    out = []
    for p in pairs:
        if len(p) != 2:
            raise InvalidInput(f"{what}: {p!r} is not a pair of ids")
        a, b = p
        if a in index and b in index and a != b:
            out.append((index[a], index[b]))
    return out


def _indices(ids: Iterable[str], index: Mapping[str, int], what: str) -> list[int]:
    out = []
    for pid in ids:
        if pid not in index:
            raise InvalidInput(f"{what}: unknown participant id {pid!r}")
        out.append(index[pid])
    return out


def _new_cross(people: Sequence[Participant], rounds: Grid, hist: set[tuple[str, str]]) -> int:
    org = {p.id: p.organisation for p in people}
    return sum(1 for a, b in encounters(rounds) if (a, b) not in hist and (not org[a] or org[a] != org[b]))


def _history_ids(people: Sequence[Participant], hist_idx: Iterable[tuple[int, int]]) -> set[tuple[str, str]]:
    ids = [p.id for p in people]
    return {(min(ids[i], ids[j]), max(ids[i], ids[j])) for i, j in hist_idx}


def _phases(
    t0: float, t_prepared: float, solver: tuple[tuple[str, float], ...], t_solved: float, t_end: float
) -> tuple[tuple[str, float], ...]:
    """The phases of a plan: ``prepare``, the solver's phases (its ``setup`` also counts the work around the
    solver's own clock, e.g. the circle schedule of speed dating) and ``summary``; they sum to the whole call.

    >>> _phases(0.0, 1.0, (("setup", 0.5), ("search", 2.0)), 4.0, 4.5)
    (('prepare', 1.0), ('setup', 1.0), ('search', 2.0), ('summary', 0.5))
    """
    outside = (t_solved - t_prepared) - sum(secs for _, secs in solver)
    inner = tuple((name, secs + outside if name == "setup" else secs) for name, secs in solver)
    return (("prepare", t_prepared - t0), *inner, ("summary", t_end - t_solved))


def _table_bounds(
    n: int, tables: int | None, table_size: int | None, sizes: Sequence[int] | None
) -> tuple[int, int | list[int], int | list[int]]:
    """The table count and the size bounds for exactly one of ``tables``, ``table_size`` and ``sizes``."""
    if sum(x is not None for x in (tables, table_size, sizes)) != 1:
        raise InvalidInput("give exactly one of tables, table_size and sizes")
    if tables is not None:
        if tables < 1:
            raise InvalidInput("tables must be at least 1")
        return tables, n // tables, -(-n // tables)
    if table_size is not None:
        if table_size < 1:
            raise InvalidInput("table_size must be at least 1")
        m = -(-n // table_size)
        return m, n // m, -(-n // m)
    caps = [int(s) for s in sizes or []]
    if not caps or min(caps) < 1:
        raise InvalidInput("sizes must be positive")
    total = sum(caps)
    if total < n:
        raise InvalidInput(f"the tables seat {total} but there are {n} participants")
    return len(caps), [min(c, (n * c) // total) for c in caps], caps


def plan_tables(
    people: Sequence[Participant],
    *,
    tables: int | None = None,
    table_size: int | None = None,
    sizes: Sequence[int] | None = None,
    rounds: int = 1,
    history: History = (),
    fixed: Mapping[str | tuple[str, int], int] | None = None,
    forbidden: Iterable[tuple[str, str]] = (),
    weights: Weights | None = None,
    related_projects: RelatedProjects | None = None,
    previous: Grid | None = None,
    locked: Iterable[str] = (),
    seconds: float = 5.0,
    seed: int | None = None,
    progress: Progress | None = None,
    max_iterations: int | None = None,
    cpu_time: bool = False,
    engine: str = "rounds",
) -> TablePlan:
    """Plan round tables for one or several rounds.

    Give exactly one of ``tables`` (a count: sizes as even as possible), ``table_size`` (at most that many per
    table, as few tables as that needs) or ``sizes`` (seats per table; each table gets at least its share).

    Parameters
    ----------
    people : sequence of Participant
    tables, table_size, sizes : see above
    rounds : int
        Rounds (or seminars) to plan together.
    history : iterable of (id, id)
        Earlier encounters (ids of people not present are ignored).
    fixed : mapping, optional
        ``{id: table}`` for every round or ``{(id, round): table}`` (hosts, accessibility).
    forbidden : iterable of (id, id)
        Pairs that never share a table.
    weights, related_projects
        Passed to :func:`~optimiser.participants.diversity_matrix`.
    previous : rounds of tables of ids, optional
        The plan before a change (late arrivals, no-shows): the new plan changes as few seats as possible.
    locked : iterable of id
        People who keep their seat of ``previous``.
    seconds : float
        Wall-time budget of the whole call (matrix, search and summary); the search uses what is left.
    seed, progress, max_iterations
        As in :func:`optimiser.rounds.solve_rounds` (``max_iterations`` replaces the time limit);
        ``progress(fraction_done, best_score)``.
    cpu_time : bool
        Measure ``seconds`` (the budget, the reported time and ``timings``) in CPU time of this process instead
        of wall time (benchmarks on a shared machine).
    engine : {"rounds", "mdgp"}
        ``"rounds"`` (default): the rounds solver (:func:`optimiser.rounds.solve_rounds`). ``"mdgp"``: one round
        as a maximally diverse grouping problem with hard constraints
        (:func:`optimiser.table_round.solve_table_round`); only for ``rounds=1`` without ``previous`` or
        ``locked`` (``max_iterations`` then counts MDGP descents).

    Examples
    --------
    >>> people = [Participant(f"p{i}", organisation=f"org{i % 6}", project=f"proj{i % 9}") for i in range(12)]
    >>> plan = plan_tables(people, tables=4, rounds=3, seed=1, max_iterations=3000)
    >>> [len(t) for t in plan.rounds[0]], plan.same_org_pairs, plan.repeat_pairs, plan.unavoidable
    ([3, 3, 3, 3], 0, 0, None)
    >>> late = plan_tables(people[1:], tables=4, rounds=3, previous=plan.rounds, locked=["p1"], seed=1,
    ...                    max_iterations=3000)  # p0 did not come: recompute, p1 keeps the seat
    >>> [("p1" in t) for t in late.rounds[1]] == [("p1" in t) for t in plan.rounds[1]], late.changed_seats
    (True, 0)
    """
    clock = time.process_time if cpu_time else time.perf_counter
    t0 = clock()
    index = _index(people)
    n = len(people)
    if n == 0:
        raise InvalidInput("there are no participants")
    m, lower, upper = _table_bounds(n, tables, table_size, sizes)
    fixed_idx: dict[int | tuple[int, int], int] = {}
    for key, t in (fixed or {}).items():
        pid = key[0] if isinstance(key, tuple) else key
        if pid not in index:
            raise InvalidInput(f"fixed: unknown participant id {pid!r}")
        fixed_idx[(index[pid], int(key[1])) if isinstance(key, tuple) else index[pid]] = int(t)
    hist_idx = _pairs(history, index, "history")
    prev_idx = None
    if previous is not None:
        prev_idx = [[[index[p] for p in table if p in index] for table in rnd] for rnd in previous]
    if engine not in ("rounds", "mdgp"):
        raise InvalidInput(f"engine must be 'rounds' or 'mdgp', got {engine!r}")
    if engine == "mdgp" and (rounds != 1 or previous is not None or any(True for _ in locked)):
        raise InvalidInput("engine 'mdgp' plans one round without previous or locked seats")
    d = diversity_matrix(people, weights=weights, related_projects=related_projects)
    t_prepared = clock()
    if engine == "mdgp":
        res = solve_table_round(
            d, tables=m, lower=lower, upper=upper, history=hist_idx, organisation=[p.organisation for p in people],
            forbidden=_pairs(forbidden, index, "forbidden"),
            fixed=fixed_idx,
            seconds=max(0.05, seconds - (clock() - t0)), seed=seed, max_iterations=max_iterations,
            cpu_time=cpu_time,
        )
    else:
        res = solve_rounds(
            d,
            rounds=rounds,
            tables=m,
            lower=lower,
            upper=upper,
            history=hist_idx,
            organisation=[p.organisation for p in people],
            forbidden=_pairs(forbidden, index, "forbidden"),
            fixed=fixed_idx,
            previous=prev_idx,
            locked=_indices(locked, index, "locked"),
            seconds=max(0.05, seconds - (clock() - t0)),  # the budget covers the preparation too
            seed=seed,
            max_iterations=max_iterations,
            progress=progress,
            cpu_time=cpu_time,
        )
    t_solved = clock()
    ids = [p.id for p in people]
    plan = [[[ids[i] for i in table] for table in rnd] for rnd in res.rounds]
    unavoidable, reasons = explain(people, m, rounds, res.same_org_pairs, res.repeat_pairs, -(-n // m) - 1,
                                   min(len(t) for t in res.rounds[0]))
    new_cross = _new_cross(people, plan, _history_ids(people, hist_idx))
    t_end = clock()
    return TablePlan(
        rounds=plan,
        objective=res.objective,
        same_org_pairs=res.same_org_pairs,
        repeat_pairs=res.repeat_pairs,
        new_cross_org_pairs=new_cross,
        unavoidable=unavoidable,
        changed_seats=res.changed_seats,
        seconds=t_end - t0,
        unavoidable_reasons=reasons,
        seed=res.seed,
        iterations=res.iterations,
        stopped_early=res.stopped_early,
        timings=_phases(t0, t_prepared, res.timings, t_solved, t_end),
    )


def evaluate_plan(
    people: Sequence[Participant],
    rounds: Grid,
    *,
    history: History = (),
    previous: Grid | None = None,
    weights: Weights | None = None,
    related_projects: RelatedProjects | None = None,
) -> TablePlan:
    """The counts of a plan as it stands (e.g. after the organiser moved or swapped people by hand): the
    same fields as :func:`plan_tables` returns, with ``seconds = 0``. Works for tables and for speed-dating
    pairs alike.

    >>> people = [Participant("a", organisation="X"), Participant("b", organisation="X"),
    ...           Participant("c", organisation="Y"), Participant("d", organisation="Z")]
    >>> ev = evaluate_plan(people, [[["a", "b"], ["c", "d"]]], history=[("c", "d")])
    >>> ev.same_org_pairs, ev.repeat_pairs, ev.new_cross_org_pairs
    (1, 1, 0)
    >>> evaluate_plan(people, [[["a", "c"], ["b", "d"]]], previous=[[["a", "b"], ["c", "d"]]]).changed_seats
    2
    """
    index = _index(people)
    d = diversity_matrix(people, weights=weights, related_projects=related_projects)
    org = [p.organisation for p in people]
    seen: dict[tuple[str, str], int] = {}
    hist_ids = set()
    for a, b in history:
        if a in index and b in index and a != b:
            key = (min(a, b), max(a, b))
            hist_ids.add(key)
            seen[key] = 1
    objective = 0.0
    same = 0
    for rnd in rounds:
        placed: set[str] = set()
        for table in rnd:
            for pid in table:
                if pid not in index:
                    raise InvalidInput(f"unknown participant id {pid!r} in the plan")
                if pid in placed:
                    raise InvalidInput(f"participant {pid!r} sits twice in one round")
                placed.add(pid)
            t = sorted(table)
            for u in range(len(t)):
                for v in range(u + 1, len(t)):
                    i, j = index[t[u]], index[t[v]]
                    objective += float(d[i, j])
                    same += int(bool(org[i]) and org[i] == org[j])
                    seen[(t[u], t[v])] = seen.get((t[u], t[v]), 0) + 1
    repeats = sum(max(0, c - 1) for c in seen.values())
    changed = 0
    if previous is not None:
        for k, rnd in enumerate(rounds[: len(previous)]):
            before = {pid: t for t, table in enumerate(previous[k]) for pid in table}
            changed += sum(1 for t, table in enumerate(rnd) for pid in table if pid in before and before[pid] != t)
    sizes = [len(t) for t in rounds[0]] if rounds and rounds[0] else [2]
    unavoidable, reasons = explain(people, max(1, len(sizes)), len(rounds), same, repeats, max(sizes) - 1,
                                   min(sizes))
    return TablePlan(
        rounds=[[list(t) for t in rnd] for rnd in rounds],
        objective=objective,
        same_org_pairs=same,
        repeat_pairs=repeats,
        new_cross_org_pairs=_new_cross(people, rounds, hist_ids),
        unavoidable=unavoidable,
        changed_seats=changed,
        seconds=0.0,
        unavoidable_reasons=reasons,
    )


def _kept_speed_groups(
    previous: Grid,
    rounds: int,
    index: Mapping[str, int],
    conflict: set[tuple[int, int]],
    odd: bool,
) -> list[list[list[int]]]:
    """The groups of ``previous`` that can stay, per round: both (all three) present, no conflict (history,
    forbidden), not met in an earlier kept round; a triad stays only when the count is still odd (else its
    first good pair stays). Slot numbers are compacted, so every kept group has a place."""
    met: set[tuple[int, int]] = set()
    out: list[list[list[int]]] = []
    for rnd in previous[:rounds]:
        kept: list[list[int]] = []
        triad = False
        for group in rnd:
            here = [index[p] for p in group if p in index]

            def ok(g: Sequence[int]) -> bool:
                pairs = [(min(a, b), max(a, b)) for x, a in enumerate(g) for b in g[x + 1:]]
                return len(g) >= 2 and not any(q in conflict or q in met for q in pairs)

            if len(here) == 3 and odd and not triad and ok(here):
                keep = here
                triad = True
            else:
                keep = next(([a, b] for x, a in enumerate(here) for b in here[x + 1:] if ok([a, b])), [])
            if keep:
                kept.append(keep)
        for g in kept:
            met.update((min(a, b), max(a, b)) for x, a in enumerate(g) for b in g[x + 1:])
        out.append(kept)
    return out


def _speed_changes(previous: Grid, plan: Sequence[Sequence[Sequence[str]]], rounds: int) -> tuple[int, int]:
    """Pairs of ``previous`` kept in the same round, and seats whose partners changed."""
    kept_pairs = changed = 0
    for k, rnd in enumerate(previous[:rounds]):
        before = {(min(a, b), max(a, b)) for g in rnd for x, a in enumerate(g) for b in g[x + 1:]}
        now = {(min(a, b), max(a, b)) for g in plan[k] for x, a in enumerate(g) for b in g[x + 1:]}
        kept_pairs += len(before & now)
        mates_before = {p: frozenset(g) - {p} for g in rnd for p in g}
        changed += sum(1 for g in plan[k] for p in g if p in mates_before and mates_before[p] != frozenset(g) - {p})
    return kept_pairs, changed


def plan_speed(
    people: Sequence[Participant],
    *,
    rounds: int,
    history: History = (),
    forbidden: Iterable[tuple[str, str]] = (),
    affinity: npt.ArrayLike | None = None,
    weights: Weights | None = None,
    related_projects: RelatedProjects | None = None,
    previous: Grid | None = None,
    locked: Iterable[str] = (),
    change_penalty: float | None = None,
    seconds: float = 5.0,
    seed: int | None = None,
    progress: Progress | None = None,
    max_iterations: int | None = None,
    sit_out: bool = False,
    cpu_time: bool = False,
) -> SpeedPlan:
    """Plan ``rounds`` rounds of speed dating (pairs; when the count is odd, one triad per round, or with
    ``sit_out`` one person per round who sits out, as a group of one, a different person each round).

    ``affinity`` (an (n, n) matrix in the order of ``people``) defaults to
    :func:`~optimiser.participants.affinity_matrix` with ``weights`` and ``related_projects``. Use
    :func:`~optimiser.participants.pair_reasons` to say why two people were paired.

    ``previous`` (rounds of pairs of ids, e.g. the plan before late arrivals and no-shows) makes a recompute
    keep what it can: a pair whose people are both present and not in conflict (met before, kept apart, or met
    in an earlier round of the kept plan) stays, and breaking it costs ``change_penalty`` per seat (default:
    more than any gain in affinity, less than a repeat or a same-organisation pair). People in ``locked`` keep
    their pair slot in every round (their partner stays too unless that is a conflict or the partner is gone).
    ``seconds``, ``seed``, ``progress``, ``max_iterations`` and ``cpu_time`` as in :func:`plan_tables`;
    ``timings`` as there (``prepare`` = ids, the affinity matrix and the kept pairs).

    Examples
    --------
    >>> people = [Participant(f"p{i}", organisation=f"org{i % 4}") for i in range(10)]
    >>> plan = plan_speed(people, rounds=5, seed=1, max_iterations=2000)
    >>> len(plan.rounds), len(plan.rounds[0]), plan.repeat_pairs, plan.same_org_pairs
    (5, 5, 0, 0)
    >>> odd = plan_speed(people[:9], rounds=2, history=[("p0", "p1")], seed=1, max_iterations=2000)
    >>> sorted(len(p) for p in odd.rounds[0]), odd.repeat_pairs
    ([2, 2, 2, 3], 0)
    >>> again = plan_speed(people, rounds=5, previous=plan.rounds, seed=2, max_iterations=2000)
    >>> again.kept_pairs, again.changed_seats, again.repeat_pairs
    (25, 0, 0)
    """
    clock = time.process_time if cpu_time else time.perf_counter
    t0 = clock()
    index = _index(people)
    n = len(people)
    if n < 2:
        raise InvalidInput("speed dating needs at least two participants")
    if affinity is None:
        w = affinity_matrix(people, weights=weights, related_projects=related_projects)
    else:
        w = np.asarray(affinity, dtype=np.float64)
        if w.shape != (n, n):
            raise InvalidInput(f"affinity must be {n} x {n}, got {w.shape}")
    hist_idx = _pairs(history, index, "history")
    forb_idx = _pairs(forbidden, index, "forbidden")
    locked_idx = _indices(locked, index, "locked")
    kept: list[list[list[int]]] | None = None
    if previous is not None:
        conflict = {(min(a, b), max(a, b)) for a, b in (*hist_idx, *forb_idx)}
        kept = _kept_speed_groups(previous, rounds, index, conflict, odd=n % 2 == 1 and not sit_out)
    t_prepared = clock()
    res = solve_speed(
        w,
        rounds,
        history=hist_idx,
        organisation=[p.organisation for p in people],
        forbidden=forb_idx,
        previous=kept,
        locked=locked_idx if kept is not None else (),
        change_penalty=change_penalty,
        seconds=max(0.05, seconds - (clock() - t0)),  # the budget covers the preparation too
        seed=seed,
        max_iterations=max_iterations,
        progress=progress,
        sit_out=sit_out,
        cpu_time=cpu_time,
    )
    t_solved = clock()
    ids = [p.id for p in people]
    plan = [[tuple(ids[i] for i in pair) for pair in rnd] for rnd in res.rounds]
    unavoidable, reasons = explain(people, n // 2, rounds, res.same_org_pairs, res.repeat_pairs, 1,
                                   min(len(p) for p in res.rounds[0] if len(p) > 1))
    kept_pairs, changed = _speed_changes(previous, plan, rounds) if previous is not None else (0, 0)
    new_cross = _new_cross(people, plan, _history_ids(people, hist_idx))
    t_end = clock()
    return SpeedPlan(
        rounds=plan,
        objective=res.objective,
        same_org_pairs=res.same_org_pairs,
        repeat_pairs=res.repeat_pairs,
        new_cross_org_pairs=new_cross,
        unavoidable=unavoidable,
        seconds=t_end - t0,
        timings=_phases(t0, t_prepared, res.timings, t_solved, t_end),
        changed_seats=changed,
        kept_pairs=kept_pairs,
        unavoidable_reasons=reasons,
        seed=res.seed,
        iterations=res.iterations,
        stopped_early=res.stopped_early,
    )

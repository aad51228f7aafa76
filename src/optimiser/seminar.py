"""The seminar model: participants, the diversity and affinity matrices, history, and the planning API that the
web application calls (:func:`plan_tables`, :func:`plan_speed`, :func:`pair_reasons`).

Everything is keyed by participant ``id`` (strings); the engine underneath works on 0-based indices.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from optimiser.errors import InvalidInput
from optimiser.rounds import Progress, solve_rounds
from optimiser.speed import solve_speed

__all__ = [
    "History",
    "Participant",
    "SpeedPlan",
    "TablePlan",
    "Weights",
    "affinity_matrix",
    "diversity_matrix",
    "encounters",
    "evaluate_plan",
    "pair_reasons",
    "plan_speed",
    "plan_tables",
]

History = Iterable[tuple[str, str]]
"""Past encounters: pairs of participant ids (order does not matter)."""

RelatedProjects = Mapping[tuple[str, str], float]

Reasons = tuple[tuple[str, int], ...]
"""Machine-readable explanation: ``(code, number)`` pairs, for a translated sentence per code.

Codes: ``org_larger_than_tables`` (same-organisation pairs, all forced by an organisation with more people than
tables), ``same_org_remaining`` (same-organisation pairs) followed by ``same_org_lower_bound`` (the fewest the
organisation sizes force), ``pigeonhole_repeats`` (repeats) followed by ``pigeonhole_forced`` (how many the
pigeonhole principle forces) and ``pigeonhole_tables`` (the table count), ``too_few_others`` (repeats) followed by
``meetings_per_person`` and ``others`` (each person meets more people than there are), ``remaining_repeats``
(repeats left by the search under the constraints)."""


@dataclass(frozen=True)
class Participant:
    """A person at the seminar.

    >>> Participant("p1", organisation="Stad", themes=frozenset({"luft"})).organisation
    'Stad'
    """

    id: str
    name: str = ""
    organisation: str = ""
    project: str = ""
    role: str = ""
    themes: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Weights:
    """How much each difference (or bonus) adds to the value of two people meeting.

    ``organisation``, ``project``, ``role``: added when the two differ; ``themes``: times the Jaccard distance
    of their themes (diversity) or the Jaccard similarity (affinity); ``related``: times the relatedness of
    their projects (0..1, from ``related_projects``; a pair listed both ways counts with the larger value).
    """

    organisation: float = 1.0
    project: float = 0.5
    role: float = 0.3
    themes: float = 0.5
    related: float = 0.5


def _related(related_projects: RelatedProjects | None, a: str, b: str) -> float:
    if not related_projects or not a or not b or a == b:
        return 0.0
    return float(max(related_projects.get((a, b), 0.0), related_projects.get((b, a), 0.0)))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _labels(values: Sequence[str]) -> npt.NDArray[np.int64]:
    index: dict[str, int] = {}
    return np.array([index.setdefault(v, len(index)) for v in values], dtype=np.int64)


def _matrix(
    people: Sequence[Participant],
    weights: Weights,
    related_projects: RelatedProjects | None,
    themes_similar: bool,
) -> npt.NDArray[np.float64]:
    n = len(people)
    d = np.zeros((n, n))
    for attr, wt in (("organisation", weights.organisation), ("project", weights.project), ("role", weights.role)):
        lab = _labels([getattr(p, attr) for p in people])
        d += wt * (lab[:, None] != lab[None, :])
    themes = sorted({t for p in people for t in p.themes})
    if themes and weights.themes:
        col = {t: i for i, t in enumerate(themes)}
        T = np.zeros((n, len(themes)))
        for i, p in enumerate(people):
            T[i, [col[t] for t in p.themes]] = 1.0
        inter = T @ T.T
        size = T.sum(axis=1)
        union = size[:, None] + size[None, :] - inter
        sim = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
        d += weights.themes * np.where(union > 0, sim if themes_similar else 1.0 - sim, 0.0)
    if related_projects and weights.related:
        groups: dict[str, list[int]] = {}
        for i, p in enumerate(people):
            if p.project:
                groups.setdefault(p.project, []).append(i)
        for pa, pb in {(min(k), max(k)) for k in related_projects}:
            if pa == pb or pa not in groups or pb not in groups:
                continue
            value = weights.related * _related(related_projects, pa, pb)  # listed both ways: the larger
            ia, ib = np.array(groups[pa]), np.array(groups[pb])
            d[np.ix_(ia, ib)] += value
            d[np.ix_(ib, ia)] += value
    np.fill_diagonal(d, 0.0)
    return d


def diversity_matrix(
    people: Sequence[Participant],
    *,
    weights: Weights | None = None,
    related_projects: RelatedProjects | None = None,
) -> npt.NDArray[np.float64]:
    """``d[i, j]``: what a table gains when i and j sit together.

    Different organisation, project and role each add their weight; the Jaccard distance of the themes adds
    ``weights.themes`` times it; related projects add ``weights.related`` times their relatedness.

    >>> a = Participant("a", organisation="Stad", project="P1", themes=frozenset({"luft", "trafik"}))
    >>> b = Participant("b", organisation="Uni", project="P2", themes=frozenset({"luft"}))
    >>> d = diversity_matrix([a, b], related_projects={("P1", "P2"): 1.0})
    >>> float(d[0, 1])  # 1.0 (org) + 0.5 (project) + 0.5 * 0.5 (themes) + 0.5 (related)
    2.25
    """
    return _matrix(people, weights or Weights(), related_projects, themes_similar=False)


def affinity_matrix(
    people: Sequence[Participant],
    *,
    weights: Weights | None = None,
    related_projects: RelatedProjects | None = None,
) -> npt.NDArray[np.float64]:
    """Value of a one-to-one meeting: as :func:`diversity_matrix`, but shared themes (Jaccard similarity) add.

    >>> a = Participant("a", organisation="Stad", themes=frozenset({"luft"}))
    >>> b = Participant("b", organisation="Uni", themes=frozenset({"luft"}))
    >>> float(affinity_matrix([a, b])[0, 1])  # 1.0 (org) + 0.5 (themes shared)
    1.5
    """
    return _matrix(people, weights or Weights(), related_projects, themes_similar=True)


def pair_reasons(
    a: Participant, b: Participant, *, related_projects: RelatedProjects | None = None
) -> tuple[str, ...]:
    """Short machine-readable reasons why a and b are worth meeting.

    Codes: ``other_org``, ``other_project``, ``other_role``, ``shared_theme:<theme>`` (one per shared theme,
    sorted), ``related_project``.

    >>> a = Participant("a", organisation="Stad", project="P1", themes=frozenset({"luft", "buller"}))
    >>> b = Participant("b", organisation="Uni", project="P2", themes=frozenset({"luft"}))
    >>> pair_reasons(a, b, related_projects={("P2", "P1"): 0.8})
    ('other_org', 'other_project', 'shared_theme:luft', 'related_project')
    """
    out: list[str] = []
    if a.organisation != b.organisation:
        out.append("other_org")
    if a.project and b.project and a.project != b.project:
        out.append("other_project")
    if a.role and b.role and a.role != b.role:
        out.append("other_role")
    out += [f"shared_theme:{t}" for t in sorted(a.themes & b.themes)]
    if _related(related_projects, a.project, b.project) > 0:
        out.append("related_project")
    return tuple(out)


def encounters(rounds: Sequence[Sequence[Sequence[str]]]) -> frozenset[tuple[str, str]]:
    """All pairs (sorted ids) that meet in a plan: store them as the history of the next seminar.

    >>> sorted(encounters([[["a", "b", "c"], ["d"]]]))
    [('a', 'b'), ('a', 'c'), ('b', 'c')]
    """
    out: set[tuple[str, str]] = set()
    for rnd in rounds:
        for table in rnd:
            t = sorted(table)
            for u in range(len(t)):
                for v in range(u + 1, len(t)):
                    out.add((t[u], t[v]))
    return frozenset(out)


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
        ``unavoidable`` as ``(code, number)`` pairs (see :data:`Reasons`), for a translated explanation.
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


@dataclass(frozen=True)
class SpeedPlan:
    """A speed-dating plan: ``rounds[k]`` = the pairs (and the one triad when the count is odd) of round k.

    ``objective`` is the total affinity of the pairs met (a triad counts its three pairs). ``changed_seats``
    counts the seats (person, round) of people in ``previous`` whose partners differ from it and ``kept_pairs`` the pairs of ``previous``
    (per round) that meet again in the same round; ``unavoidable_reasons`` as in :class:`TablePlan`.
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


def _index(people: Sequence[Participant]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, p in enumerate(people):
        if not isinstance(p, Participant):
            raise InvalidInput(f"people[{i}] is not a Participant")
        if p.id in index:
            raise InvalidInput(f"participant id {p.id!r} appears twice")
        index[p.id] = i
    return index


def _pairs(pairs: Iterable[tuple[str, str]], index: Mapping[str, int], what: str, strict: bool) -> list[tuple[int, int]]:
    out = []
    for p in pairs:
        if len(p) != 2:
            raise InvalidInput(f"{what}: {p!r} is not a pair of ids")
        a, b = p
        if a not in index or b not in index:
            if strict:
                raise InvalidInput(f"{what}: unknown participant id in {p!r}")
            continue  # history of people who are not here
        if a != b:
            out.append((index[a], index[b]))
    return out


def _org_bound(people: Sequence[Participant], tables: int) -> int:
    """Fewest same-organisation tablemate pairs one round can have (colleagues spread evenly)."""
    counts: dict[str, int] = {}
    for p in people:
        if p.organisation:
            counts[p.organisation] = counts.get(p.organisation, 0) + 1
    total = 0
    for c in counts.values():
        q, rem = divmod(c, tables)
        total += rem * (q + 1) * q // 2 + (tables - rem) * q * (q - 1) // 2
    return total


def _repeat_bound(smallest: int, tables: int, rounds: int) -> int:
    """Repeats forced by the pigeonhole principle: each table of a later round draws its people from the
    ``tables`` tables of the first round, so at least ``C(q, 2)`` of its pairs met there."""
    q, rem = divmod(smallest, tables)
    per_table = rem * (q + 1) * q // 2 + (tables - rem) * q * (q - 1) // 2
    return (rounds - 1) * tables * per_table


def _reasons(
    people: Sequence[Participant],
    groups_per_round: int,
    rounds: int,
    same: int,
    repeats: int,
    meet_per_round: int,
    smallest: int = 2,
) -> Reasons:
    out: list[tuple[str, int]] = []
    if same:
        bound = _org_bound(people, groups_per_round) * rounds
        if bound >= same:
            out.append(("org_larger_than_tables", same))
        else:
            out += [("same_org_remaining", same), ("same_org_lower_bound", bound)]
    if repeats:
        n = len(people)
        forced = _repeat_bound(smallest, groups_per_round, rounds)
        if forced > 0:
            out += [("pigeonhole_repeats", repeats), ("pigeonhole_forced", forced),
                    ("pigeonhole_tables", groups_per_round)]
        elif rounds * meet_per_round > n - 1:
            out += [("too_few_others", repeats), ("meetings_per_person", rounds * meet_per_round),
                    ("others", n - 1)]
        else:
            out.append(("remaining_repeats", repeats))
    return tuple(out)


def _sentence(reasons: Reasons, tables: int, smallest: int) -> str | None:
    """The English sentence of :func:`_reasons` (the engine's own explanation, for logs and the CLI)."""
    r = dict(reasons)
    parts = []
    if "org_larger_than_tables" in r:
        parts.append(
            f"{r['org_larger_than_tables']} same-organisation pair(s) are unavoidable: some organisation has more "
            f"people than there are tables ({tables})"
        )
    if "same_org_remaining" in r:
        parts.append(
            f"{r['same_org_remaining']} same-organisation pair(s) remain; the lower bound from organisation sizes "
            f"is {r['same_org_lower_bound']}"
        )
    if "pigeonhole_repeats" in r:
        parts.append(
            f"{r['pigeonhole_repeats']} repeat encounter(s); at least {r['pigeonhole_forced']} are unavoidable: "
            f"tables of {smallest} or more at only {tables} tables must seat people who met in the first round"
        )
    if "too_few_others" in r:
        parts.append(
            f"{r['too_few_others']} repeat encounter(s): each person meets about {r['meetings_per_person']} people "
            f"but there are only {r['others']} others"
        )
    if "remaining_repeats" in r:
        parts.append(
            f"{r['remaining_repeats']} repeat encounter(s) remain after the search (fixed seats, locked people, the "
            "history and organisation constraints limit the choice)"
        )
    return "; ".join(parts) if parts else None


def _explain(
    people: Sequence[Participant],
    groups_per_round: int,
    rounds: int,
    same: int,
    repeats: int,
    meet_per_round: int,
    smallest: int = 2,
) -> tuple[str | None, Reasons]:
    reasons = _reasons(people, groups_per_round, rounds, same, repeats, meet_per_round, smallest)
    return _sentence(reasons, groups_per_round, smallest), reasons


def _new_cross(people: Sequence[Participant], rounds: Sequence[Sequence[Sequence[str]]], hist: set[tuple[str, str]]) -> int:
    org = {p.id: p.organisation for p in people}
    return sum(
        1 for a, b in encounters(rounds) if (a, b) not in hist and (not org[a] or org[a] != org[b])
    )


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
    previous: Sequence[Sequence[Sequence[str]]] | None = None,
    locked: Iterable[str] = (),
    seconds: float = 5.0,
    seed: int | None = None,
    progress: Progress | None = None,
    max_iterations: int | None = None,
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
        Passed to :func:`diversity_matrix`.
    previous : rounds of tables of ids, optional
        The plan before a change (late arrivals, no-shows): the new plan changes as few seats as possible.
    locked : iterable of id
        People who keep their seat of ``previous``.
    seconds : float
        Wall-time budget of the whole call (matrix, search and summary); the search uses what is left.
    seed, progress, max_iterations
        As in :func:`optimiser.rounds.solve_rounds`; ``progress(fraction_done, best_score)``.

    Examples
    --------
    >>> people = [Participant(f"p{i}", organisation=f"org{i % 6}", project=f"proj{i % 9}") for i in range(12)]
    >>> plan = plan_tables(people, tables=4, rounds=3, seed=1, seconds=1)
    >>> [len(t) for t in plan.rounds[0]], plan.same_org_pairs, plan.repeat_pairs, plan.unavoidable
    ([3, 3, 3, 3], 0, 0, None)
    >>> late = plan_tables(people[1:], tables=4, rounds=3, previous=plan.rounds, locked=["p1"], seed=1,
    ...                    seconds=1)  # p0 did not come: recompute, p1 keeps the seat
    >>> [("p1" in t) for t in late.rounds[1]] == [("p1" in t) for t in plan.rounds[1]], late.changed_seats
    (True, 0)
    """
    t0 = time.perf_counter()
    index = _index(people)
    n = len(people)
    if n == 0:
        raise InvalidInput("there are no participants")
    given = sum(x is not None for x in (tables, table_size, sizes))
    if given != 1:
        raise InvalidInput("give exactly one of tables, table_size and sizes")
    lower: int | list[int]
    upper: int | list[int]
    if tables is not None:
        if tables < 1:
            raise InvalidInput("tables must be at least 1")
        m = tables
        lower, upper = n // m, -(-n // m)
    elif table_size is not None:
        if table_size < 1:
            raise InvalidInput("table_size must be at least 1")
        m = -(-n // table_size)
        lower, upper = n // m, -(-n // m)
    else:
        assert sizes is not None
        caps = [int(s) for s in sizes]
        if not caps or min(caps) < 1:
            raise InvalidInput("sizes must be positive")
        m = len(caps)
        total = sum(caps)
        if total < n:
            raise InvalidInput(f"the tables seat {total} but there are {n} participants")
        upper = caps
        lower = [min(c, (n * c) // total) for c in caps]
    d = diversity_matrix(people, weights=weights, related_projects=related_projects)
    hist_idx = _pairs(history, index, "history", strict=False)
    forb_idx = _pairs(forbidden, index, "forbidden", strict=False)
    fixed_idx: dict[int | tuple[int, int], int] = {}
    for key, t in (fixed or {}).items():
        pid = key[0] if isinstance(key, tuple) else key
        if pid not in index:
            raise InvalidInput(f"fixed: unknown participant id {pid!r}")
        fixed_idx[(index[pid], int(key[1])) if isinstance(key, tuple) else index[pid]] = int(t)
    prev_idx = None
    if previous is not None:
        prev_idx = [[[index[p] for p in table if p in index] for table in rnd] for rnd in previous]
    locked_idx = []
    for pid in locked:
        if pid not in index:
            raise InvalidInput(f"locked: unknown participant id {pid!r}")
        locked_idx.append(index[pid])
    res = solve_rounds(
        d,
        rounds=rounds,
        tables=m,
        lower=lower,
        upper=upper,
        history=hist_idx,
        organisation=[p.organisation for p in people],
        forbidden=forb_idx,
        fixed=fixed_idx,
        previous=prev_idx,
        locked=locked_idx,
        seconds=max(0.05, seconds - (time.perf_counter() - t0)),  # the budget covers the preparation too
        seed=seed,
        max_iterations=max_iterations,
        progress=progress,
    )
    ids = [p.id for p in people]
    plan = [[[ids[i] for i in table] for table in rnd] for rnd in res.rounds]
    hist_ids = {(min(a, b), max(a, b)) for a, b in ((ids[i], ids[j]) for i, j in hist_idx)}
    meet = int(np.ceil(n / m)) - 1
    unavoidable, reasons = _explain(people, m, rounds, res.same_org_pairs, res.repeat_pairs, meet,
                                    min(len(t) for t in res.rounds[0]))
    return TablePlan(
        rounds=plan,
        objective=res.objective,
        same_org_pairs=res.same_org_pairs,
        repeat_pairs=res.repeat_pairs,
        new_cross_org_pairs=_new_cross(people, plan, hist_ids),
        unavoidable=unavoidable,
        changed_seats=res.changed_seats,
        seconds=time.perf_counter() - t0,
        unavoidable_reasons=reasons,
    )


def evaluate_plan(
    people: Sequence[Participant],
    rounds: Sequence[Sequence[Sequence[str]]],
    *,
    history: History = (),
    previous: Sequence[Sequence[Sequence[str]]] | None = None,
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
    unavoidable, reasons = _explain(people, max(1, len(sizes)), len(rounds), same, repeats, max(sizes) - 1,
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
    previous: Sequence[Sequence[Sequence[str]]],
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


def plan_speed(
    people: Sequence[Participant],
    *,
    rounds: int,
    history: History = (),
    forbidden: Iterable[tuple[str, str]] = (),
    affinity: npt.ArrayLike | None = None,
    weights: Weights | None = None,
    related_projects: RelatedProjects | None = None,
    previous: Sequence[Sequence[Sequence[str]]] | None = None,
    locked: Iterable[str] = (),
    change_penalty: float | None = None,
    seconds: float = 5.0,
    seed: int | None = None,
    progress: Progress | None = None,
    max_iterations: int | None = None,
) -> SpeedPlan:
    """Plan ``rounds`` rounds of speed dating (pairs; one triad per round when the count is odd).

    ``affinity`` (an (n, n) matrix in the order of ``people``) defaults to :func:`affinity_matrix` with
    ``weights`` and ``related_projects``. Use :func:`pair_reasons` to say why two people were paired.

    ``previous`` (rounds of pairs of ids, e.g. the plan before late arrivals and no-shows) makes a recompute
    keep what it can: a pair whose people are both present and not in conflict (met before, kept apart, or met
    in an earlier round of the kept plan) stays, and breaking it costs ``change_penalty`` per seat (default:
    more than any gain in affinity, less than a repeat or a same-organisation pair). People in ``locked`` keep
    their pair slot in every round (their partner stays too unless that is a conflict or the partner is gone).

    Examples
    --------
    >>> people = [Participant(f"p{i}", organisation=f"org{i % 4}") for i in range(10)]
    >>> plan = plan_speed(people, rounds=5, seed=1, seconds=1)
    >>> len(plan.rounds), len(plan.rounds[0]), plan.repeat_pairs, plan.same_org_pairs
    (5, 5, 0, 0)
    >>> odd = plan_speed(people[:9], rounds=2, history=[("p0", "p1")], seed=1, seconds=1)
    >>> sorted(len(p) for p in odd.rounds[0]), odd.repeat_pairs
    ([2, 2, 2, 3], 0)
    >>> again = plan_speed(people, rounds=5, previous=plan.rounds, seed=2, seconds=1)
    >>> again.kept_pairs, again.changed_seats, again.repeat_pairs
    (25, 0, 0)
    """
    t0 = time.perf_counter()
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
    hist_idx = _pairs(history, index, "history", strict=False)
    forb_idx = _pairs(forbidden, index, "forbidden", strict=False)
    locked_idx = []
    for pid in locked:
        if pid not in index:
            raise InvalidInput(f"locked: unknown participant id {pid!r}")
        locked_idx.append(index[pid])
    kept: list[list[list[int]]] | None = None
    if previous is not None:
        conflict = {(min(a, b), max(a, b)) for a, b in (*hist_idx, *forb_idx)}
        kept = _kept_speed_groups(previous, rounds, index, conflict, odd=n % 2 == 1)
    if kept is not None:
        res = solve_speed(
            w,
            rounds,
            history=hist_idx,
            organisation=[p.organisation for p in people],
            forbidden=forb_idx,
            previous=kept,
            locked=locked_idx,
            change_penalty=change_penalty,
            seconds=max(0.05, seconds - (time.perf_counter() - t0)),
            seed=seed,
            max_iterations=max_iterations,
            progress=progress,
        )
    else:
        res = solve_speed(
            w,
            rounds,
            history=hist_idx,
            organisation=[p.organisation for p in people],
            forbidden=forb_idx,
            seconds=max(0.05, seconds - (time.perf_counter() - t0)),  # the budget covers the preparation too
            seed=seed,
            max_iterations=max_iterations,
            progress=progress,
        )
    ids = [p.id for p in people]
    plan = [[tuple(ids[i] for i in pair) for pair in rnd] for rnd in res.rounds]
    hist_ids = {(min(a, b), max(a, b)) for a, b in ((ids[i], ids[j]) for i, j in hist_idx)}
    unavoidable, reasons = _explain(people, n // 2, rounds, res.same_org_pairs, res.repeat_pairs, 1,
                                    min(len(p) for p in res.rounds[0]))
    kept_pairs = changed = 0
    if previous is not None:
        for k, rnd in enumerate(previous[:rounds]):
            before = {(min(a, b), max(a, b)) for g in rnd for x, a in enumerate(g) for b in g[x + 1:]}
            now = {(min(a, b), max(a, b)) for g in plan[k] for x, a in enumerate(g) for b in g[x + 1:]}
            kept_pairs += len(before & now)
            mates_before = {p: frozenset(g) - {p} for g in rnd for p in g}
            changed += sum(1 for g in plan[k] for p in g if p in mates_before and mates_before[p] != frozenset(g) - {p})
    return SpeedPlan(
        rounds=plan,
        objective=res.objective,
        same_org_pairs=res.same_org_pairs,
        repeat_pairs=res.repeat_pairs,
        new_cross_org_pairs=_new_cross(people, plan, hist_ids),
        unavoidable=unavoidable,
        seconds=time.perf_counter() - t0,
        changed_seats=changed,
        kept_pairs=kept_pairs,
        unavoidable_reasons=reasons,
    )

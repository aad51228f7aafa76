"""The adapter between the database and the grouping engine: the only place that turns registrations, the series
memory and a plan's options into engine input (:func:`request_for`), runs the engine (:func:`solve`) and turns
its output into seats (:func:`seats_for`).

A request is plain data (:class:`Request`): it can be logged, replayed or planned together with others. Every
plan is computed with a seed (chosen here when the caller gives none) and records it with the engine version
(``optimiser.__version__``) and the iterations done (``stats["iterations"]``): ``request_for(plan, seed=plan.seed,
max_iterations=plan.stats["iterations"])`` gives the same seats again with the same engine version.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

import optimiser
from motesplats.events.enums import RegistrationStatus
from motesplats.events.models import Event, Registration
from motesplats.registry.models import Person, Project
from optimiser import Participant, Weights, plan_speed, plan_tables
from optimiser.errors import InvalidInput
from optimiser.rng import new_seed

from .models import Encounter, Plan, PlanKind, Seat

log = logging.getLogger(__name__)

ENGINE_VERSION = optimiser.__version__
Grid = list[list[list[str]]]
"""Rounds of tables (or pairs) of person ids as strings, the engine's ids."""
Progress = Callable[[float, float], None]


# --- the database in the engine's terms -------------------------------------------------------------


def participant(person: Person, project: Project | None) -> Participant:
    """One person as the engine sees them (themes by name, so that shared themes can be shown)."""
    return Participant(
        id=str(person.pk), name=person.name, organisation=str(person.organisation_id),
        project=str(project.pk) if project is not None else "", role=(person.title or "").strip().lower(),
        themes=frozenset(t.name for t in project.themes.all()) if project is not None else frozenset())


@dataclass(frozen=True)
class People:
    participants: list[Participant]
    persons: dict[str, Person]
    projects: dict[str, Project | None]  # participant id -> the project they registered with


def participant_registrations(event: Event, *, checked_in_only: bool = False) -> QuerySet[Registration]:
    """Who takes part in the event's networking: confirmed registrations of people (only those checked in)."""
    qs = (Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED, person__isnull=False)
          .select_related("person__organisation", "project").prefetch_related("project__themes")
          .order_by("person__name", "pk"))
    if checked_in_only:
        qs = qs.filter(checked_in_at__isnull=False)
    return qs


def participants_of(event: Event, *, checked_in_only: bool = False) -> People:
    """The confirmed (or checked-in) participants of the event, in the engine's terms."""
    participants, persons, projects = [], {}, {}
    for reg in participant_registrations(event, checked_in_only=checked_in_only):
        person = reg.person
        assert person is not None
        participants.append(participant(person, reg.project))
        persons[str(person.pk)] = person
        projects[str(person.pk)] = reg.project
    return People(participants, persons, projects)


def related_projects(people: People) -> dict[tuple[str, str], float]:
    """How related the projects at the seminar are: discovery's similarity where it exists, else theme overlap."""
    present = {str(p.pk): p for p in people.projects.values() if p is not None}
    out: dict[tuple[str, str], float] = {}
    try:
        from motesplats.discovery.selectors import similar_projects

        for key, project in present.items():
            for rel in similar_projects(project=project, user=None, k=10, other_orgs_only=False):
                other = str(rel.project.pk)
                if other in present and other != key:
                    out[(key, other)] = max(out.get((key, other), 0.0), min(1.0, float(rel.score)))
    except Exception:  # discovery is optional: its index may be missing or still being built
        log.info("project similarity unavailable; using theme overlap", exc_info=True)
        out = {}
    if out:
        return out
    themes = {k: frozenset(t.slug for t in p.themes.all()) for k, p in present.items()}
    keys = sorted(themes)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            union = themes[a] | themes[b]
            if union and themes[a] & themes[b]:
                out[(a, b)] = len(themes[a] & themes[b]) / len(union)
    return out


def _key(a: Any, b: Any) -> tuple[str, str]:
    """A pair of person ids as the engine's ids, the lower id first."""
    x, y = sorted((int(a), int(b)))
    return str(x), str(y)


def history_places(event: Event, person_ids: Sequence[str] | None = None, *,
                   exclude_plans: Sequence[int] = (), same_day: bool = True) -> dict[tuple[str, str], str]:
    """Every pair that met before, with where they met: at another seminar of the series (the series memory)
    and, with ``same_day``, in the event's other networking items, published or not (their seats as they are
    now), except the plans in ``exclude_plans``. The place is the seminar's title, or the item's title with
    its round when it has several."""
    ids = [int(p) for p in person_ids] if person_ids is not None else None
    out: dict[tuple[str, str], str] = {}
    qs = Encounter.objects.filter(series_id=event.series_id).exclude(event=event)
    if ids is not None:
        qs = qs.filter(person_a_id__in=ids, person_b_id__in=ids)
    for a, b, title in qs.values_list("person_a_id", "person_b_id", "event__title").order_by("event__starts_at"):
        out.setdefault(_key(a, b), title)
    if not same_day:
        return out
    seats = Seat.objects.filter(plan__agenda_item__event=event).exclude(plan_id__in=list(exclude_plans))
    if ids is not None:
        seats = seats.filter(person_id__in=ids)
    groups: dict[tuple[int, int, int], list[int]] = {}
    titles: dict[int, str] = {}
    rounds: dict[int, int] = {}
    for plan_id, rnd, table, person_id, title in seats.values_list(
            "plan_id", "round", "table", "person_id", "plan__agenda_item__title"):
        groups.setdefault((plan_id, rnd, table), []).append(person_id)
        titles[plan_id] = title
        rounds[plan_id] = max(rounds.get(plan_id, 0), rnd + 1)
    for (plan_id, rnd, _table), members in sorted(groups.items()):
        title = titles[plan_id]
        place = (_("%(item)s, runda %(round)d") % {"item": title, "round": rnd + 1}) if rounds[plan_id] > 1 else title
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                out.setdefault(_key(a, b), place)
    return out


def series_history(event: Event, person_ids: list[str] | None = None, *, plan: Plan | None = None,
                   exclude_plans: Sequence[int] = ()) -> list[tuple[str, str]]:
    """Every pair that met at other seminars of the event's series (both kinds); with `plan` (or
    ``exclude_plans``), also the pairs of the same seminar's other networking items, published or not: the day
    is one plan, so round tables after speed dating meet new people (see :func:`history_places`)."""
    same_day = plan is not None or bool(exclude_plans)
    excluded = [*exclude_plans, *([plan.pk] if plan is not None else [])]
    return sorted(history_places(event, person_ids, exclude_plans=excluded, same_day=same_day))


def current_grid(plan: Plan) -> Grid:
    """The plan's seats as rounds of tables of person ids (empty tables kept)."""
    grid: Grid = [[[] for _ in range(int(plan.options.get("tables_count", 0)))]
                  for _ in range(int(plan.options.get("rounds", 1)))]
    for r, t, person_id in plan.seats.order_by("round", "table", "person__name").values_list(
            "round", "table", "person_id"):
        while r >= len(grid):
            grid.append([])
        while t >= len(grid[r]):
            grid[r].append([])
        grid[r][t].append(str(person_id))
    return grid


class TooFewPeople(InvalidInput):
    """Nobody to seat (round tables) or fewer than two (speed dating)."""


# --- budget and request ------------------------------------------------------------------------------


def planning_seconds(n: int) -> float:
    """Search time: a few seconds for a seminar of 70, at most half a minute for 500."""
    return float(min(30.0, max(2.0, n / 20)))


@dataclass(frozen=True)
class Budget:
    """How long the engine searches: ``seconds``, or ``iterations`` (reproducible) when given."""

    seconds: float
    iterations: int | None = None


def budget_for(n: int) -> Budget:
    """The budget of a plan of ``n`` people."""
    return Budget(seconds=planning_seconds(n))


def _budget(n: int, seconds: float | None, iterations: int | None) -> Budget:
    default = budget_for(n)
    return Budget(seconds=default.seconds if seconds is None else seconds,
                  iterations=default.iterations if iterations is None else iterations)


@dataclass(frozen=True)
class Request:
    """Everything the engine needs for one plan, as plain data."""

    kind: str
    participants: list[Participant]
    rounds: int
    history: list[tuple[str, str]]
    forbidden: list[tuple[str, str]]
    weights: Weights
    related: dict[tuple[str, str], float]
    seed: int
    budget: Budget
    tables: int | None = None
    table_size: int | None = None
    sizes: list[int] | None = None
    fixed: dict[str, int] = field(default_factory=dict)
    previous: Grid | None = None
    locked: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    """The engine's answer: seats as ``grid[round][table] = [person id, ...]`` and the plan's statistics."""

    grid: Grid
    stats: dict[str, Any]
    seed: int
    engine_version: str


def request_for(plan: Plan, *, seconds: float | None = None, max_iterations: int | None = None,
                seed: int | None = None, exclude_plans: Sequence[int] = ()) -> Request:
    """The engine input for the plan's options: who takes part, what they met before, who is kept apart,
    hosts, and, on a recompute, the current seats and who is locked. The budget is :func:`budget_for` the
    number of people unless ``seconds`` or ``max_iterations`` are given; the seed is drawn when none is given.
    The history is the series memory and the seats of the event's other items (the day is one plan), except
    those in ``exclude_plans`` (planned together with this one, see :func:`solve_day`). Raises :class:`TooFewPeople` when there is nobody to plan for."""
    opts = plan.options
    people = participants_of(plan.event, checked_in_only=bool(opts.get("checked_in_only")))
    ids = [p.id for p in people.participants]
    present = set(ids)
    previous = current_grid(plan) if opts.get("recompute") else None
    locked = ([str(p) for p in plan.seats.filter(locked=True).values_list("person_id", flat=True)
               if str(p) in present] if previous else [])
    request = Request(
        kind=plan.kind,
        participants=people.participants,
        rounds=1,
        history=series_history(plan.event, ids, plan=plan, exclude_plans=exclude_plans),
        forbidden=[(str(a), str(b)) for a, b in opts.get("apart", []) if str(a) in present and str(b) in present],
        weights=Weights(organisation=float(opts.get("w_organisation", 1.0)),
                        related=float(opts.get("w_related", 0.5)), role=float(opts.get("w_role", 0.3))),
        related=related_projects(people),
        seed=new_seed() if seed is None else int(seed),
        budget=_budget(len(ids), seconds, max_iterations),
        previous=previous,
        locked=locked,
    )
    if len(ids) < (2 if plan.kind == PlanKind.SPEED else 1):
        raise TooFewPeople(f"{len(ids)} participant(s)")
    if plan.kind == PlanKind.SPEED:
        # late arrivals and no-shows: pairs whose people are both still here stay, locked people keep theirs
        return replace(request, rounds=int(opts.get("rounds") or plan.agenda_item.rounds or 3))
    return _tables_request(request, plan, present)


def _tables_request(request: Request, plan: Plan, present: set[str]) -> Request:
    """Round tables: the table count (or size), hosts at their tables, and on a recompute the previous seats
    only when the table layout is unchanged."""
    opts = plan.options
    n = len(request.participants)
    rounds = int(opts.get("rounds") or 1)
    tables = opts.get("tables") or (None if opts.get("table_size") else plan.agenda_item.tables or 8)
    tables = min(int(tables), n) if tables else None
    fixed = {str(p): int(t) for p, t in opts.get("hosts", []) if str(p) in present}
    if tables is not None:
        fixed = {p: t for p, t in fixed.items() if t < tables}
    prev = request.previous
    if not (prev and len(prev) == rounds and all(len(r) == tables for r in prev)):
        prev = None
    sizes = _sizes_keeping_locked_tables(prev, tables, request.locked, n) if prev and tables else None
    return replace(request, rounds=rounds, tables=None if sizes else tables, sizes=sizes,
                   table_size=None if (tables or sizes) else int(opts["table_size"]), fixed=fixed, previous=prev,
                   locked=request.locked if prev else [])


def _sizes_keeping_locked_tables(prev: Grid, tables: int, locked: Sequence[str], n: int) -> list[int] | None:
    """Table capacities that keep a table whose people are all locked whole (it gets nobody new) and share
    the other people evenly over the open tables; None when that cannot seat everyone."""
    locked_set = set(locked)
    whole = [all(all(p in locked_set for p in rnd[t]) and rnd[t] for rnd in prev) for t in range(tables)]
    open_tables = tables - sum(whole)
    seated = sum(len(prev[0][t]) for t in range(tables) if whole[t])
    share = -(-(n - seated) // open_tables) if open_tables else 0
    caps = [len(prev[0][t]) if whole[t] else share for t in range(tables)]
    for rnd in prev:
        for t, table in enumerate(rnd):
            caps[t] = max(caps[t], sum(1 for p in table if p in locked_set))
    return caps if sum(caps) >= n and min(caps) > 0 else None


# --- the engine and its answer -----------------------------------------------------------------------


def solve(request: Request, *, progress: Progress | None = None) -> Outcome:
    """Run the engine for a request. Raises ``optimiser.OptimiserError`` (or ``ValueError``) on bad input."""
    common: dict[str, Any] = dict(
        history=request.history, forbidden=request.forbidden, weights=request.weights,
        related_projects=request.related, previous=request.previous, locked=request.locked,
        seconds=request.budget.seconds, max_iterations=request.budget.iterations, seed=request.seed,
        progress=progress)
    recompute = request.previous is not None
    if request.kind == PlanKind.SPEED:
        speed = plan_speed(request.participants, rounds=request.rounds, sit_out=True, **common)
        grid: Grid = [[list(pair) for pair in rnd] for rnd in speed.rounds]
        stats = _stats(speed, recompute)
        stats["kept_pairs"] = speed.kept_pairs if recompute else None
    else:
        tables = plan_tables(request.participants, tables=request.tables, table_size=request.table_size,
                             sizes=request.sizes, rounds=request.rounds, fixed=request.fixed or None, **common)
        grid = tables.rounds
        stats = _stats(tables, recompute)
    stats.update(participants=len(request.participants), history_pairs=len(request.history))
    return Outcome(grid=grid, stats=stats, seed=request.seed, engine_version=ENGINE_VERSION)


def _pairs_of(grid: Grid) -> set[tuple[str, str]]:
    return {_key(a, b) for rnd in grid for table in rnd for i, a in enumerate(table) for b in table[i + 1:]}


def _day_score(request: Request, grid: Grid, history: set[tuple[str, str]]) -> tuple[int, int]:
    """(repeats, same-organisation pairs) of one item's grid against ``history`` (the day's other items too)."""
    result = optimiser.evaluate_plan(request.participants, grid, history=history)
    return result.repeat_pairs, result.same_org_pairs


def solve_day(requests: Sequence[Request], *, progress: Progress | None = None) -> list[Outcome]:
    """Plan every networking item of a day together: each item is planned with the series history and the
    pairs of the day's other items as history, in agenda order; while repeats or same-organisation pairs
    remain anywhere in the day, a second pass plans every item again knowing all the others (later items
    included), and keeps the new plan of an item when it has fewer (the engine trades between items).

    Each request's budget is shared: 60 % for the first pass, 40 % for the second. The requests'
    history must leave out the other items of the day (``request_for(..., exclude_plans=...)``). Seeds:
    item ``i`` of pass ``p`` uses ``seed + 1000 * p + i`` of its request."""
    outcomes: list[Outcome | None] = [None] * len(requests)
    base = [set(map(tuple, r.history)) for r in requests]

    def others(i: int) -> set[tuple[str, str]]:
        out: set[tuple[str, str]] = set()
        for j, o in enumerate(outcomes):
            if j != i and o is not None:
                out |= _pairs_of(o.grid)
        return out

    def share(r: Request, part: float) -> Budget:
        its = None if r.budget.iterations is None else max(1, int(r.budget.iterations * part))
        return Budget(seconds=max(0.2, r.budget.seconds * part), iterations=its)

    total = 2 * len(requests)
    step = [0]

    def sub(fraction: float, best: float) -> None:
        if progress is not None:
            progress((step[0] + fraction) / total, best)

    passes = 0
    for p, part in enumerate((0.6, 0.4)):
        if p and not any(sum(_day_score(r, o.grid, base[i] | others(i))) for i, (r, o) in
                         enumerate(zip(requests, outcomes, strict=True)) if o is not None):
            break  # nothing to trade: no repeats and no colleagues anywhere in the day
        passes += 1
        for i, request in enumerate(requests):
            history = base[i] | others(i)
            attempt = solve(replace(request, history=sorted(history), budget=share(request, part),
                                    seed=request.seed + 1000 * p + i), progress=sub)
            step[0] += 1
            current = outcomes[i]
            if current is None or (_day_score(request, attempt.grid, history)
                                   < _day_score(request, current.grid, history)):
                outcomes[i] = attempt
    done = [o for o in outcomes if o is not None]
    for i, o in enumerate(done):
        o.stats.update(day_passes=passes, day_items=len(done),
                       repeat_pairs=_day_score(requests[i], o.grid, base[i] | others(i))[0],
                       history_pairs=len(base[i] | others(i)))
    return done


def _stats(result: optimiser.TablePlan | optimiser.SpeedPlan, recompute: bool) -> dict[str, Any]:
    return {"objective": result.objective, "same_org_pairs": result.same_org_pairs,
            "repeat_pairs": result.repeat_pairs, "new_cross_org_pairs": result.new_cross_org_pairs,
            "unavoidable": result.unavoidable,
            "unavoidable_reasons": [list(r) for r in result.unavoidable_reasons],
            "changed_seats": result.changed_seats if recompute else None,
            "seconds": round(result.seconds, 2), "iterations": result.iterations,
            "stopped_early": result.stopped_early}


def seats_for(plan: Plan, grid: Grid, *, locked: set[int]) -> list[Seat]:
    """Unsaved seats of the engine's answer; people in ``locked`` keep their lock."""
    return [Seat(plan=plan, round=r, table=t, person_id=int(pid), locked=int(pid) in locked)
            for r, rnd in enumerate(grid) for t, table in enumerate(rnd) for pid in table]

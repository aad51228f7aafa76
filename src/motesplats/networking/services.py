"""Writes of networking: start and compute plans, adjust seats, publish (with the series memory), outcomes."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motesplats.audit import services as audit
from motesplats.common import permissions
from motesplats.common.errors import ApplicationError
from motesplats.common.locks import for_update
from motesplats.events.models import AgendaItem, Event
from optimiser import OptimiserError
from optimiser.rng import new_seed

from . import planning, selectors
from .models import Encounter, Plan, PlanKind, PlanStatus, PlanVersion, Seat, TableOutcome
from .signals import day_requested, plan_requested


class NetworkingError(ApplicationError):
    """The plan's state does not allow the change (it is being computed, a seat is locked, ...)."""

    code = "networking_conflict"
    status = 409
    title = gettext_lazy("Planen kan inte ändras så just nu.")


def _check(by: Any) -> None:
    if by is not None and not permissions.can_manage_events(by):
        raise PermissionDenied


@dataclass(frozen=True)
class PlanOptions:
    rounds: int = 1
    tables: int | None = None
    table_size: int | None = None
    w_organisation: float = 1.0
    w_related: float = 0.5
    w_role: float = 0.3
    hosts: tuple[tuple[int, int], ...] = ()  # (person id, table index)
    apart: tuple[tuple[int, int], ...] = ()
    checked_in_only: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"rounds": self.rounds, "tables": self.tables, "table_size": self.table_size,
                "w_organisation": self.w_organisation, "w_related": self.w_related, "w_role": self.w_role,
                "hosts": [list(h) for h in self.hosts], "apart": [list(a) for a in self.apart],
                "checked_in_only": self.checked_in_only}


@transaction.atomic
def plan_request(*, item: AgendaItem, options: PlanOptions, by: Any = None, recompute: bool = False) -> Plan:
    """Queue a (re)computation of the item's plan; the task does the work. Locked seats survive a recompute.

    After the commit, `signals.plan_requested` tells the task layer to start.
    """
    _check(by)
    plan, _created = for_update(Plan.objects.all()).get_or_create(
        agenda_item=item, defaults={"kind": selectors.plan_kind_for(item)})
    if not _created and plan.is_busy and (timezone.now() - plan.updated).total_seconds() < 120:
        raise NetworkingError(_("Planen beräknas redan. Vänta tills den är klar."))
    keep = {k: v for k, v in plan.options.items() if k in ("rounds", "tables_count")}
    plan.options = {**keep, **options.as_json(), "recompute": recompute}
    plan.status, plan.progress, plan.error = PlanStatus.QUEUED, 0.0, ""
    plan.save()
    if recompute:
        audit.record(actor=by, action=audit.Action.RECOMPUTE, target=plan, data={"item": str(item)})
    transaction.on_commit(lambda: plan_requested.send(sender=Plan, plan_id=plan.pk))
    return plan


def _day_plans(event: Event, *, checked_in_only: bool | None = None) -> list[Plan]:
    """A plan for every networking item of the event, in agenda order (new ones from the agenda's numbers)."""
    plans = []
    for item in selectors.networking_items(event):
        plan, created = Plan.objects.get_or_create(agenda_item=item, defaults={"kind": selectors.plan_kind_for(item)})
        if created or not plan.options:
            speed = plan.kind == PlanKind.SPEED
            plan.options = PlanOptions(rounds=(item.rounds or 3) if speed else 1,
                                       tables=None if speed else (item.tables or 8)).as_json()
        if checked_in_only is not None:
            plan.options = {**plan.options, "checked_in_only": checked_in_only}
        plan.options = {**plan.options, "recompute": False}
        plan.save()
        plans.append(plan)
    return plans


@transaction.atomic
def day_request(*, event: Event, by: Any = None, checked_in_only: bool | None = None) -> list[Plan]:
    """Queue planning of the whole day: every networking item of the event at once (see :func:`day_compute`)."""
    _check(by)
    if Plan.objects.filter(agenda_item__event=event, status__in=[PlanStatus.QUEUED, PlanStatus.RUNNING],
                           updated__gt=timezone.now() - timedelta(seconds=120)).exists():
        raise NetworkingError(_("Planen beräknas redan. Vänta tills den är klar."))
    plans = _day_plans(event, checked_in_only=checked_in_only)
    Plan.objects.filter(pk__in=[p.pk for p in plans if not p.published_at]).update(
        status=PlanStatus.QUEUED, progress=0.0, error="")
    transaction.on_commit(lambda: day_requested.send(sender=Event, event_id=event.pk))
    return plans


def day_compute(*, event: Event, seconds: float | None = None, seed: int | None = None,
                max_iterations: int | None = None, checked_in_only: bool | None = None) -> list[Plan]:
    """Plan every networking item of the event as one day (:func:`planning.solve_day`): no pair meets twice
    across the day's items and the series. Published items keep their seats and count as history; the others
    are stored as drafts. ``seconds`` (or ``max_iterations``) is the budget of the whole day, shared by the
    items. Returns the event's plans in agenda order."""
    plans = _day_plans(event, checked_in_only=checked_in_only)
    todo = [p for p in plans if not p.published_at]
    if not todo:
        return plans
    Plan.objects.filter(pk__in=[p.pk for p in todo]).update(status=PlanStatus.RUNNING, progress=0.0)
    each_seconds = None if seconds is None else seconds / len(todo)
    each_iterations = None if max_iterations is None else max(1, max_iterations // len(todo))
    seed = new_seed() if seed is None else int(seed)
    try:
        requests = [planning.request_for(p, seconds=each_seconds, max_iterations=each_iterations, seed=seed,
                                         exclude_plans=[q.pk for q in todo]) for p in todo]
        outcomes = planning.solve_day(requests, progress=_day_progress_writer(todo))
    except (OptimiserError, ValueError) as error:
        for p in todo:
            _failed(p, error)
        return [Plan.objects.get(pk=p.pk) for p in plans]
    for p, outcome in zip(todo, outcomes, strict=True):
        outcome.stats["day_seed"] = seed
        _store(p, outcome)
    return [Plan.objects.get(pk=p.pk) for p in plans]


def _day_progress_writer(plans: list[Plan]) -> Callable[[float, float], None]:
    last = [0.0]

    def report(fraction: float, _best: float) -> None:
        now = time.monotonic()
        if now - last[0] < 0.5:
            return
        last[0] = now
        Plan.objects.filter(pk__in=[p.pk for p in plans]).update(progress=min(0.99, max(0.0, float(fraction))))

    return report


def _progress_writer(plan: Plan) -> Callable[[float, float], None]:
    last = [0.0]

    def report(fraction: float, _best: float) -> None:
        now = time.monotonic()
        if now - last[0] < 0.5:
            return
        last[0] = now
        Plan.objects.filter(pk=plan.pk).update(progress=min(0.99, max(0.0, float(fraction))))

    return report


def plan_compute(*, plan: Plan, seconds: float | None = None, seed: int | None = None,
                 max_iterations: int | None = None) -> Plan:
    """Run the engine for the plan's options and store the seats, with the seed and engine version that
    produced them. Called by the task (or the demo); ``seconds`` or ``max_iterations`` override the budget
    that the plan's size gives (see :mod:`.planning`). A published plan is not changed: the new seats wait in
    ``plan.pending`` until the organiser confirms them (:func:`plan_pending_apply`)."""
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.RUNNING, progress=0.0)
    try:
        request = planning.request_for(plan, seconds=seconds, max_iterations=max_iterations, seed=seed)
        outcome = planning.solve(request, progress=_progress_writer(plan))
    except (OptimiserError, ValueError) as error:
        return _failed(plan, error)
    return _store(plan, outcome)


def _failed(plan: Plan, error: Exception) -> Plan:
    reason = _("för få deltagare") if isinstance(error, planning.TooFewPeople) or not str(error) else str(error)
    Plan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.PUBLISHED if plan.published_at else PlanStatus.FAILED, progress=0.0,
        error=_("Planen gick inte att beräkna: %(reason)s") % {"reason": reason})
    plan.refresh_from_db()
    return plan


@transaction.atomic
def _store(plan: Plan, outcome: planning.Outcome) -> Plan:
    plan = for_update(Plan.objects.all()).get(pk=plan.pk)
    recompute = bool(plan.options.get("recompute"))
    if plan.published_at:
        before = planning.current_grid(plan)
        changes = seat_changes(plan.kind, before, outcome.grid)
        plan.pending = {"grid": outcome.grid, "stats": outcome.stats, "seed": outcome.seed,
                        "engine_version": outcome.engine_version, "people": sorted({c["person"] for c in changes}),
                        "action": "recompute" if recompute else "replace"}
        plan.options = {**plan.options, "recompute": False}
        plan.status, plan.progress = PlanStatus.PUBLISHED, 1.0
        plan.save()
        return plan
    _replace_seats(plan, outcome.grid, recompute=recompute)
    plan.stats = outcome.stats
    plan.seed, plan.engine_version = outcome.seed, outcome.engine_version
    plan.status, plan.progress, plan.pending = PlanStatus.READY, 1.0, None
    plan.save()
    _ensure_outcomes(plan)
    return plan


def _replace_seats(plan: Plan, grid: planning.Grid, *, recompute: bool) -> None:
    was_locked = set(plan.seats.filter(locked=True).values_list("person_id", flat=True)) if recompute else set()
    plan.seats.all().delete()
    Seat.objects.bulk_create(planning.seats_for(plan, grid, locked=was_locked))
    plan.options = {**plan.options, "rounds": len(grid), "tables_count": max((len(r) for r in grid), default=0),
                    "recompute": False}


# --- published means promised: changes, versions, notices -------------------------------------------


def seat_changes(kind: str, before: planning.Grid, after: planning.Grid) -> list[dict[str, Any]]:
    """Seats that differ between two grids, per person and round: ``{"person", "round", "before",
    "after"}`` (table indices, None when absent). Round tables: the table differs; speed dating: the partners
    differ (a pair's number alone is not a change)."""
    out: list[dict[str, Any]] = []
    for r in range(max(len(before), len(after))):
        b_rnd = before[r] if r < len(before) else []
        a_rnd = after[r] if r < len(after) else []
        b_at = {int(p): t for t, g in enumerate(b_rnd) for p in g}
        a_at = {int(p): t for t, g in enumerate(a_rnd) for p in g}
        b_mates = {int(p): frozenset(map(int, g)) - {int(p)} for g in b_rnd for p in g}
        a_mates = {int(p): frozenset(map(int, g)) - {int(p)} for g in a_rnd for p in g}
        for person in sorted(set(b_at) | set(a_at)):
            moved = (b_mates.get(person) != a_mates.get(person) if kind == PlanKind.SPEED
                     else b_at.get(person) != a_at.get(person))
            if moved or (person in b_at) != (person in a_at):
                out.append({"person": person, "round": r, "before": b_at.get(person), "after": a_at.get(person)})
    return out


class ConfirmationNeeded(NetworkingError):
    """A change to a published plan: the organiser must confirm it, knowing how many people it affects."""

    code = "networking_confirmation_needed"
    title = gettext_lazy("Ändringen av en publicerad plan måste bekräftas.")

    def __init__(self, people: int) -> None:
        self.people = people
        super().__init__(_("Planen är publicerad: ändringen flyttar %(n)d personer, som får ett mejl. Bekräfta.")
                         % {"n": people})


def _version(plan: Plan, *, action: str, changes: list[dict[str, Any]], by: Any) -> PlanVersion | None:
    """Keep the change as a version and tell the people whose seats changed (after the commit)."""
    if not changes:
        return None
    number = (plan.versions.aggregate(m=models.Max("number"))["m"] or 0) + 1
    version = PlanVersion.objects.create(
        plan=plan, number=number, action=action, changes=changes, by=by if getattr(by, "pk", None) else None,
        people=sorted({c["person"] for c in changes}))
    from .mail import queue_seat_changed_mails

    queue_seat_changed_mails(version.pk)
    return version


@transaction.atomic
def plan_pending_apply(*, plan: Plan, by: Any = None) -> PlanVersion | None:
    """Put a confirmed recompute of a published plan in place: a new version, mails to the people it moves."""
    _check(by)
    plan = for_update(Plan.objects.all()).get(pk=plan.pk)
    pending = plan.pending
    if not pending:
        raise NetworkingError(_("Det finns ingen ny beräkning att bekräfta."))
    changes = seat_changes(plan.kind, planning.current_grid(plan), pending["grid"])
    _replace_seats(plan, pending["grid"], recompute=pending.get("action") == "recompute")
    plan.stats = pending["stats"]
    plan.seed, plan.engine_version = pending["seed"], pending["engine_version"]
    plan.pending = None
    plan.save()
    _record_encounters(plan)
    _ensure_outcomes(plan)
    return _version(plan, action=pending.get("action", "recompute"), changes=changes, by=by)


@transaction.atomic
def plan_pending_discard(*, plan: Plan, by: Any = None) -> Plan:
    _check(by)
    Plan.objects.filter(pk=plan.pk).update(pending=None)
    plan.refresh_from_db()
    return plan


def _refresh_counts(plan: Plan) -> None:
    counts = selectors.plan_counts(plan)
    plan.stats = {**plan.stats, "same_org_pairs": counts.same_org_pairs, "repeat_pairs": counts.repeat_pairs,
                  "new_cross_org_pairs": counts.new_cross_org_pairs, "adjusted": True}
    plan.save(update_fields=["stats", "updated"])
    if plan.is_published:
        _record_encounters(plan)


def _seat(plan: Plan, person_id: int, round_: int) -> Seat:
    seat = plan.seats.filter(person_id=person_id, round=round_).first()
    if seat is None:
        raise NetworkingError(_("Personen har ingen plats i den rundan."))
    return seat


def _confirm_published(plan: Plan, before: planning.Grid, after: planning.Grid, *, confirmed: bool, action: str,
                       by: Any) -> None:
    """A change to a published plan needs ``confirmed``; it is then kept as a version and people are told."""
    if not Plan.objects.filter(pk=plan.pk, published_at__isnull=False).exists():
        return
    changes = seat_changes(plan.kind, before, after)
    if not confirmed:
        raise ConfirmationNeeded(len({c["person"] for c in changes}))
    _version(plan, action=action, changes=changes, by=by)


def _moved(grid: planning.Grid, round_: int, moves: dict[str, int]) -> planning.Grid:
    out = [[list(t) for t in rnd] for rnd in grid]
    for person, table in moves.items():
        for t in out[round_]:
            if person in t:
                t.remove(person)
        while table >= len(out[round_]):
            out[round_].append([])
        out[round_][table].append(person)
    return out


@transaction.atomic
def seat_move(*, plan: Plan, person_id: int, round_: int, table: int, by: Any = None,
              confirmed: bool = False) -> Seat:
    """Move a person to another table (pair) in one round. On a published plan: see
    :class:`ConfirmationNeeded`."""
    _check(by)
    if plan.is_busy:
        raise NetworkingError(_("Planen beräknas just nu. Vänta tills den är klar."))
    seat = _seat(plan, person_id, round_)
    if not 0 <= table < int(plan.options.get("tables_count", 0)):
        raise NetworkingError(_("Det paret finns inte.") if plan.is_speed else _("Det bordet finns inte."))
    if seat.locked:
        raise NetworkingError(_("Personen är låst i sitt par. Lås upp först.") if plan.is_speed
                              else _("Personen är låst vid sitt bord. Lås upp först."))
    before = planning.current_grid(plan)
    _confirm_published(plan, before, _moved(before, round_, {str(person_id): table}), confirmed=confirmed,
                       action="move", by=by)
    seat.table = table
    seat.save(update_fields=["table"])
    _refresh_counts(plan)
    return seat


@transaction.atomic
def seat_swap(*, plan: Plan, person_a: int, person_b: int, round_: int, by: Any = None,
              confirmed: bool = False) -> None:
    _check(by)
    if plan.is_busy:
        raise NetworkingError(_("Planen beräknas just nu. Vänta tills den är klar."))
    a, b = _seat(plan, person_a, round_), _seat(plan, person_b, round_)
    if a.locked or b.locked:
        raise NetworkingError(_("En av dem är låst i sitt par. Lås upp först.") if plan.is_speed
                              else _("En av dem är låst vid sitt bord. Lås upp först."))
    before = planning.current_grid(plan)
    _confirm_published(plan, before, _moved(before, round_, {str(a.person_id): b.table, str(b.person_id): a.table}),
                       confirmed=confirmed, action="swap", by=by)
    a.table, b.table = b.table, a.table
    Seat.objects.bulk_update([a, b], ["table"])
    _refresh_counts(plan)


@transaction.atomic
def seat_lock(*, plan: Plan, person_id: int, round_: int, locked: bool, by: Any = None) -> Seat:
    _check(by)
    seat = _seat(plan, person_id, round_)
    seat.locked = locked
    seat.save(update_fields=["locked"])
    return seat


@transaction.atomic
def table_lock(*, plan: Plan, round_: int, table: int, locked: bool, by: Any = None) -> int:
    _check(by)
    return plan.seats.filter(round=round_, table=table).update(locked=locked)


def _record_encounters(plan: Plan) -> int:
    """Replace the plan's encounters in the series memory by who meets whom in it now."""
    Encounter.objects.filter(plan=plan).delete()
    event = plan.event
    pairs: set[tuple[int, int]] = set()
    for rnd in selectors.seats_of(plan):
        for table in rnd:
            ids = sorted(s.person_id for s in table)
            pairs.update((a, b) for i, a in enumerate(ids) for b in ids[i + 1:])
    Encounter.objects.filter(event=event, kind=plan.kind, plan__isnull=True).delete()
    Encounter.objects.bulk_create([
        Encounter(series_id=event.series_id, event=event, plan=plan, kind=plan.kind, person_a_id=a, person_b_id=b)
        for a, b in sorted(pairs)], ignore_conflicts=True)
    return len(pairs)


def _ensure_outcomes(plan: Plan) -> None:
    if plan.kind != PlanKind.TABLES:
        return
    have = set(plan.outcomes.values_list("round", "table"))
    tables = int(plan.options.get("tables_count", 0))
    TableOutcome.objects.bulk_create([
        TableOutcome(plan=plan, round=r, table=t) for r in range(int(plan.options.get("rounds", 1)))
        for t in range(tables) if (r, t) not in have])


@transaction.atomic
def plan_publish(*, plan: Plan, by: Any = None) -> Plan:
    """Participants see their seats; the encounters join the series memory."""
    _check(by)
    plan = for_update(Plan.objects.all()).get(pk=plan.pk)
    if plan.status not in (PlanStatus.READY, PlanStatus.PUBLISHED) or not plan.seats.exists():
        raise NetworkingError(_("Det finns ingen färdig plan att publicera."))
    plan.status = PlanStatus.PUBLISHED
    plan.published_at = plan.published_at or timezone.now()
    plan.save(update_fields=["status", "published_at", "updated"])
    _record_encounters(plan)
    _ensure_outcomes(plan)
    audit.record(actor=by, action=audit.Action.PUBLISH, target=plan, data={"item": str(plan.agenda_item)})
    return plan


@transaction.atomic
def plan_unpublish(*, plan: Plan, by: Any = None) -> Plan:
    """Participants no longer see their seats (the view asks first); the encounters leave the series memory."""
    _check(by)
    Encounter.objects.filter(plan=plan).delete()
    plan.status, plan.published_at, plan.pending = PlanStatus.READY, None, None
    plan.save(update_fields=["status", "published_at", "pending", "updated"])
    return plan


@transaction.atomic
def item_tables_set(*, item: AgendaItem, tables: int, by: Any = None) -> AgendaItem:
    """Accept a proposed table count: the agenda item (through the agenda's write path) and its plan's options."""
    from motesplats.events.services.agenda import agenda_as_data, agenda_replace

    _check(by)
    if not item.is_round_tables or not 1 <= tables <= 500:
        raise NetworkingError(_("Antalet bord går inte att ändra så."))
    items = agenda_as_data(item.event)
    for data in items:
        if data.id == item.pk:
            data.tables = tables
    agenda_replace(event=item.event, items=items)
    plan = Plan.objects.filter(agenda_item=item).first()
    if plan is not None and plan.options:
        plan.options = {**plan.options, "tables": tables, "table_size": None}
        plan.save(update_fields=["options", "updated"])
    item.refresh_from_db()
    return item


# --- outcomes --------------------------------------------------------------------------------------

MAX_ANSWER = 4000


def _clean_answers(plan: Plan, answers: list[str]) -> list[str]:
    questions = list(plan.agenda_item.questions or [])
    cleaned = [(a or "").strip() for a in answers][: len(questions)]
    cleaned += [""] * (len(questions) - len(cleaned))
    if any(len(a) > MAX_ANSWER for a in cleaned):
        raise NetworkingError(_("Ett svar är för långt (högst %(max)d tecken).") % {"max": MAX_ANSWER})
    return cleaned


@transaction.atomic
def outcome_save(*, outcome: TableOutcome, answers: list[str], by: Any = None) -> TableOutcome:
    """A table's answers, reached through its secret link (or by an organiser). The link closes after the
    event (`Plan.outcomes_open`); the programme office may still write, and may reopen the links
    (`outcomes_reopen`). `by=None` is a trusted internal call (the demo)."""
    if by is not None and not outcome.plan.outcomes_open and not permissions.can_manage_events(by):
        raise NetworkingError(_("Länken är stängd: seminariet är slut. Kontakta programkontoret om något saknas."))
    outcome.answers = _clean_answers(outcome.plan, answers)
    outcome.save(update_fields=["answers", "updated"])
    return outcome


@transaction.atomic
def outcomes_reopen(*, plan: Plan, hours: int = 24, by: Any = None) -> Plan:
    """The organiser's override: the table links take answers for `hours` more from now."""
    _check(by)
    plan.outcomes_open_until = timezone.now() + dt.timedelta(hours=hours)
    plan.save(update_fields=["outcomes_open_until", "updated"])
    return plan


@transaction.atomic
def summary_save(*, plan: Plan, texts: list[str], publish: bool, by: Any = None) -> Plan:
    _check(by)
    plan.summary = _clean_answers(plan, texts)
    plan.summary_published_at = (plan.summary_published_at or timezone.now()) if publish else None
    plan.save(update_fields=["summary", "summary_published_at", "updated"])
    return plan


def summary_draft(plan: Plan) -> list[str]:
    """The organiser's starting point: every table's answer to each question, one line each."""
    if plan.summary:
        return list(plan.summary)
    return ["\n".join(f"– {a['text']}" for a in q["answers"]) for q in selectors.outcomes_by_question(plan)]


def outcomes_csv(plan: Plan) -> str:
    """The tables' answers. They come from the public table-card links: `csv_text` keeps them text."""
    from motesplats.common.exports import csv_text

    questions = list(plan.agenda_item.questions or [])
    rows = ([o.round + 1, o.number, q, o.answers[i] if i < len(o.answers) else ""]
            for o in plan.outcomes.all() for i, q in enumerate(questions))
    return csv_text([_("Runda"), _("Bord"), _("Fråga"), _("Svar")], rows)

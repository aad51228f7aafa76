"""Writes of networking: start and compute plans, adjust seats, publish (with the series memory), outcomes."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motesplats.common import permissions
from motesplats.common.errors import ApplicationError
from motesplats.events.models import AgendaItem
from optimiser import OptimiserError

from . import planning, selectors
from .models import Encounter, Plan, PlanKind, PlanStatus, Seat, TableOutcome
from .signals import plan_requested


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
    plan, _created = Plan.objects.select_for_update().get_or_create(
        agenda_item=item, defaults={"kind": selectors.plan_kind_for(item)})
    if not _created and plan.is_busy and (timezone.now() - plan.updated).total_seconds() < 120:
        raise NetworkingError(_("Planen beräknas redan. Vänta tills den är klar."))
    keep = {k: v for k, v in plan.options.items() if k in ("rounds", "tables_count")}
    plan.options = {**keep, **options.as_json(), "recompute": recompute}
    plan.status, plan.progress, plan.error = PlanStatus.QUEUED, 0.0, ""
    plan.save()
    transaction.on_commit(lambda: plan_requested.send(sender=Plan, plan_id=plan.pk))
    return plan


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
    that the plan's size gives (see :mod:`.planning`)."""
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.RUNNING, progress=0.0)
    recompute = bool(plan.options.get("recompute"))
    try:
        request = planning.request_for(plan, seconds=seconds, max_iterations=max_iterations, seed=seed)
        outcome = planning.solve(request, progress=_progress_writer(plan))
    except (OptimiserError, ValueError) as error:
        reason = _("för få deltagare") if isinstance(error, planning.TooFewPeople) or not str(error) else str(error)
        Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.FAILED, progress=0.0,
                                               error=_("Planen gick inte att beräkna: %(reason)s") % {"reason": reason})
        plan.refresh_from_db()
        return plan
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        was_locked = (set(plan.seats.filter(locked=True).values_list("person_id", flat=True)) if recompute
                      else set())
        plan.seats.all().delete()
        Seat.objects.bulk_create(planning.seats_for(plan, outcome.grid, locked=was_locked))
        plan.options = {**plan.options, "rounds": len(outcome.grid),
                        "tables_count": max(len(r) for r in outcome.grid), "recompute": False}
        plan.stats = outcome.stats
        plan.seed, plan.engine_version = outcome.seed, outcome.engine_version
        plan.status = PlanStatus.PUBLISHED if plan.published_at else PlanStatus.READY
        plan.progress = 1.0
        plan.save()
        if plan.published_at:
            _record_encounters(plan)
        _ensure_outcomes(plan)
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


@transaction.atomic
def seat_move(*, plan: Plan, person_id: int, round_: int, table: int, by: Any = None) -> Seat:
    _check(by)
    if plan.is_busy:
        raise NetworkingError(_("Planen beräknas just nu. Vänta tills den är klar."))
    seat = _seat(plan, person_id, round_)
    if not 0 <= table < int(plan.options.get("tables_count", 0)):
        raise NetworkingError(_("Det paret finns inte.") if plan.is_speed else _("Det bordet finns inte."))
    if seat.locked:
        raise NetworkingError(_("Personen är låst i sitt par. Lås upp först.") if plan.is_speed
                              else _("Personen är låst vid sitt bord. Lås upp först."))
    seat.table = table
    seat.save(update_fields=["table"])
    _refresh_counts(plan)
    return seat


@transaction.atomic
def seat_swap(*, plan: Plan, person_a: int, person_b: int, round_: int, by: Any = None) -> None:
    _check(by)
    if plan.is_busy:
        raise NetworkingError(_("Planen beräknas just nu. Vänta tills den är klar."))
    a, b = _seat(plan, person_a, round_), _seat(plan, person_b, round_)
    if a.locked or b.locked:
        raise NetworkingError(_("En av dem är låst i sitt par. Lås upp först.") if plan.is_speed
                              else _("En av dem är låst vid sitt bord. Lås upp först."))
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
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status not in (PlanStatus.READY, PlanStatus.PUBLISHED) or not plan.seats.exists():
        raise NetworkingError(_("Det finns ingen färdig plan att publicera."))
    plan.status = PlanStatus.PUBLISHED
    plan.published_at = plan.published_at or timezone.now()
    plan.save(update_fields=["status", "published_at", "updated"])
    _record_encounters(plan)
    _ensure_outcomes(plan)
    return plan


@transaction.atomic
def plan_unpublish(*, plan: Plan, by: Any = None) -> Plan:
    _check(by)
    Encounter.objects.filter(plan=plan).delete()
    plan.status, plan.published_at = PlanStatus.READY, None
    plan.save(update_fields=["status", "published_at", "updated"])
    return plan


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
def outcome_save(*, outcome: TableOutcome, answers: list[str]) -> TableOutcome:
    """A table's answers, reached through its secret link (or by an organiser)."""
    outcome.answers = _clean_answers(outcome.plan, answers)
    outcome.save(update_fields=["answers", "updated"])
    return outcome


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
    import csv
    import io

    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.writer(buf, delimiter=";")
    writer.writerow([_("Runda"), _("Bord"), _("Fråga"), _("Svar")])
    questions = list(plan.agenda_item.questions or [])
    for o in plan.outcomes.all():
        for i, q in enumerate(questions):
            writer.writerow([o.round + 1, o.number, q, o.answers[i] if i < len(o.answers) else ""])
    return buf.getvalue()

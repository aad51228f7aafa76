"""Reads of networking: plans as tables, their counts, "Min dag" (who takes part and the series memory in the
engine's terms: :mod:`.planning`). The series' network picture has its own reads: :mod:`.picture`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from motesplats.events.enums import NETWORKING_KINDS, RegistrationStatus
from motesplats.events.models import AgendaItem, Event, Registration
from motesplats.registry.models import Person
from optimiser import evaluate_plan, pair_reasons

from .models import Plan, PlanKind, PlanVersion, Seat
from .planning import history_places, participant, participant_registrations


def plan_kind_for(item: AgendaItem) -> str:
    return PlanKind.SPEED if item.is_speed_dating else PlanKind.TABLES


def networking_items(event: Event) -> list[AgendaItem]:
    return list(event.agenda_items.filter(kind__in=NETWORKING_KINDS).order_by("order", "starts_at"))


def plan_of(item: AgendaItem) -> Plan | None:
    return Plan.objects.filter(agenda_item=item).first()


def seats_of(plan: Plan) -> list[list[list[Seat]]]:
    """rounds[k][t] = seats at table t in round k (persons and organisations loaded)."""
    seats = list(plan.seats.select_related("person__organisation").order_by("round", "table", "person__name"))
    rounds = plan.options.get("rounds", 1)
    tables = plan.options.get("tables_count", 0)
    grid: list[list[list[Seat]]] = [[[] for _ in range(tables)] for _ in range(rounds)]
    for seat in seats:
        while seat.round >= len(grid):
            grid.append([])
        while seat.table >= len(grid[seat.round]):
            grid[seat.round].append([])
        grid[seat.round][seat.table].append(seat)
    return grid


def timer_minutes(item: AgendaItem, rounds: int) -> int:
    """Minutes on the projector's clock per round: the agenda's minutes per round when given, otherwise the
    item's length shared by its rounds (a one-round table session gets the whole slot).

    >>> from datetime import datetime, timedelta
    >>> start = datetime(2026, 5, 4, 13, 0)
    >>> timer_minutes(AgendaItem(starts_at=start, ends_at=start + timedelta(minutes=60)), 1)
    60
    >>> timer_minutes(AgendaItem(starts_at=start, ends_at=start + timedelta(minutes=30), round_minutes=8), 3)
    8
    """
    if item.round_minutes:
        return int(item.round_minutes)
    return max(1, item.duration_minutes // max(1, rounds))


def pickable_people(event: Event, query: str, *, exclude: set[str] | None = None, limit: int = 12) -> list[Person]:
    """The person picker's matches: participants whose name or organisation contains every word of `query`."""
    people = Person.objects.filter(registrations__in=participant_registrations(event)).select_related("organisation")
    for word in query.split():
        people = people.filter(Q(name__icontains=word) | Q(organisation__name__icontains=word))
    if exclude:
        people = people.exclude(pk__in=[int(v) for v in exclude if v.isdigit()])
    return list(people.distinct().order_by("name", "pk")[:limit])


def pickable_person(event: Event, value: str) -> Person | None:
    """The participant the picker chose, or None when `value` is nobody taking part."""
    if not value.isdigit():
        return None
    return (Person.objects.filter(pk=int(value), registrations__in=participant_registrations(event))
            .select_related("organisation").first())


@dataclass
class Counts:
    same_org_pairs: int = 0
    repeat_pairs: int = 0
    new_cross_org_pairs: int = 0
    same_org_tables: set[tuple[int, int]] = field(default_factory=set)
    repeat_tables: set[tuple[int, int]] = field(default_factory=set)
    repeats: dict[tuple[int, int], list[dict[str, str]]] = field(default_factory=dict)
    """(round, table) -> the pairs there who met before: ``{"a", "b", "where"}`` (names and the place)."""
    history_pairs: int = 0
    explanation: list[str] = field(default_factory=list)


def plan_counts(plan: Plan, grid: list[list[list[Seat]]] | None = None) -> Counts:
    """Same-organisation pairs, repeats (within the plan, against the series and the day's other items,
    published or not) and new cross-org meetings, from the seats as they are now; with the engine's
    explanation of what cannot be avoided, for these seats."""
    from .explanations import unavoidable_sentences

    grid = grid if grid is not None else seats_of(plan)
    ids = sorted({str(s.person_id) for rnd in grid for t in rnd for s in t}, key=int)
    places = history_places(plan.event, ids, exclude_plans=[plan.pk])
    seen: dict[tuple[str, str], str] = {}
    counts = Counts(history_pairs=len(places))
    for r, rnd in enumerate(grid):
        for t, table in enumerate(rnd):
            for i, a in enumerate(table):
                for b in table[i + 1:]:
                    pair = tuple(sorted((str(a.person_id), str(b.person_id)), key=int))
                    same = a.person.organisation_id == b.person.organisation_id
                    if same:
                        counts.same_org_pairs += 1
                        counts.same_org_tables.add((r, t))
                    where = seen.get(pair) or places.get(pair)  # type: ignore[arg-type]
                    if where:
                        counts.repeat_pairs += 1
                        counts.repeat_tables.add((r, t))
                        counts.repeats.setdefault((r, t), []).append(
                            {"a": a.person.name, "b": b.person.name, "where": where})
                    elif not same:
                        counts.new_cross_org_pairs += 1
                    seen[pair] = _("i den här planen, runda %(n)d") % {"n": r + 1}  # type: ignore[index]
    if ids:
        people = list({str(s.person_id): participant(s.person, None) for rnd in grid for t in rnd for s in t}.values())
        plain = [[[str(s.person_id) for s in t] for t in rnd] for rnd in grid]
        result = evaluate_plan(people, plain, history=list(places))
        counts.explanation = unavoidable_sentences(result.unavoidable_reasons, speed=plan.kind == PlanKind.SPEED,
                                                   groups=len(grid[0]) if grid else 0)
    return counts


# --- sizes that make sense ----------------------------------------------------------------------------

MIN_TABLE, MAX_TABLE, GOOD_TABLE = 4, 8, 6


@dataclass(frozen=True)
class SizeAdvice:
    """The table count gives tables of ``smallest``..``largest`` people for ``people``; ``proposal`` is a
    count that gives 4 to 8 per table (closest to 6)."""

    people: int
    tables: int
    smallest: int
    largest: int
    proposal: int
    proposal_smallest: int
    proposal_largest: int


def size_advice(people: int, tables: int | None) -> SizeAdvice | None:
    """Advice when ``tables`` tables for ``people`` people gives tables below 4 or above 8 (None when fine).

    >>> size_advice(24, 9).proposal, size_advice(64, 9)
    (4, None)
    """
    if not tables or people <= 0:
        return None
    smallest, largest = people // tables, -(-people // tables)
    if smallest >= MIN_TABLE and largest <= MAX_TABLE:
        return None
    fits = [t for t in range(1, people + 1) if people // t >= MIN_TABLE and -(-people // t) <= MAX_TABLE]
    proposal = min(fits, key=lambda t: (abs(people / t - GOOD_TABLE), -t)) if fits else 1
    return SizeAdvice(people, tables, smallest, largest, proposal, people // proposal, -(-people // proposal))


def item_size_advice(item: AgendaItem, plan: Plan | None, *, confirmed: int, checked_in: int) -> SizeAdvice | None:
    """Round tables only: the plan's table count (else the agenda's) for the people it plans for."""
    if item.is_speed_dating:
        return None
    opts = plan.options if plan else {}
    if opts.get("table_size") and not opts.get("tables"):
        return None
    people = checked_in if opts.get("checked_in_only") else confirmed
    return size_advice(people, opts.get("tables") or item.tables)


# --- "Min dag" -------------------------------------------------------------------------------------


@dataclass
class Meeting:
    round: int
    table: int
    partners: list[dict[str, Any]]
    changed: Any = None  # when the organiser last changed this seat after publishing (a datetime), else None


@dataclass
class MyNetworking:
    plan: Plan
    item: AgendaItem
    kind: str
    meetings: list[Meeting]


def _reason_texts(codes: tuple[str, ...]) -> list[str]:
    from django.utils.translation import gettext

    out = []
    labels = {"other_org": gettext("Olika organisationer"), "other_project": gettext("Olika projekt"),
              "other_role": gettext("Olika roller"), "related_project": gettext("Närliggande projekt")}
    themes = [c.split(":", 1)[1] for c in codes if c.startswith("shared_theme:")]
    for code in codes:
        if code in labels:
            out.append(labels[code])
    if themes:
        out.append(gettext("Gemensamma teman: %(themes)s") % {"themes": ", ".join(themes)})
    return out


def my_networking(event: Event, person: Person | None) -> list[MyNetworking]:
    """The person's published speed-dating partners and round-table seats at the event."""
    if person is None:
        return []
    plans = list(Plan.objects.filter(agenda_item__event=event, published_at__isnull=False)
                 .select_related("agenda_item").order_by("agenda_item__order", "agenda_item__starts_at"))
    if not plans:
        return []
    mine = list(Seat.objects.filter(plan__in=plans, person=person))
    if not mine:
        return []
    wanted = Q()
    for s in mine:
        wanted |= Q(plan_id=s.plan_id, round=s.round, table=s.table)
    others = (Seat.objects.filter(wanted).exclude(person=person)
              .select_related("person__organisation").order_by("person__name"))
    regs = {r.person_id: r for r in Registration.objects.filter(
        event=event, status=RegistrationStatus.CONFIRMED,
        person_id__in={s.person_id for s in others} | {person.pk}).select_related("project")
        .prefetch_related("project__themes")}
    by_place: dict[tuple[int, int, int], list[Seat]] = defaultdict(list)
    for s in others:
        by_place[(s.plan_id, s.round, s.table)].append(s)

    def project_of(p: Person) -> Any:
        reg = regs.get(p.pk)
        return reg.project if reg else None

    me = participant(person, project_of(person))
    changed: dict[tuple[int, int], Any] = {}
    for version in PlanVersion.objects.filter(plan__in=plans).order_by("number"):
        for c in version.changes:
            if c.get("person") == person.pk:
                changed[(version.plan_id, int(c["round"]))] = version.created
    out = []
    for plan in plans:
        meetings = []
        for s in sorted((s for s in mine if s.plan_id == plan.pk), key=lambda s: s.round):
            partners = []
            for o in by_place[(plan.pk, s.round, s.table)]:
                reg = regs.get(o.person_id)
                partners.append({
                    "name": o.person.name, "organisation": o.person.organisation.name,
                    "project": reg.project.title if reg and reg.project else "",
                    "reasons": _reason_texts(pair_reasons(me, participant(o.person, project_of(o.person)))),
                })
            meetings.append(Meeting(round=s.round + 1, table=s.table + 1, partners=partners,
                                    changed=changed.get((plan.pk, s.round))))
        out.append(MyNetworking(plan=plan, item=plan.agenda_item, kind=plan.kind, meetings=meetings))
    return out


def my_day_networking(day: Any) -> list[MyNetworking]:
    """The networking section of "Min dag" (see events.extensions): the person's published seats."""
    person = day.registration.person if day.registration is not None else None
    return my_networking(day.event, person)


# --- outcomes and the series picture ---------------------------------------------------------------


def outcomes_by_question(plan: Plan) -> list[dict[str, Any]]:
    questions = list(plan.agenda_item.questions or [])
    outcomes = list(plan.outcomes.all())
    out = []
    for i, q in enumerate(questions):
        answers = [{"table": o.number, "round": o.round + 1, "text": (o.answers[i] if i < len(o.answers) else "")}
                   for o in outcomes]
        out.append({"index": i, "question": q, "answers": [a for a in answers if a["text"].strip()]})
    return out


def published_summaries(event: Event) -> list[Plan]:
    return list(Plan.objects.filter(agenda_item__event=event, summary_published_at__isnull=False)
                .select_related("agenda_item").order_by("agenda_item__order"))

"""Reads of the series' network picture: which organisations' people met at the seminars that took place.

The rule of truth: an encounter counts only when its seminar took place (finished, or published and over) and
both people checked in there. A published plan of a seminar still to come is "planned", never a tie.
Ties are counted as distinct cross-organisation person pairs; an organisation pair's tie is *new* at the
selected seminar when none of their people had met before it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from motesplats.events.enums import EventStatus, RegistrationStatus
from motesplats.events.models import Event, Registration, Series
from motesplats.registry.models import Organisation, OrganisationKind, Theme

from .models import Encounter

KIND_ORDER = [k.value for k in OrganisationKind]
HEAT_LEVELS = 4

Pair = tuple[int, int]


def took_place(event: Event, now: dt.datetime | None = None) -> bool:
    """A finished seminar, or a published one that is over; never a draft, a cancelled or a coming one."""
    now = now or timezone.now()
    if event.status == EventStatus.AVSLUTAD:
        return True
    return event.status == EventStatus.PUBLICERAD and event.ends_at <= now


def held_events(series: Series, now: dt.datetime | None = None) -> list[Event]:
    """The series' seminars that took place, oldest first."""
    return [e for e in series.events.filter(status__in=[EventStatus.AVSLUTAD, EventStatus.PUBLICERAD])
            .order_by("starts_at") if took_place(e, now)]


@dataclass
class Seminar:
    pk: int
    slug: str
    title: str
    date: dt.date
    took_place: bool
    ties: int = 0  # cross-organisation person pairs that met there (checked in), or planned to
    org_pairs: int = 0  # organisation pairs whose people met there
    new_org_pairs: int = 0  # of them, pairs that had never met before
    cumulative_ties: int = 0


@dataclass
class Tie:
    source: int
    target: int
    source_label: str
    target_label: str
    weight: int  # person pairs who have met, up to and including the selected seminar
    added: int  # of them, at the selected seminar
    new: bool  # the organisations' first tie is at the selected seminar


@dataclass
class NetworkPicture:
    seminars: list[Seminar]
    selected: Seminar | None
    nodes: list[dict[str, Any]] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)  # at or above the threshold, strongest first
    hidden: int = 0  # ties below their threshold
    new_threshold: int = 1  # the chosen threshold of new ties (lower than that of earlier ones when chosen)
    threshold: int = 1
    automatic: bool = False  # the threshold was chosen for a readable picture
    max_weight: int = 0
    theme: Theme | None = None
    kinds: list[dict[str, Any]] = field(default_factory=list)
    matrix: list[dict[str, Any]] = field(default_factory=list)

    @property
    def planned(self) -> list[Seminar]:
        return [s for s in self.seminars if not s.took_place]

    @property
    def held(self) -> list[Seminar]:
        return [s for s in self.seminars if s.took_place]

    @property
    def apart(self) -> list[dict[str, Any]]:
        """Organisations present whose people met nobody from another organisation (above the threshold)."""
        return [n for n in self.nodes if n["ties"] == 0]

    def graph_data(self) -> dict[str, Any]:
        """What picture.js draws: plain JSON."""
        return {
            "nodes": self.nodes,
            "edges": [{"source": t.source, "target": t.target, "weight": t.weight, "new": t.new} for t in self.ties],
            "kinds": [{"kind": k["kind"], "label": k["label"], "group": k["group"]} for k in self.kinds],
        }


def _ordered(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


def _attendance(events: list[Event], theme: Theme | None) -> dict[int, set[int]]:
    """event id -> people who checked in (with a project of the theme, when one is chosen)."""
    regs = (Registration.objects.filter(event__in=events, checked_in_at__isnull=False)
            .exclude(status=RegistrationStatus.CANCELLED))
    if theme is not None:
        regs = regs.filter(project__themes=theme)
    out: dict[int, set[int]] = defaultdict(set)
    for event_id, person_id in regs.values_list("event_id", "person_id").distinct():
        out[event_id].add(person_id)
    return out


def _themed_people(events: list[Event], theme: Theme) -> dict[int, set[int]]:
    out: dict[int, set[int]] = defaultdict(set)
    rows = (Registration.objects.filter(event__in=events, project__themes=theme)
            .exclude(status=RegistrationStatus.CANCELLED).values_list("event_id", "person_id"))
    for event_id, person_id in rows:
        out[event_id].add(person_id)
    return out


def auto_threshold(weights: list[int], room: int) -> int:
    """The lowest threshold that leaves at most `room` ties (of these weights) in the picture.

    >>> auto_threshold([1] * 80 + [2] * 40 + [3] * 10, 50)
    2
    >>> auto_threshold([1, 1, 2], 40)
    1
    """
    most = max(0, room)
    threshold = 1
    while sum(1 for w in weights if w >= threshold) > most:
        threshold += 1
    return threshold


def network_picture(series: Series, *, seminar: str | None = None, theme: Theme | None = None,
                    threshold: int | None = 1, now: dt.datetime | None = None, detail: bool = True) -> NetworkPicture:
    """The series' picture after the seminar `seminar` (a slug; default: the last that took place).

    With a theme, only encounters where one of the two people came for a project of that theme count.
    `threshold=None` chooses one (`auto_threshold`) so that the picture stays readable; `detail=False` gives
    the per-seminar counts only.
    """
    now = now or timezone.now()
    events = list(series.events.exclude(status__in=[EventStatus.UTKAST, EventStatus.INSTALLD])
                  .order_by("starts_at"))
    held = [e for e in events if took_place(e, now)]
    held_ids = {e.pk for e in held}
    present = _attendance(held, None)
    themed = _themed_people(events, theme) if theme is not None else None

    rows = (Encounter.objects.filter(series=series, event__in=events)
            .values_list("event_id", "person_a_id", "person_b_id",
                         "person_a__organisation_id", "person_b__organisation_id"))
    per_event: dict[int, dict[Pair, set[Pair]]] = defaultdict(lambda: defaultdict(set))
    for event_id, pa, pb, oa, ob in rows:
        if oa == ob:
            continue
        if event_id in held_ids and not (pa in present[event_id] and pb in present[event_id]):
            continue  # one of them did not come: they did not meet
        if themed is not None and not (pa in themed[event_id] or pb in themed[event_id]):
            continue
        per_event[event_id][_ordered(oa, ob)].add(_ordered(pa, pb))

    seminars: list[Seminar] = []
    cumulative: dict[Pair, set[Pair]] = defaultdict(set)
    before_selected: dict[Pair, set[Pair]] = {}
    wanted = seminar or (held[-1].slug if held else None)
    selected: Seminar | None = None
    selected_cumulative: dict[Pair, set[Pair]] = {}
    for event in events:
        met = per_event.get(event.pk, {})
        s = Seminar(pk=event.pk, slug=event.slug, title=event.title, date=event.date,
                    took_place=event.pk in held_ids, ties=len({p for v in met.values() for p in v}),
                    org_pairs=len(met))
        if s.took_place:
            s.new_org_pairs = sum(1 for k in met if not cumulative.get(k))
            if event.slug == wanted:
                before_selected = {k: set(v) for k, v in cumulative.items()}
            for k, v in met.items():
                cumulative[k] |= v
            s.cumulative_ties = len({p for v in cumulative.values() for p in v})
            if event.slug == wanted:
                selected = s
                selected_cumulative = {k: set(v) for k, v in cumulative.items()}
        seminars.append(s)

    picture = NetworkPicture(seminars=seminars, selected=selected, threshold=max(1, threshold or 1), theme=theme,
                             automatic=threshold is None)
    if selected is None or not detail:
        return picture

    upto = [e for e in held if e.starts_at <= next(x for x in held if x.pk == selected.pk).starts_at]
    people = set().union(*(_attendance(upto, theme).values())) if upto else set()
    org_ids = set(Organisation.objects.filter(people__in=people).values_list("pk", flat=True)) if people else set()
    org_ids |= {o for k in selected_cumulative for o in k}
    orgs = {o.pk: o for o in Organisation.objects.filter(pk__in=org_ids)}
    at_selected = per_event.get(selected.pk, {})

    all_ties = []
    for (a, b), pairs in selected_cumulative.items():
        all_ties.append(Tie(source=a, target=b, source_label=orgs[a].name, target_label=orgs[b].name,
                            weight=len(pairs), added=len(at_selected.get((a, b), set())),
                            new=bool(at_selected.get((a, b))) and not before_selected.get((a, b))))
    if threshold is None:  # readable: new ties first, earlier ones in the room that is left
        budget = max(30, 2 * len(orgs))
        picture.new_threshold = auto_threshold([t.weight for t in all_ties if t.new], budget)
        room = budget - sum(1 for t in all_ties if t.new and t.weight >= picture.new_threshold)
        picture.threshold = max(picture.new_threshold,
                                auto_threshold([t.weight for t in all_ties if not t.new], room))
    else:
        picture.new_threshold = picture.threshold
    shown = [t for t in all_ties if t.weight >= (picture.new_threshold if t.new else picture.threshold)]
    shown.sort(key=lambda t: (not t.new, -t.weight, t.source_label, t.target_label))
    picture.ties, picture.hidden = shown, len(all_ties) - len(shown)
    picture.max_weight = max((t.weight for t in all_ties), default=0)

    degree: dict[int, int] = defaultdict(int)
    fresh: set[int] = set()
    for t in shown:
        degree[t.source] += 1
        degree[t.target] += 1
        if t.new:
            fresh |= {t.source, t.target}
    ordered = sorted(orgs.values(), key=lambda o: (_group(o.kind), o.name.lower()))
    picture.nodes = [{"id": o.pk, "label": o.name, "kind": o.kind, "kind_label": str(o.get_kind_display()),
                      "group": _group(o.kind), "ties": degree[o.pk], "new": o.pk in fresh} for o in ordered]
    counts: dict[str, int] = defaultdict(int)
    for o in ordered:
        counts[o.kind] += 1
    picture.kinds = [{"kind": k.value, "label": str(k.label), "count": counts[k.value], "group": _group(k.value)}
                     for k in OrganisationKind if counts[k.value]]
    picture.matrix = _matrix(ordered, all_ties, picture.max_weight)  # a matrix does not tangle: every tie
    return picture


def _group(kind: str) -> int:
    """The kind's place in OrganisationKind: its colour and shape in the picture, its block in the matrix."""
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER) - 1


def heat_level(weight: int, top: int) -> int:
    """0 (none) .. HEAT_LEVELS (strongest): the colour step of a matrix cell.

    >>> [heat_level(w, 8) for w in (0, 1, 2, 5, 8)]
    [0, 1, 1, 3, 4]
    """
    if weight <= 0 or top <= 0:
        return 0
    return max(1, math.ceil(HEAT_LEVELS * weight / top))


def _matrix(orgs: list[Organisation], ties: list[Tie], top: int) -> list[dict[str, Any]]:
    """Rows of the heatmap, organisations sorted by kind: each cell the tie's weight, level and newness."""
    by_pair = {_ordered(t.source, t.target): t for t in ties}
    rows = []
    for i, a in enumerate(orgs):
        cells = []
        for j, b in enumerate(orgs):
            t = by_pair.get(_ordered(a.pk, b.pk)) if a.pk != b.pk else None
            cells.append({"self": i == j, "weight": t.weight if t else 0, "new": bool(t and t.new),
                          "level": heat_level(t.weight if t else 0, top), "column": b.name, "index": j + 1})
        rows.append({"index": i + 1, "org": a, "kind_label": a.get_kind_display(), "cells": cells,
                     "first_of_kind": i == 0 or orgs[i - 1].kind != a.kind})
    return rows


def api_steps(series: Series) -> list[dict[str, Any]]:
    """The API's per-seminar counts (seminars that took place only)."""
    picture = network_picture(series, detail=False)
    return [{"event": s.title, "date": s.date.isoformat(), "cross_org_ties": s.ties, "org_pairs": s.org_pairs,
             "cumulative_ties": s.cumulative_ties} for s in picture.held]

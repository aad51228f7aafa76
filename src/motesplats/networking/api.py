"""Networking's REST API, mounted at /api/networking/.

Organisers read every plan with its rounds and assignments; a signed-in participant reads their own published
seats (`/my-seats`). The series picture's counts are public (organisations and numbers only).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from motesplats.common import permissions
from motesplats.common.api_auth import read_auth
from motesplats.common.api_problems import problems
from motesplats.common.errors import NotAllowed, NotFound
from motesplats.common.validation import Id, Slug
from motesplats.events.models import Event, Series

from . import picture as picture_reads
from . import selectors
from .models import Plan, Seat

router = Router(tags=["networking"])


class PlanOut(Schema):
    id: int
    event: str
    agenda_item: int
    title: str
    kind: str
    status: str
    progress: float
    rounds: int
    tables: int
    published_at: dt.datetime | None
    stats: dict[str, Any]


class AssignmentOut(Schema):
    round: int
    table: int
    person_id: int
    name: str
    organisation: str
    locked: bool


class RoundOut(Schema):
    round: int
    tables: list[list[AssignmentOut]]


class MySeatOut(Schema):
    plan: int
    title: str
    kind: str
    round: int
    table: int
    partners: list[dict[str, Any]]


class PictureStepOut(Schema):
    event: str
    date: str
    cross_org_ties: int
    org_pairs: int
    cumulative_ties: int


def _organiser(request: HttpRequest) -> None:
    if not permissions.can_manage_events(request.user):
        raise NotAllowed()


def _plan(plan_id: int) -> Plan:
    plan = Plan.objects.select_related("agenda_item__event").filter(pk=plan_id).first()
    if plan is None:
        raise NotFound()
    return plan


def _plan_out(plan: Plan) -> dict[str, Any]:
    return {"id": plan.pk, "event": plan.agenda_item.event.slug, "agenda_item": plan.agenda_item_id,
            "title": plan.agenda_item.title, "kind": plan.kind, "status": plan.status, "progress": plan.progress,
            "rounds": int(plan.options.get("rounds", 0)), "tables": int(plan.options.get("tables_count", 0)),
            "published_at": plan.published_at, "stats": plan.stats}


def _assign(seat: Seat) -> dict[str, Any]:
    return {"round": seat.round + 1, "table": seat.table + 1, "person_id": seat.person_id,
            "name": seat.person.name, "organisation": seat.person.organisation.name, "locked": seat.locked}


@router.get("/plans", response={200: list[PlanOut], **problems(403)})
def list_plans(request: HttpRequest, event: Slug | None = None) -> list[dict[str, Any]]:
    """Organisers: every plan (of one event's slug), in the order of the events and their agendas."""
    _organiser(request)
    qs = Plan.objects.select_related("agenda_item__event").order_by("agenda_item__event__starts_at",
                                                                     "agenda_item__order")
    if event:
        qs = qs.filter(agenda_item__event__slug=event)
    return [_plan_out(p) for p in qs]


@router.get("/plans/{plan_id}", response={200: PlanOut, **problems(403, 404)})
def get_plan(request: HttpRequest, plan_id: Id) -> dict[str, Any]:
    _organiser(request)
    return _plan_out(_plan(plan_id))


@router.get("/plans/{plan_id}/rounds", response={200: list[RoundOut], **problems(403, 404)})
def plan_rounds(request: HttpRequest, plan_id: Id) -> list[dict[str, Any]]:
    _organiser(request)
    plan = _plan(plan_id)
    return [{"round": r + 1, "tables": [[_assign(s) for s in t] for t in rnd]}
            for r, rnd in enumerate(selectors.seats_of(plan))]


@router.get("/plans/{plan_id}/assignments", response={200: list[AssignmentOut], **problems(403, 404)})
def plan_assignments(request: HttpRequest, plan_id: Id) -> list[dict[str, Any]]:
    _organiser(request)
    plan = _plan(plan_id)
    return [_assign(s) for s in plan.seats.select_related("person__organisation").order_by("round", "table")]


@router.get("/my-seats", response={200: list[MySeatOut], **problems(404)})
def my_seats(request: HttpRequest, event: Slug) -> list[dict[str, Any]]:
    """The signed-in person's published speed-dating partners and table seats at an event."""
    ev = Event.objects.filter(slug=event).first()
    if ev is None or not permissions.can_view_event(request.user, ev):
        raise NotFound()
    out = []
    for block in selectors.my_networking(ev, permissions.person_of(request.user)):
        for m in block.meetings:
            out.append({"plan": block.plan.pk, "title": block.item.title, "kind": block.kind, "round": m.round,
                        "table": m.table, "partners": m.partners})
    return out


@router.get("/series/{slug}/picture", response={200: list[PictureStepOut], **problems(404)}, auth=read_auth)
def picture(request: HttpRequest, slug: Slug) -> list[dict[str, Any]]:
    """How the collaboration network grew seminar by seminar, counting only seminars that took place (people who
    checked in): public counts (organisations and numbers only)."""
    series = Series.objects.filter(slug=slug).first()
    if series is None:
        raise NotFound()
    return picture_reads.api_steps(series)

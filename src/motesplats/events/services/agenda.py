"""The agenda of an event, edited as a whole on one page and saved atomically."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motesplats.common.permissions import can_manage_events
from motesplats.registry.models import Person

from ..enums import AgendaKind
from ..models import AgendaItem, Event
from .errors import AgendaProblem, InvalidAgenda, NotAllowed


@dataclass
class AgendaItemData:
    """One row of the agenda editor. `start`/`end` are aware datetimes or local times on the event's date.
    `id` is the existing item to update (None for a new one); items left out of the list are deleted."""

    start: dt.datetime | dt.time
    end: dt.datetime | dt.time
    title: str
    kind: str = AgendaKind.TALK
    description: str = ""
    speaker_ids: list[int] = field(default_factory=list)
    rounds: int | None = None
    round_minutes: int | None = None
    tables: int | None = None
    questions: list[str] = field(default_factory=list)
    allow_overlap: bool = False
    id: int | None = None


def _aware(value: dt.datetime | dt.time, event: Event) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else value.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
    return dt.datetime.combine(event.date, value, tzinfo=ZoneInfo(settings.TIME_ZONE))


def validate_agenda(*, event: Event, items: list[AgendaItemData]) -> list[AgendaProblem]:
    problems: list[AgendaProblem] = []
    spans: list[tuple[int, dt.datetime, dt.datetime, bool]] = []
    known_people = set(Person.objects.filter(
        pk__in={pk for item in items for pk in item.speaker_ids}).values_list("pk", flat=True))
    existing = set(event.agenda_items.values_list("pk", flat=True))
    kinds = set(AgendaKind.values)
    for index, item in enumerate(items):
        def add(field_name: str, message: object, index: int = index) -> None:
            problems.append(AgendaProblem(index, field_name, message))

        if not item.title.strip():
            add("title", _("Ange en rubrik."))
        if item.kind not in kinds:
            add("kind", _("Okänd typ av programpunkt."))
        if item.id is not None and item.id not in existing:
            add("", _("Programpunkten hör inte till det här seminariet."))
        start, end = _aware(item.start, event), _aware(item.end, event)
        if end <= start:
            add("end", _("Sluttiden måste vara efter starttiden."))
        elif start < event.starts_at or end > event.ends_at:
            add("start", _("Programpunkten måste ligga inom seminariets tid, %(start)s–%(end)s.") % {
                "start": timezone.localtime(event.starts_at).strftime("%H:%M"),
                "end": timezone.localtime(event.ends_at).strftime("%H:%M")})
        else:
            spans.append((index, start, end, item.allow_overlap))
        if set(item.speaker_ids) - known_people:
            add("speaker_ids", _("En av talarna finns inte i registret."))
        if item.kind == AgendaKind.SPEED_DATING:
            if not item.rounds or item.rounds < 1:
                add("rounds", _("Ange antalet rundor (minst 1)."))
            if not item.round_minutes or item.round_minutes < 1:
                add("round_minutes", _("Ange hur många minuter en runda är (minst 1)."))
            if item.rounds and item.round_minutes and end > start and \
                    item.rounds * item.round_minutes > (end - start).total_seconds() / 60:
                add("rounds", _("Rundorna ryms inte i programpunktens tid."))
        if item.kind == AgendaKind.ROUND_TABLES:
            if not item.tables or item.tables < 1:
                add("tables", _("Ange antalet bord (minst 1)."))
        if any(not isinstance(q, str) or not q.strip() for q in item.questions):
            add("questions", _("En fråga är tom."))
    spans.sort(key=lambda span: span[1])
    for (_i, _s, previous_end, previous_free), (index, start, _e, free) in zip(spans, spans[1:], strict=False):
        if start < previous_end and not (free or previous_free):
            problems.append(AgendaProblem(index, "start", _(
                "Programpunkten överlappar föregående punkt. Ändra tiderna eller markera att den får överlappa.")))
    return problems


def agenda_replace(*, event: Event, items: list[AgendaItemData], by: object | None = None) -> list[AgendaItem]:
    """Replace the whole agenda in the order given: update items with an id, create new ones, delete the
    rest. All or nothing: any problem raises InvalidAgenda (with every problem listed) and nothing changes."""
    if by is not None and not can_manage_events(by):
        raise NotAllowed()
    problems = validate_agenda(event=event, items=items)
    if problems:
        raise InvalidAgenda(problems)
    saved: list[AgendaItem] = []
    with transaction.atomic():
        keep = {item.id for item in items if item.id is not None}
        event.agenda_items.exclude(pk__in=keep).delete()
        current = {obj.pk: obj for obj in event.agenda_items.all()}
        for order, item in enumerate(items):
            obj = current.get(item.id) if item.id is not None else None
            obj = obj or AgendaItem(event=event)
            obj.order = order
            obj.starts_at, obj.ends_at = _aware(item.start, event), _aware(item.end, event)
            obj.kind, obj.title, obj.description = item.kind, item.title.strip(), item.description.strip()
            speed = item.kind == AgendaKind.SPEED_DATING
            obj.rounds = item.rounds if speed else None
            obj.round_minutes = item.round_minutes if speed else None
            obj.tables = item.tables if item.kind == AgendaKind.ROUND_TABLES else None
            obj.questions = [q.strip() for q in item.questions]
            obj.allow_overlap = item.allow_overlap
            obj.save()
            obj.speakers.set(item.speaker_ids)
            saved.append(obj)
    return saved


def agenda_as_data(event: Event) -> list[AgendaItemData]:
    """The current agenda in the editor's shape (local times), e.g. to prefill a formset."""
    return [
        AgendaItemData(
            id=item.pk, start=timezone.localtime(item.starts_at).time(), end=timezone.localtime(item.ends_at).time(),
            title=item.title, kind=item.kind, description=item.description,
            speaker_ids=[p.pk for p in item.speakers.all()], rounds=item.rounds, round_minutes=item.round_minutes,
            tables=item.tables, questions=list(item.questions), allow_overlap=item.allow_overlap,
        )
        for item in event.agenda_items.prefetch_related("speakers").order_by("order", "starts_at")
    ]

"""The agenda editor: the whole agenda on one page, saved at once through `services.agenda_replace`.

Moving, adding and removing items only rearrange what is on the page (nothing is saved until "Spara"):
each such button posts the page, which comes back rearranged (with htmx only the editor is swapped).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from motesplats.common import permissions
from motesplats.common.views import partial_or_page, redirect_page, require
from motesplats.registry.models import Person

from ..enums import AgendaKind
from ..forms import AgendaItemForm
from ..models import AgendaItem, Event
from ..services import agenda as agenda_service
from ..services.errors import EventsError, InvalidAgenda
from ._common import event_or_404

FIELDS = ("start", "end", "kind", "title", "description", "speakers", "rounds", "round_minutes", "tables",
          "questions", "allow_overlap", "id")
# Problem fields named by the service → the editor's fields.
FORM_FIELD_FOR = {"speaker_ids": "speakers"}
MAX_ITEMS = 60


def _people() -> Any:
    return Person.objects.filter(is_anonymised=False).select_related("organisation").order_by("name")


def _from_saved(event: Event) -> list[dict[str, Any]]:
    rows = []
    for item in agenda_service.agenda_as_data(event):
        start = item.start.strftime("%H:%M")
        end = item.end.strftime("%H:%M")
        rows.append({
            "id": str(item.id or ""), "start": start, "end": end, "kind": item.kind, "title": item.title,
            "description": item.description, "speakers": [str(pk) for pk in item.speaker_ids],
            "rounds": item.rounds or "", "round_minutes": item.round_minutes or "", "tables": item.tables or "",
            "questions": "\n".join(item.questions), "allow_overlap": item.allow_overlap,
        })
    return rows


def _from_post(data: QueryDict) -> list[dict[str, Any]]:
    try:
        count = min(int(data.get("count", "0")), MAX_ITEMS)
    except ValueError:
        count = 0
    rows = []
    for index in range(count):
        prefix = f"item-{index}-"
        row: dict[str, Any] = {name: data.get(prefix + name, "") for name in FIELDS}
        row["speakers"] = data.getlist(prefix + "speakers")
        row["allow_overlap"] = bool(data.get(prefix + "allow_overlap"))
        rows.append(row)
    return rows


def _as_post(rows: list[dict[str, Any]]) -> QueryDict:
    data = QueryDict(mutable=True)
    data["count"] = str(len(rows))
    for index, row in enumerate(rows):
        for name in FIELDS:
            value = row.get(name)
            key = f"item-{index}-{name}"
            if name == "speakers":
                data.setlist(key, list(value or []))
            elif name == "allow_overlap":
                if value:
                    data[key] = "on"
            elif value is not None:
                data[key] = str(value)
    return data


def _new_row(event: Event, rows: list[dict[str, Any]]) -> dict[str, Any]:
    start = rows[-1]["end"] if rows and rows[-1].get("end") else timezone.localtime(event.starts_at).strftime("%H:%M")
    try:
        begin = dt.time.fromisoformat(start)
    except ValueError:
        end = ""
    else:
        minutes = min(begin.hour * 60 + begin.minute + 30, 23 * 60 + 59)
        end = f"{minutes // 60:02d}:{minutes % 60:02d}"
    return {"id": "", "start": start, "end": end, "kind": AgendaKind.TALK, "title": "", "description": "",
            "speakers": [], "rounds": "", "round_minutes": "", "tables": "", "questions": "", "allow_overlap": False}


class Item:
    """One item on the editor page: its form and where focus goes after a rearrangement."""

    def __init__(self, form: AgendaItemForm, row: dict[str, Any], index: int, total: int) -> None:
        self.form = form
        self.row = row
        self.index = index
        self.number = index + 1
        self.is_first = index == 0
        self.is_last = index == total - 1
        self.kind = row.get("kind") or AgendaKind.TALK
        self.unsaved = AgendaItem(kind=self.kind)  # what the kind needs: `has_speakers`, `is_speed_dating`, ...
        self.focus = ""


def _items(event: Event, rows: list[dict[str, Any]], people: Any, *, bound: bool) -> list[Item]:
    data = _as_post(rows) if bound else None
    url = reverse("events:agenda_edit", kwargs={"slug": event.slug})
    items = []
    for index, row in enumerate(rows):
        form = AgendaItemForm(data, prefix=f"item-{index}", people=people,
                              initial=None if bound else {k: v for k, v in row.items() if k != "id"})
        form.fields["kind"].widget.attrs.update({  # a new kind redraws the item with the fields it needs
            "hx-post": url, "hx-trigger": "change", "hx-target": "#agenda-editor", "hx-swap": "outerHTML",
            "hx-vals": json.dumps({"action": f"refresh:{index}"})})
        items.append(Item(form, row, index, len(rows)))
    return items


def _rearrange(action: str, rows: list[dict[str, Any]], event: Event) -> tuple[list[dict[str, Any]], int, str, str]:
    """Apply a button's action. Returns the rows, the item to focus, which control, and what to announce."""
    verb, _sep, arg = action.partition(":")
    index = int(arg) if arg.isdigit() else -1
    if verb == "add" and len(rows) < MAX_ITEMS:
        rows.append(_new_row(event, rows))
        return rows, len(rows) - 1, "title", _("En ny punkt är tillagd sist, som punkt %(n)s.") % {"n": len(rows)}
    if not 0 <= index < len(rows):
        return rows, -1, "", ""
    if verb == "up" and index > 0:
        rows[index - 1], rows[index] = rows[index], rows[index - 1]
        return rows, index - 1, "up" if index - 1 > 0 else "down", _(
            "Punkten är flyttad upp till plats %(n)s.") % {"n": index}
    if verb == "down" and index < len(rows) - 1:
        rows[index + 1], rows[index] = rows[index], rows[index + 1]
        return rows, index + 1, "down" if index + 1 < len(rows) - 1 else "up", _(
            "Punkten är flyttad ned till plats %(n)s.") % {"n": index + 2}
    if verb == "remove":
        title = rows[index].get("title") or _("utan rubrik")
        del rows[index]
        focus = min(index, len(rows) - 1)
        return rows, focus, "title" if focus >= 0 else "add", _(
            "Punkten ”%(title)s” är borttagen. Den försvinner när du sparar.") % {"title": title}
    if verb == "refresh":
        return rows, index, "kind", ""
    return rows, -1, "", ""


def _save(request: HttpRequest, event: Event, items: list[Item]) -> bool:
    if not all(item.form.is_valid() for item in items):
        return False
    data = []
    for item in items:
        cleaned = item.form.cleaned_data
        raw_id = str(item.row.get("id") or "")
        data.append(agenda_service.AgendaItemData(
            id=int(raw_id) if raw_id.isdigit() else None,
            start=cleaned["start"], end=cleaned["end"], kind=cleaned["kind"], title=cleaned["title"],
            description=cleaned.get("description") or "",
            speaker_ids=[person.pk for person in cleaned.get("speakers") or []],
            rounds=cleaned.get("rounds"), round_minutes=cleaned.get("round_minutes"), tables=cleaned.get("tables"),
            questions=cleaned.get("questions") or [], allow_overlap=cleaned.get("allow_overlap", False)))
    try:
        agenda_service.agenda_replace(event=event, items=data, by=request.user)
    except InvalidAgenda as error:
        for problem in error.problems:
            if 0 <= problem.index < len(items):
                form = items[problem.index].form
                field = FORM_FIELD_FOR.get(problem.field, problem.field)
                form.add_error(field if field in form.fields else None, str(problem.message))
        return False
    except EventsError as error:
        if items:
            items[0].form.add_error(None, str(error))
        return False
    return True


@require(permissions.can_manage_events)
def agenda_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_or_404(slug)
    people = _people()
    announcement = ""
    focus_add = False
    status = 200
    if request.method == "POST":
        rows = _from_post(request.POST)
        action = request.POST.get("action", "save")
        if action == "save":
            items = _items(event, rows, people, bound=True)
            if _save(request, event, items):
                messages.success(request, _("Programmet är sparat."))
                return redirect_page(request, event.get_absolute_url())
            status = 400
            announcement = _("Programmet innehåller fel och har inte sparats. Felen står vid varje punkt.")
        else:
            rows, focus, control, announcement = _rearrange(action, rows, event)
            items = _items(event, rows, people, bound=False)
            focus_add = control == "add" or (action.startswith("remove") and not items)
            if 0 <= focus < len(items):
                items[focus].focus = control
                if control in items[focus].form.fields:
                    items[focus].form.fields[control].widget.attrs["autofocus"] = True
    else:
        items = _items(event, _from_saved(event), people, bound=False)
    context = {"nav": "events_organiser", "event": event, "items": items, "count": len(items),
               "announcement": announcement, "focus_add": focus_add, "has_errors": status == 400}
    return partial_or_page(request, "events/_agenda_editor.html", context, page="events/agenda_edit.html",
                           status=status)

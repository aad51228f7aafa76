"""What networking stores about a person, for the GDPR export and erasure of accounts.services."""

from __future__ import annotations

from typing import Any

from .models import Encounter, PlanVersion, Seat


def gdpr_export_hook(user: Any, person: Any) -> dict[str, Any]:
    if person is None:
        return {}
    seats = (Seat.objects.filter(person=person).select_related("plan__agenda_item__event")
             .order_by("plan__agenda_item__starts_at", "round"))
    return {"networking_seats": [
        {"event": s.plan.agenda_item.event.title, "session": s.plan.agenda_item.title, "round": s.round + 1,
         "table": s.table + 1} for s in seats],
        "networking_encounters": Encounter.objects.filter(person_a=person).count()
        + Encounter.objects.filter(person_b=person).count(),
        "networking_seat_changes": [
            {"session": v.plan.agenda_item.title, "version": v.number, "when": v.created.isoformat(),
             "round": c["round"] + 1, "table_before": None if c["before"] is None else c["before"] + 1,
             "table_after": None if c["after"] is None else c["after"] + 1}
            for v in _versions_of(person) for c in v.changes if c.get("person") == person.pk]}


def _versions_of(person: Any) -> list[PlanVersion]:
    return [v for v in PlanVersion.objects.select_related("plan__agenda_item").order_by("plan_id", "number")
            if person.pk in (v.people or [])]


def gdpr_anonymise_hook(user: Any, person: Any) -> None:
    """Seats go; encounters stay linked to the anonymised person row so the series' counts survive."""
    if person is None:
        return
    Seat.objects.filter(person=person).delete()
    for version in _versions_of(person):  # the plan's history keeps its counts, without this person's seats
        version.changes = [c for c in version.changes if c.get("person") != person.pk]
        version.people = [p for p in version.people if p != person.pk]
        version.save(update_fields=["changes", "people"])

"""What networking stores about a person, for the GDPR export and erasure of accounts.services."""

from __future__ import annotations

from typing import Any

from .models import Encounter, Seat


def gdpr_export_hook(user: Any, person: Any) -> dict[str, Any]:
    if person is None:
        return {}
    seats = (Seat.objects.filter(person=person).select_related("plan__agenda_item__event")
             .order_by("plan__agenda_item__starts_at", "round"))
    return {"networking_seats": [
        {"event": s.plan.agenda_item.event.title, "session": s.plan.agenda_item.title, "round": s.round + 1,
         "table": s.table + 1} for s in seats],
        "networking_encounters": Encounter.objects.filter(person_a=person).count()
        + Encounter.objects.filter(person_b=person).count()}


def gdpr_anonymise_hook(user: Any, person: Any) -> None:
    """Seats go; encounters stay linked to the anonymised person row so the series' counts survive."""
    if person is None:
        return
    Seat.objects.filter(person=person).delete()

"""Reads the seminar pages need that `events.selectors` does not offer. Read-only, no N+1."""

from __future__ import annotations

from django.db.models import Count, Q

from .enums import RegistrationStatus
from .models import Event, Registration
from .selectors import EventCounts


def counts_for_events(events: list[Event]) -> list[tuple[Event, EventCounts]]:
    """Each event with its live figures, in one query for all of them (the organiser's overview)."""
    confirmed = Q(status=RegistrationStatus.CONFIRMED)
    rows = (Registration.objects.filter(event_id__in=[event.pk for event in events]).values("event_id")
            .annotate(confirmed=Count("id", filter=confirmed),
                      waitlisted=Count("id", filter=Q(status=RegistrationStatus.WAITLISTED)),
                      checked_in=Count("id", filter=confirmed & Q(checked_in_at__isnull=False)),
                      walk_ins=Count("id", filter=confirmed & Q(is_walk_in=True)),
                      cancelled=Count("id", filter=Q(status=RegistrationStatus.CANCELLED)))
            .order_by())
    by_event = {row.pop("event_id"): row for row in rows}
    empty = {"confirmed": 0, "waitlisted": 0, "checked_in": 0, "walk_ins": 0, "cancelled": 0}
    return [(event, EventCounts(capacity=event.capacity, **by_event.get(event.pk, empty))) for event in events]

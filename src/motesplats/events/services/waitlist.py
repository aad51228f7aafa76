"""Promotion from the waitlist. Callers hold the lock on the event row (see `registration.lock_event`)."""

from __future__ import annotations

from django.utils import timezone

from motesplats.common.locks import for_update

from ..enums import RegistrationStatus
from ..models import Event, Registration
from ..selectors import event_counts
from .mail import queue_registration_mail


def free_seats(event: Event) -> int:
    """Seats left for registrations (`EventCounts.free`: walk-ins do not take a seat)."""
    return event_counts(event).free


def waitlist_queryset(event: Event):  # type: ignore[no-untyped-def]
    return Registration.objects.filter(event=event).waitlist()


def fill_from_waitlist(*, event: Event, notify: bool = True) -> list[Registration]:
    """Promote the first people on the waitlist into free seats. Must run inside the event lock."""
    if event.is_cancelled or event.starts_at <= timezone.now():
        return []
    seats = free_seats(event)
    if seats <= 0:
        return []
    promoted = list(for_update(waitlist_queryset(event))[:seats])
    now = timezone.now()
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at", "updated"])
        if notify:
            queue_registration_mail(registration.pk, "promoted")
    return promoted

""""Min dag" per person from the shared cache (Redis with REDIS_URL), so that 500 people opening it at once do not
each recompute the agenda, the waitlist position and the networking sections.

What is cached: the rendered personal part of the page (`page_key`, with the registration's and the person's
`updated` in its key), and under it the agenda, the waitlist position and the filled sections (networking
seats), under a key made of the event's *version* and the registration. The registration itself (status, check-in, choices) is always read
fresh. The version changes, and every cached "Min dag" of the event with it, when the event, an agenda item, a
registration (other than a check-in, which only changes that person's fresh row), a plan or a seat changes
(`invalidate`; networking connects its models in its app config). Names of people and projects shown in a
section, and the organisation's name and the project's title in the cached page (`page_key`), may be up
to `TIMEOUT` seconds old.

On only with a cache that every process shares (`MY_DAY_CACHE`, on with REDIS_URL): a per-process cache would
miss the other processes' invalidations."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

TIMEOUT = 300
CHECK_IN_FIELDS = frozenset({"checked_in_at", "checked_in_by", "updated"})


def enabled() -> bool:
    return bool(getattr(settings, "MY_DAY_CACHE", False))


def _version_key(event_id: int) -> str:
    return f"events:my-day:version:{event_id}"


def version(event_id: int) -> str:
    key = _version_key(event_id)
    current = cache.get(key)
    if current is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        current = cache.get(key)
    return str(current)


def invalidate(event_id: int | None) -> None:
    """Now, and again after the commit: a reader between the two would otherwise cache the old rows."""
    if event_id is None:
        return

    def bump() -> None:
        cache.set(_version_key(event_id), uuid.uuid4().hex, timeout=None)

    bump()
    transaction.on_commit(bump)


def key(event_id: int, registration_id: int | None, person_id: int | None) -> str:
    return f"events:my-day:{event_id}:{version(event_id)}:{registration_id or 0}:{person_id or 0}"


def page_key(event_id: int, stamp: tuple[Any, ...] | None, language: str | None) -> str | None:
    """The key of a person's rendered "Min dag" (its personal part, without CSRF token or nonce), or None when it
    is not cached: without a shared cache, or without a registration (then the page offers to register, which
    depends on the clock). Besides the event's version the key holds `stamp`, read fresh on every visit
    (`selectors.my_day_stamp`: the registration's and the person's id and `updated`): a check-in, a changed
    choice or a new name shows at once."""
    if not enabled() or stamp is None:
        return None
    registration_id, registration_updated, person_id, person_updated = stamp
    return (f"events:my-day:page:{event_id}:{version(event_id)}:{registration_id}:"
            f"{registration_updated.timestamp() if registration_updated else 0}:{person_id}:"
            f"{person_updated.timestamp() if person_updated else 0}:{language or ''}")


def _event_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    invalidate(instance.pk)


def _item_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    invalidate(instance.event_id)


def _registration_changed(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    if update_fields and set(update_fields) <= CHECK_IN_FIELDS:
        return  # a check-in: only that person's own (always fresh) row changed
    invalidate(instance.event_id)


def connect() -> None:
    from .models import AgendaItem, Event, Registration

    for signal in (post_save, post_delete):
        signal.connect(_event_changed, sender=Event, dispatch_uid=f"my-day-event-{signal is post_save}")
        signal.connect(_item_changed, sender=AgendaItem, dispatch_uid=f"my-day-item-{signal is post_save}")
        signal.connect(_registration_changed, sender=Registration,
                       dispatch_uid=f"my-day-registration-{signal is post_save}")

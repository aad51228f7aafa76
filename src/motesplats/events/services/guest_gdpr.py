"""GDPR for guest signups (name, organisation and address typed by someone without an account): export, erasure,
and the daily clean-up of unconfirmed signups and of signups whose registration was anonymised."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone

from ..models import GuestSignup

UNCONFIRMED_DAYS = 30


def _signups(user: Any, person: Any) -> Any:
    addresses = {address.lower() for address in (getattr(user, "email", ""), getattr(person, "email", "")) if address}
    wanted = Q(email__in=addresses)
    if person is not None:
        wanted |= Q(registration__person=person)
    return GuestSignup.objects.filter(wanted)


def gdpr_export_hook(user: Any, person: Any) -> dict[str, Any]:
    rows = _signups(user, person).select_related("event")
    return {"guest_signups": [{"event": row.event.title, "name": row.name, "organisation": row.organisation_name,
                               "email": row.email, "language": row.language, "created": row.created.isoformat(),
                               "confirmed_at": row.confirmed_at.isoformat() if row.confirmed_at else None}
                              for row in rows]} if rows else {}


def gdpr_erase_hook(user: Any, person: Any) -> None:
    _signups(user, person).delete()


def guest_signups_expire(*, now: dt.datetime | None = None) -> int:
    """Delete signups never confirmed within UNCONFIRMED_DAYS, and those whose registration was anonymised."""
    now = now or timezone.now()
    stale = GuestSignup.objects.filter(confirmed_at__isnull=True, created__lt=now - dt.timedelta(days=UNCONFIRMED_DAYS))
    anonymised = GuestSignup.objects.filter(Q(registration__anonymised_at__isnull=False)
                                            | Q(confirmed_at__isnull=False, registration__isnull=True))
    return stale.delete()[0] + anonymised.delete()[0]

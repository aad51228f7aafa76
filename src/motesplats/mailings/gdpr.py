"""The mailings' part of a person's data: the mail they were sent and an unsubscribe of their address."""

from __future__ import annotations

from typing import Any

from .models import Delivery, Unsubscribe


def _addresses(user: Any, person: Any) -> set[str]:
    return {address.strip().lower() for address in (getattr(user, "email", ""), getattr(person, "email", ""))
            if address}


def gdpr_export_hook(user: Any, person: Any) -> dict[str, Any]:
    addresses = _addresses(user, person)
    rows = Delivery.objects.select_related("mailing__event").filter(email__in=addresses)
    if person is not None:
        rows = rows | Delivery.objects.select_related("mailing__event").filter(person=person)
    return {"mailings": [{"subject": row.mailing.subject, "event": row.mailing.event.title,
                          "status": row.status, "email": row.email,
                          "sent_at": row.sent_at.isoformat() if row.sent_at else None} for row in rows.distinct()],
            "unsubscribed": list(Unsubscribe.objects.filter(email__in=addresses).values_list("email", flat=True))}


def gdpr_erase_hook(user: Any, person: Any) -> None:
    """Keep the counts of the delivery log, drop who it was; an unsubscribe is kept (it protects the address)."""
    addresses = _addresses(user, person)
    rows = Delivery.objects.filter(email__in=addresses)
    if person is not None:
        rows = rows | Delivery.objects.filter(person=person)
    Delivery.objects.filter(pk__in=list(rows.values_list("pk", flat=True))).update(
        person=None, name="", email="", message_id="")

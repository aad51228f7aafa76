"""The follow-ups' part of a person's data: the follow-ups they own."""

from __future__ import annotations

from typing import Any

from .models import FollowUp, StatusRequest


def gdpr_export_hook(user: Any, person: Any) -> dict[str, Any]:
    if person is None:
        return {}
    return {"followups_owned": [{"finding": row.finding, "action": row.action, "status": row.status,
                                 "due_date": row.due_date.isoformat() if row.due_date else None,
                                 "status_note": row.status_note}
                                for row in FollowUp.objects.filter(owner_person=person)]}


def gdpr_erase_hook(user: Any, person: Any) -> None:
    """The follow-up stays with the organisation; the person is no longer named as its owner."""
    if person is None:
        return
    StatusRequest.objects.filter(followup__owner_person=person).update(email="")
    FollowUp.objects.filter(owner_person=person).update(owner_person=None)

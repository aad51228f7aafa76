"""Writing the audit log. Other apps call `record` inside the transaction of the action itself, so an action
and its entry are saved together or not at all.

    record(actor=request.user, action=Action.PUBLISH, target=event, data={"title": event.title})
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction

from .models import Action, AuditEntry


def record(*, actor: Any, action: Action | str, target: Any = None, data: dict[str, Any] | None = None
           ) -> AuditEntry:
    """One entry: `actor` (an account or None for the system), `action`, the object acted on (any model
    instance, or None) and a small JSON-able dict of what changed. Must run inside the action's transaction
    (TransactionManagementError otherwise)."""
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("audit.record() belongs inside the action's transaction.atomic().")
    user = actor if getattr(actor, "pk", None) and getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user, actor_label=str(getattr(user, "email", "") or "")[:254], action=str(action),
        target_type=target._meta.label_lower if target is not None and hasattr(target, "_meta") else "",
        target_id=str(getattr(target, "pk", "") or "")[:64], target_label=str(target or "")[:300],
        data=dict(data or {}))

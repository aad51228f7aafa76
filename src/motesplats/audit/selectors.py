"""Reading the audit log: a search by text, action and period, newest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .models import AuditEntry


@dataclass(frozen=True)
class AuditFilters:
    q: str = ""
    action: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


def entries(filters: AuditFilters) -> QuerySet[AuditEntry]:
    rows = AuditEntry.objects.select_related("actor")
    if filters.q:
        rows = rows.filter(Q(actor_label__icontains=filters.q) | Q(target_label__icontains=filters.q)
                           | Q(target_type__icontains=filters.q))
    if filters.action:
        rows = rows.filter(action=filters.action)
    if filters.since:
        rows = rows.filter(created__date__gte=filters.since)
    if filters.until:
        rows = rows.filter(created__date__lte=filters.until)
    return rows.order_by("-created", "-id")

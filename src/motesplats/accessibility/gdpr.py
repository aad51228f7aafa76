"""Barrier reports in the GDPR export and erasure: the report is kept (the law asks for the log), the name
and e-mail address are removed."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from .models import BarrierReport


def _of(user: Any) -> Any:
    return BarrierReport.objects.filter(Q(user=user) | Q(email__iexact=user.email))


def export(user: Any, person: Any) -> dict[str, Any]:
    return {"accessibility_reports": [
        {"created": r.created.isoformat(), "page": r.page, "description": r.description, "name": r.name,
         "email": r.email} for r in _of(user).order_by("created")]}


def erase(user: Any, person: Any) -> None:
    _of(user).update(name="", email="", user=None)

"""Celery tasks of networking (primitive arguments; load, then call a service). Eager without a broker."""

from __future__ import annotations

import logging

from motesplats.celery import app

from .models import Plan, PlanStatus

log = logging.getLogger(__name__)


@app.task
def compute_plan(plan_id: int) -> str:
    from .services import plan_compute

    plan = Plan.objects.select_related("agenda_item__event").filter(pk=plan_id).first()
    if plan is None:
        return "missing"
    try:
        return plan_compute(plan=plan).status
    except Exception:
        log.exception("planning failed for plan %s", plan_id)
        Plan.objects.filter(pk=plan_id).update(status=PlanStatus.FAILED, error="internal error")
        raise

"""Celery tasks of networking (primitive arguments; load, then call a service). Eager without a broker, or, with
``NETWORKING_RUN_TASKS_IN_THREAD`` (the demo), in a background thread so that the request returns at once."""

from __future__ import annotations

import contextlib
import logging
import threading
from typing import Any

from django.conf import settings
from django.db import connections

from motesplats.celery import app

from . import services
from .models import Plan, PlanStatus

log = logging.getLogger(__name__)


@app.task
def compute_plan(plan_id: int) -> str:
    plan = Plan.objects.select_related("agenda_item__event").filter(pk=plan_id).first()
    if plan is None:
        return "missing"
    try:
        return services.plan_compute(plan=plan).status
    except Exception:
        log.exception("planning failed for plan %s", plan_id)
        Plan.objects.filter(pk=plan_id).update(status=PlanStatus.FAILED, error="internal error")
        raise


def _compute_in_thread(plan_id: int) -> None:
    try:
        with contextlib.suppress(Exception):  # the task logged it and marked the plan failed
            compute_plan(plan_id)
    finally:
        connections.close_all()  # this thread's own connections


def start_compute(plan_id: int) -> threading.Thread | None:
    """Queue the planning task; without a broker and with ``NETWORKING_RUN_TASKS_IN_THREAD``, run it in a
    daemon thread (returned, so that a caller can wait) while the page polls the progress."""
    if getattr(settings, "NETWORKING_RUN_TASKS_IN_THREAD", False) and not settings.CELERY_BROKER_URL:
        thread = threading.Thread(target=_compute_in_thread, args=(plan_id,), name=f"networking-plan-{plan_id}",
                                  daemon=True)
        thread.start()
        return thread
    compute_plan.delay(plan_id)
    return None


def plan_requested_received(sender: Any, plan_id: int, **kwargs: Any) -> None:
    """`signals.plan_requested` (after the commit of `services.plan_request`): start the computation."""
    start_compute(plan_id)

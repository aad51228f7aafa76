"""Celery tasks of networking (primitive arguments; load, then call a service). Eager without a broker, or, with
``NETWORKING_RUN_TASKS_IN_THREAD`` (the demo), in a background thread so that the request returns at once."""

from __future__ import annotations

import contextlib
import logging
import threading
from typing import Any

from celery.signals import worker_process_init
from django.conf import settings
from django.db import connections

from motesplats.celery import app
from motesplats.events.models import Event

from . import services
from .models import Plan, PlanStatus

log = logging.getLogger(__name__)


@worker_process_init.connect
def preload_engine(**kwargs: Any) -> None:
    """A Celery worker process loads the engine's compiled kernels as it starts (``ENGINE_PRELOAD``)."""
    if getattr(settings, "ENGINE_PRELOAD", False):
        from optimiser import compiled

        compiled.preload()


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


@app.task
def compute_day(event_id: int) -> int:
    """Plan every networking item of the event as one day; returns the number of plans."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    try:
        return len(services.day_compute(event=event))
    except Exception:
        log.exception("planning the day failed for event %s", event_id)
        Plan.objects.filter(agenda_item__event_id=event_id, status__in=[PlanStatus.QUEUED, PlanStatus.RUNNING],
                            published_at__isnull=True).update(status=PlanStatus.FAILED, error="internal error")
        raise


def _in_thread(task: Any, arg: int) -> None:
    try:
        with contextlib.suppress(Exception):  # the task logged it and marked the plan failed
            task(arg)
    finally:
        connections.close_all()  # this thread's own connections


def _start(task: Any, arg: int, name: str) -> threading.Thread | None:
    if getattr(settings, "NETWORKING_RUN_TASKS_IN_THREAD", False) and not settings.CELERY_BROKER_URL:
        thread = threading.Thread(target=_in_thread, args=(task, arg), name=name, daemon=True)
        thread.start()
        return thread
    task.delay(arg)
    return None


def start_compute(plan_id: int) -> threading.Thread | None:
    """Queue the planning task; without a broker and with ``NETWORKING_RUN_TASKS_IN_THREAD``, run it in a
    daemon thread (returned, so that a caller can wait) while the page polls the progress."""
    return _start(compute_plan, plan_id, f"networking-plan-{plan_id}")


def day_requested_received(sender: Any, event_id: int, **kwargs: Any) -> None:
    """`signals.day_requested`: plan the event's whole day (as :func:`start_compute` does for one plan)."""
    _start(compute_day, event_id, f"networking-day-{event_id}")


def plan_requested_received(sender: Any, plan_id: int, **kwargs: Any) -> None:
    """`signals.plan_requested` (after the commit of `services.plan_request`): start the computation."""
    start_compute(plan_id)

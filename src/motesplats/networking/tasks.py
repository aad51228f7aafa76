"""Celery tasks of networking (primitive arguments; load, then call a service). Eager without a broker, or, with
``NETWORKING_RUN_TASKS_IN_THREAD`` (the demo), in a background thread so that the request returns at once.

Several workers: a worker *claims* a plan (queued, or running with a heartbeat older than
``NETWORKING_PLAN_STALE_SECONDS``) in one UPDATE and keeps its heartbeat (`Plan.updated`) fresh while the engine
runs. A second delivery of the same task finds the plan claimed or done and does nothing; when a worker dies
(`kill -9`), the broker gives the unacknowledged task back (acks_late) and beat's `requeue_stalled_plans` queues
the plan again as soon as its heartbeat is stale, so another worker finishes it. Storing the seats replaces the
old ones in one transaction: a plan computed twice is still stored once."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Q
from django.utils import timezone

from motesplats.celery import app

from . import services
from .models import Plan, PlanStatus

log = logging.getLogger(__name__)


def stale_seconds() -> float:
    return float(getattr(settings, "NETWORKING_PLAN_STALE_SECONDS", 60))


def claim(plan_id: int) -> bool:
    """Take the plan for this worker: queued, or running with a stale heartbeat (its worker died)."""
    now = timezone.now()
    stale = now - dt.timedelta(seconds=stale_seconds())
    return bool(Plan.objects.filter(pk=plan_id).filter(
        Q(status=PlanStatus.QUEUED) | Q(status=PlanStatus.RUNNING, updated__lt=stale)).update(
        status=PlanStatus.RUNNING, updated=now))


@contextlib.contextmanager
def heartbeat(plan_id: int) -> Iterator[None]:
    """Keep `Plan.updated` fresh from a thread while the engine runs (it may not report progress for a while)."""
    done = threading.Event()

    def beat() -> None:
        try:
            while not done.wait(stale_seconds() / 4):
                Plan.objects.filter(pk=plan_id, status=PlanStatus.RUNNING).update(updated=timezone.now())
        finally:
            connections.close_all()

    thread = threading.Thread(target=beat, name=f"plan-heartbeat-{plan_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join(timeout=5)


@app.task(acks_late=True, reject_on_worker_lost=True)
def compute_plan(plan_id: int) -> str:
    """Idempotent: a plan that another worker holds, or that is done, is left as it is."""
    plan = Plan.objects.select_related("agenda_item__event").filter(pk=plan_id).first()
    if plan is None:
        return "missing"
    eager = bool(compute_plan.request.is_eager) or not settings.CELERY_BROKER_URL
    if not eager and not claim(plan_id):
        plan.refresh_from_db(fields=["status"])
        log.info("plan %s not claimed (status %s): another worker holds it or it is done", plan_id, plan.status)
        return str(plan.status)
    try:
        with contextlib.nullcontext() if eager else heartbeat(plan_id):
            return services.plan_compute(plan=plan).status
    except Exception:
        log.exception("planning failed for plan %s", plan_id)
        Plan.objects.filter(pk=plan_id).update(status=PlanStatus.FAILED, error="internal error")
        raise


@app.task(acks_late=True)
def requeue_stalled_plans() -> int:
    """Beat: queue again every plan whose worker stopped beating (killed, machine lost). Returns how many."""
    stale = timezone.now() - dt.timedelta(seconds=stale_seconds())
    stalled = list(Plan.objects.filter(status=PlanStatus.RUNNING, updated__lt=stale).values_list("pk", flat=True))
    for plan_id in stalled:
        log.warning("plan %s: its worker stopped; queued again", plan_id)
        compute_plan.delay(plan_id)
    return len(stalled)


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

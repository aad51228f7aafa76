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

from celery.signals import worker_process_init
from django.conf import settings
from django.db import connections
from django.db.models import Q
from django.utils import timezone

from motesplats.celery import app
from motesplats.events.models import Event

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
def heartbeat(**plans: Any) -> Iterator[None]:
    """Keep `Plan.updated` of the running plans (filtered by ``plans``) fresh from a thread while the engine
    runs (it may not report progress for a while), so that the watchdog leaves them alone."""
    done = threading.Event()

    def beat() -> None:
        try:
            while not done.wait(stale_seconds() / 4):
                Plan.objects.filter(status=PlanStatus.RUNNING, **plans).update(updated=timezone.now())
        finally:
            connections.close_all()

    thread = threading.Thread(target=beat, name=f"plan-heartbeat-{plans}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join(timeout=5)


@worker_process_init.connect
def preload_engine(**kwargs: Any) -> None:
    """A Celery worker process loads the engine's compiled kernels as it starts (``ENGINE_PRELOAD``)."""
    if getattr(settings, "ENGINE_PRELOAD", False):
        from optimiser import compiled

        compiled.preload()


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
        return f"not claimed: {plan.status}"
    try:
        with contextlib.nullcontext() if eager else heartbeat(pk=plan_id):
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


@app.task(acks_late=True)
def compute_day(event_id: int) -> int:
    """Plan every networking item of the event as one day; returns the number of plans."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    eager = bool(compute_day.request.is_eager) or not settings.CELERY_BROKER_URL
    try:
        with contextlib.nullcontext() if eager else heartbeat(agenda_item__event_id=event_id):
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

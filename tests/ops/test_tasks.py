"""Background jobs are Celery tasks with acks_late, idempotent and safe to retry: a plan is claimed by one
worker at a time, a stalled plan (its worker killed) is queued again, and a mail task delivered twice sends once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from motesplats.celery import app
from motesplats.networking import tasks
from motesplats.networking.models import Plan, PlanStatus


def test_every_task_is_acknowledged_late() -> None:
    ours = {name: task for name, task in app.tasks.items() if name.startswith("motesplats.")}
    assert {"motesplats.networking.tasks.compute_plan", "motesplats.networking.tasks.requeue_stalled_plans",
            "motesplats.events.tasks.send_registration_mail", "motesplats.discovery.tasks.overlap_compute_task"
            } <= set(ours)
    for name, task in ours.items():
        assert task.acks_late, name
    assert app.conf.task_reject_on_worker_lost and app.conf.worker_prefetch_multiplier == 1


@pytest.fixture
def plan(world: Any) -> Plan:
    item = world.items["second_tables"]
    return Plan.objects.create(agenda_item=item, kind="tables", options={"rounds": 1, "tables": 4})


@pytest.mark.django_db
def test_one_worker_claims_a_plan_and_a_dead_workers_plan_can_be_claimed_again(plan: Plan, settings: Any) -> None:
    settings.NETWORKING_PLAN_STALE_SECONDS = 30
    assert tasks.claim(plan.pk)
    assert not tasks.claim(plan.pk), "a second delivery leaves the running plan alone"
    Plan.objects.filter(pk=plan.pk).update(updated=timezone.now() - dt.timedelta(seconds=31))
    assert tasks.claim(plan.pk), "no heartbeat for longer than the stale time: its worker is gone"
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.READY, updated=timezone.now() - dt.timedelta(hours=1))
    assert not tasks.claim(plan.pk), "a finished plan is never computed again by a late delivery"


@pytest.mark.django_db
def test_a_task_delivered_to_a_second_worker_leaves_the_claimed_plan_alone(plan: Plan, settings: Any,
                                                                          monkeypatch: Any) -> None:
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/8"  # a real worker, as far as the task can tell
    assert tasks.claim(plan.pk)
    called: list[int] = []
    monkeypatch.setattr(tasks.services, "plan_compute", lambda plan: called.append(plan.pk))
    assert tasks.compute_plan.run(plan.pk) == f"not claimed: {PlanStatus.RUNNING}"
    assert called == []


@pytest.mark.django_db
def test_the_watchdog_queues_stalled_plans_again_and_they_complete(plan: Plan, settings: Any) -> None:
    settings.NETWORKING_PLAN_STALE_SECONDS = 30
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.RUNNING, updated=timezone.now() - dt.timedelta(minutes=5))
    assert tasks.requeue_stalled_plans() == 1  # eager here: the plan is computed at once
    plan.refresh_from_db()
    assert plan.status == PlanStatus.READY and plan.seats.count() == 18
    assert tasks.requeue_stalled_plans() == 0


@pytest.mark.django_db
def test_the_registration_mail_task_delivered_twice_sends_once(make_event: Any, make_person: Any) -> None:
    from django.core.cache import cache

    from motesplats.events.models import Registration
    from motesplats.events.services.mail import send_registration_mail_task

    registration = Registration.objects.create(event=make_event(), person=make_person("Mia"), status="confirmed",
                                               consent_at=timezone.now())
    cache.delete("once:mail:task-1:confirmed")
    mail.outbox.clear()
    for _delivery in range(2):  # a worker gets the same task (same id) again after a lost acknowledgement
        send_registration_mail_task.push_request(id="task-1", is_eager=False)
        try:
            send_registration_mail_task.run(registration.pk, "confirmed")
        finally:
            send_registration_mail_task.pop_request()
    assert len(mail.outbox) == 1
    send_registration_mail_task.push_request(id="task-2", is_eager=False)
    try:
        send_registration_mail_task.run(registration.pk, "confirmed")  # another task: another mail
    finally:
        send_registration_mail_task.pop_request()
    assert len(mail.outbox) == 2
    cache.delete_many(["once:mail:task-1:confirmed", "once:mail:task-2:confirmed"])

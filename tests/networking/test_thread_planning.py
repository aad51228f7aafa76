"""Without a broker, the demo runs planning in a background thread: the request returns at once, the page polls."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.urls import reverse

from motesplats.networking import services, tasks
from motesplats.networking.models import Plan, PlanStatus


@pytest.mark.django_db(transaction=True)
def test_planning_runs_in_a_thread_and_the_page_shows_progress(client: Any, world: Any, organiser: Any,
                                                               settings: Any, monkeypatch: Any) -> None:
    settings.NETWORKING_RUN_TASKS_IN_THREAD = True
    settings.CELERY_BROKER_URL = ""
    gate = threading.Event()
    real_compute = services.plan_compute

    def gated_compute(**kwargs: Any) -> Plan:
        assert gate.wait(60)  # the engine starts only once the test has seen the request return
        return real_compute(**kwargs)

    monkeypatch.setattr(services, "plan_compute", gated_compute)
    threads: list[threading.Thread | None] = []
    real_start = tasks.start_compute
    monkeypatch.setattr(tasks, "start_compute", lambda plan_id: threads.append(real_start(plan_id)))
    closed: list[str] = []
    real_close = tasks.connections.close_all
    monkeypatch.setattr(tasks.connections, "close_all", lambda: (closed.append(threading.current_thread().name),
                                                                 real_close()))

    item = world.items["second_tables"]
    client.force_login(organiser)
    response = client.post(reverse("networking:plan_start", kwargs={"slug": item.event.slug}),
                           {"item": item.pk, "rounds": 1, "tables": 4, "w_organisation": "1.0",
                            "w_related": "0.5", "w_role": "0.3"})
    assert response.status_code == 302
    assert len(threads) == 1 and threads[0] is not None and threads[0].is_alive()
    plan = Plan.objects.get(agenda_item=item)
    assert plan.status == PlanStatus.QUEUED and not plan.seats.exists()  # the request did not wait
    progress = client.get(reverse("networking:plan_progress", kwargs={"pk": plan.pk})).content.decode()
    assert 'id="plan-progress-bar"' in progress and "every 1s" in progress

    gate.set()
    threads[0].join(60)
    assert not threads[0].is_alive()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.READY and plan.progress == 1.0 and plan.seats.count() == 18
    assert closed == [threads[0].name]  # the thread closed its own database connection
    response = client.get(reverse("networking:plan_progress", kwargs={"pk": plan.pk}))
    assert response["HX-Refresh"] == "true"


def test_tests_and_production_keep_the_eager_path(settings: Any, monkeypatch: Any) -> None:
    calls: list[int] = []
    monkeypatch.setattr(tasks.compute_plan, "delay", lambda plan_id: calls.append(plan_id))
    assert settings.NETWORKING_RUN_TASKS_IN_THREAD is False
    assert tasks.start_compute(7) is None and calls == [7]
    settings.NETWORKING_RUN_TASKS_IN_THREAD = True
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"  # a broker: the worker does the work
    assert tasks.start_compute(8) is None and calls == [7, 8]

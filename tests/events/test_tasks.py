"""The daily jobs: Celery beat runs the reminder and the anonymisation tasks, which call the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail

from motesplats.celery import app
from motesplats.events import tasks
from motesplats.events.models import Registration
from motesplats.events.services import register

pytestmark = pytest.mark.django_db


def test_beat_schedule_runs_both_daily_jobs_of_registered_tasks() -> None:
    schedule = settings.CELERY_BEAT_SCHEDULE
    names = {entry["task"] for entry in schedule.values()}
    assert names >= {"motesplats.events.tasks.send_event_reminders",
                     "motesplats.events.tasks.anonymise_expired_registrations"}
    for entry in schedule.values():
        assert entry["task"] in app.tasks  # the name the worker knows the task by
        if entry["task"].startswith("motesplats.events."):  # (networking's watchdog runs every few seconds)
            assert isinstance(entry["schedule"], crontab)
            assert len(entry["schedule"].hour) == len(entry["schedule"].minute) == 1  # once a day
    assert app.conf.timezone == settings.TIME_ZONE


def test_reminder_task_through_celery_mails_tomorrows_participants(make_event: Any, make_person: Any) -> None:
    event = make_event(days=1)
    registration = register(event=event, person=make_person(), consent=True, notify=False)
    today = (event.date - dt.timedelta(days=1)).isoformat()
    assert app.tasks["motesplats.events.tasks.send_event_reminders"].delay(today).get() == 1
    assert [m.to for m in mail.outbox] == [[registration.person.email]]
    assert tasks.send_event_reminders.delay(today).get() == 0  # once per registration


def test_failed_reminder_is_released_for_the_next_run(make_event: Any, make_person: Any, monkeypatch: Any) -> None:
    from motesplats.events.services import reminders

    event = make_event(days=1)
    registration = register(event=event, person=make_person(), consent=True, notify=False)

    def broken(*_args: Any) -> bool:
        raise OSError("SMTP down")

    monkeypatch.setattr(reminders, "send_registration_mail", broken)
    assert reminders.send_reminders() == 0
    assert Registration.objects.get(pk=registration.pk).reminder_sent_at is None
    monkeypatch.undo()
    assert reminders.send_reminders() == 1


def test_anonymisation_task_through_celery(make_event: Any, make_person: Any, monkeypatch: Any) -> None:
    from django.utils import timezone

    event = make_event()
    registration = register(event=event, person=make_person(), consent=True, dietary="nötter", notify=False)
    assert app.tasks["motesplats.events.tasks.anonymise_expired_registrations"].delay().get() == 0
    later = event.ends_at + dt.timedelta(days=400)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert tasks.anonymise_expired_registrations.delay().get() == 1
    registration.refresh_from_db()
    assert registration.person is None and registration.dietary == ""

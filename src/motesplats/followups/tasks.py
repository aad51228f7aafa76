"""Celery tasks of the follow-ups; the daily job is in CELERY_BEAT_SCHEDULE (settings)."""

from __future__ import annotations

import datetime as dt

from motesplats.celery import app


@app.task(name="motesplats.followups.tasks.request_followup_statuses")
def request_followup_statuses(today: str | None = None) -> int:
    """Daily: a week before a seminar that lists follow-ups, ask their owners for a status (once each)."""
    from .services import request_statuses

    return request_statuses(today=dt.date.fromisoformat(today) if today else None)

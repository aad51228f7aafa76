"""Celery tasks of the mailings (primitive arguments; load, then call the service)."""

from __future__ import annotations

from motesplats.celery import app


@app.task(name="motesplats.mailings.tasks.send_batch", autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_batch_task(mailing_id: int, batch: int) -> int:
    from .services import send_batch

    return send_batch(mailing_id=mailing_id, batch=batch)

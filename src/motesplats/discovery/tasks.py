"""Celery tasks of discovery (primitive arguments; call a service). Eager without a broker."""

from __future__ import annotations

from motesplats.celery import app


@app.task(acks_late=True)
def overlap_compute_task() -> int:
    """Compute and store the overlap overview of the whole portfolio; idempotent (a new snapshot replaces
    the old one), so it is safe to retry."""
    from motesplats.discovery.services import overlap_compute

    return overlap_compute().pk

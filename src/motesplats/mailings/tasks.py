"""Celery tasks of the mailings. The batch task lives beside the service it runs (`services.send_batch_task`) and
is imported here so that the worker registers it."""

from __future__ import annotations

from .services import prepare_mailing_task, send_batch_task

__all__ = ["prepare_mailing_task", "send_batch_task"]

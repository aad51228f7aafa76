"""Celery tasks of the accessibility app (the mail task lives beside its service; imported so that the
worker registers it)."""

from .services import send_barrier_report_mail_task

__all__ = ["send_barrier_report_mail_task"]

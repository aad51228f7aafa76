"""Celery tasks of data sharing (primitive arguments). They live beside the services they run and are
imported here so that the worker registers them."""

from motesplats.datasharing.services.mail import send_introduction_task, send_mail_task
from motesplats.datasharing.services.notices import match_notices_task

__all__ = ["match_notices_task", "send_introduction_task", "send_mail_task"]

"""Background work of the registry: the mail that asks a new e-mail address to confirm itself."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from motesplats.celery import app
from motesplats.registry.models import Person

log = logging.getLogger(__name__)


@app.task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_email_change_mail(person_id: int, email: str, token: str) -> bool:
    """Mail the confirmation link of `services.person_email_change_request` to the new address."""
    person = Person.objects.select_related("user").filter(pk=person_id).first()
    if person is None:
        return False
    language = getattr(person.user, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        link = settings.SITE_URL.rstrip("/") + reverse("registry:person_email_confirm", args=[token])
        context = {"person": person, "email": email, "link": link}
        subject = render_to_string("registry/email_change_subject.txt", context).strip()
        body = render_to_string("registry/email_change.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
    return True


def email_change_requested_received(sender: Any, person_id: int, email: str, token: str, **kwargs: Any) -> None:
    try:
        send_email_change_mail.delay(person_id, email, token)
    except Exception:  # the broker is down: send now rather than lose the link
        log.exception("queueing the e-mail confirmation for person %s failed; sending in-process", person_id)
        send_email_change_mail(person_id, email, token)


@app.task(acks_late=True)
def run_portfolio_import(job_id: int) -> str:
    """A large portfolio import queued by `portfolio_io.jobs.import_start`; returns the job's status. A job that
    is redelivered (acks_late) and already done is left as it is (`import_run` checks)."""
    from motesplats.registry.portfolio_io.jobs import import_run

    return str(import_run(job_id).status)


def portfolio_import_requested_received(sender: Any, job_id: int, **kwargs: Any) -> None:
    """`portfolio_io.jobs.portfolio_import_requested` (after the commit of `import_start`): queue the task."""
    run_portfolio_import.delay(job_id)

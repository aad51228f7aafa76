"""Background work of accounts: the password-reset mail (see `forms.QueuedPasswordResetForm`)."""

from __future__ import annotations

import logging

from django.utils import translation

from motesplats.celery import app

log = logging.getLogger(__name__)


@app.task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_password_reset(email: str, domain: str, use_https: bool, language: str = "sv") -> None:
    """Mail a reset link to each active account with this address (none: nothing happens, nobody is told)."""
    from django.contrib.auth.forms import PasswordResetForm

    form = PasswordResetForm({"email": email})  # Django's own: look the address up, mail each active account
    if not form.is_valid():
        return
    with translation.override(language):
        form.save(domain_override=domain, use_https=use_https,
                  subject_template_name="accounts/password_reset_subject.txt",
                  email_template_name="accounts/password_reset_email.txt")


def queue_password_reset(email: str, domain: str, use_https: bool, language: str) -> None:
    try:
        send_password_reset.delay(email, domain, use_https, language)
    except Exception:  # the broker is down: send now rather than lose the link
        log.exception("queueing a password reset failed; sending in-process")
        send_password_reset(email, domain, use_https, language)

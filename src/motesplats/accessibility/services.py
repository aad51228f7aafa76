"""Writes of the accessibility app: a barrier report is saved (the log), then mailed to the programme office
from the background queue."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motesplats.celery import app
from motesplats.common.validation import check_text

from . import selectors
from .models import BarrierReport

log = logging.getLogger("motesplats.accessibility")


@transaction.atomic
def barrier_report_create(*, description: str, page: str = "", name: str = "", email: str = "",
                          language: str = "sv", user: Any = None) -> BarrierReport:
    for text in (description, page, name, email):
        check_text(text)
    report = BarrierReport.objects.create(
        description=description.strip()[:5000], page=page.strip()[:500], name=name.strip()[:200],
        email=email.strip().lower()[:254], language=language[:5],
        user=user if user is not None and user.is_authenticated else None)
    log.info("accessibility barrier report %s received (page %r)", report.pk, report.page)
    transaction.on_commit(lambda: enqueue_barrier_report_mail(report.pk))
    return report


def send_barrier_report_mail(report: BarrierReport) -> int:
    recipients = selectors.programme_office_addresses()
    if not recipients:
        log.warning("accessibility barrier report %s: nobody to send it to", report.pk)
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Rapporterad tillgänglighetsbrist på Mötesplats")
        body = "\n".join([
            _("Någon har rapporterat en brist i webbplatsens tillgänglighet."), "",
            _("Sida: %(page)s") % {"page": report.page or "–"},
            _("Namn: %(name)s") % {"name": report.name or "–"},
            _("E-post: %(email)s") % {"email": report.email or "–"},
            _("Språk: %(language)s") % {"language": report.language}, "",
            report.description, "",
            _("Rapporterna finns i administrationen under Tillgänglighet."),
        ])
    sent = send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    BarrierReport.objects.filter(pk=report.pk).update(notified_at=timezone.now())
    log.info("accessibility barrier report %s sent to %d address(es)", report.pk, len(recipients))
    return sent


@app.task(name="motesplats.accessibility.tasks.send_barrier_report_mail", autoretry_for=(OSError,),
          retry_backoff=30, max_retries=5)
def send_barrier_report_mail_task(report_id: int) -> int:
    report = BarrierReport.objects.filter(pk=report_id).first()
    return send_barrier_report_mail(report) if report else 0


def enqueue_barrier_report_mail(report_id: int) -> None:
    """Queue the mail; if the broker is unreachable, send it now rather than lose it (the report is saved)."""
    try:
        send_barrier_report_mail_task.delay(report_id)
    except Exception:
        log.exception("queueing barrier report %s failed; sending in-process", report_id)
        try:
            send_barrier_report_mail_task(report_id)
        except Exception:
            log.exception("sending barrier report %s failed", report_id)

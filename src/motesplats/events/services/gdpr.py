"""GDPR for registrations: what we hold about a person, and anonymisation (on request, or 12 months after)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from motesplats.common.locks import for_update

from ..consent import RETENTION_MONTHS
from ..enums import RegistrationStatus
from ..models import Registration, new_check_in_token
from .registration import cancel


def export_person(person: Any) -> list[dict[str, Any]]:
    """Every registration of `person`, in a form fit for a data-subject access request (JSON-serialisable)."""
    rows = []
    for registration in (Registration.objects.select_related("event", "project")
                         .filter(person=person).order_by("created")):
        rows.append({
            "event": registration.event.title,
            "event_date": registration.event.date.isoformat(),
            "status": registration.status,
            "project": registration.project.title if registration.project else None,
            "dietary": registration.dietary,
            "accessibility": registration.accessibility,
            "consent_at": registration.consent_at.isoformat() if registration.consent_at else None,
            "consent_version": registration.consent_version,
            "registered_on_behalf": registration.registered_by_id is not None
            and getattr(person, "user_id", None) != registration.registered_by_id,
            "created": registration.created.isoformat(),
            "cancelled_at": registration.cancelled_at.isoformat() if registration.cancelled_at else None,
            "checked_in_at": registration.checked_in_at.isoformat() if registration.checked_in_at else None,
            "walk_in": registration.is_walk_in,
        })
    return rows


def anonymise_registration(*, registration: Registration) -> Registration:
    """Keep what statistics need (event, project, status, attendance); drop the person and their needs."""
    registration.person = None
    registration.dietary = ""
    registration.accessibility = ""
    registration.registered_by = None
    registration.cancelled_by = None
    registration.checked_in_by = None
    registration.check_in_token = new_check_in_token()  # the old code must stop working
    registration.anonymised_at = timezone.now()
    registration.save()
    return registration


@transaction.atomic
def anonymise_person(*, person: Any) -> int:
    count = 0
    for registration in for_update(Registration.objects.all()).filter(person=person):
        anonymise_registration(registration=registration)
        count += 1
    return count


def retention_cutoff(now: dt.datetime | None = None) -> dt.date:
    today = timezone.localdate(now) if now else timezone.localdate()
    year, month = divmod(today.month - 1 - RETENTION_MONTHS, 12)
    day = min(today.day, 28)
    return dt.date(today.year + year, month + 1, day)


@transaction.atomic
def anonymise_expired(*, now: dt.datetime | None = None) -> int:
    """Anonymise registrations of events held more than RETENTION_MONTHS ago (run daily)."""
    count = 0
    for registration in for_update(Registration.objects.all()).filter(
            event__date__lt=retention_cutoff(now), anonymised_at__isnull=True):
        anonymise_registration(registration=registration)
        count += 1
    return count


# --- accounts.personal_data (registered in EventsConfig.ready) -------------------------------------


def gdpr_export_hook(user: Any, person: Any) -> dict[str, Any]:
    if person is None:
        return {}
    return {"event_registrations": export_person(person)}


def gdpr_anonymise_hook(user: Any, person: Any) -> None:
    """Erasure: give up seats at coming events (the waitlist moves up), then anonymise every registration."""
    if person is None:
        return
    upcoming = (Registration.objects.filter(person=person, event__ends_at__gt=timezone.now())
                .exclude(status=RegistrationStatus.CANCELLED))
    for registration in upcoming:
        cancel(registration=registration, notify=False, notify_promoted=True)
    anonymise_person(person=person)

"""Series and events: create, update, publish, cancel, finish."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motesplats.audit import services as audit
from motesplats.common.permissions import can_manage_events
from motesplats.common.slugs import unique_slug

from ..enums import EventStatus
from ..models import Event, Registration, Series
from .errors import InvalidEvent, InvalidTransition, NotAllowed
from .mail import queue_event_cancelled_mail
from .registration import lock_event
from .waitlist import fill_from_waitlist

EVENT_FIELDS = (
    "series", "title", "theme", "description", "date", "starts_at", "ends_at", "venue_name", "venue_address",
    "venue_accessibility", "capacity", "registration_opens_at", "registration_closes_at",
)
# Changing these makes calendar subscribers replace their copy (iCalendar SEQUENCE).
CALENDAR_FIELDS = {"title", "description", "starts_at", "ends_at", "venue_name", "venue_address", "date"}


def _require_organiser(by: object | None) -> None:
    if by is not None and not can_manage_events(by):
        raise NotAllowed()


def series_create(*, name: str, description: str = "", slug: str = "", by: object | None = None) -> Series:
    _require_organiser(by)
    return Series.objects.create(name=name, description=description, slug=slug or unique_slug(Series, name, fallback="serie"))


def series_update(*, series: Series, by: object | None = None, **fields: Any) -> Series:
    _require_organiser(by)
    for name in ("name", "description", "slug"):
        if name in fields:
            setattr(series, name, fields[name])
    series.save()
    return series


def _validate(values: dict[str, Any]) -> None:
    errors: dict[str, list[object]] = {}
    starts, ends = values.get("starts_at"), values.get("ends_at")
    for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        value = values.get(name)
        if value is not None and timezone.is_naive(value):
            errors.setdefault(name, []).append(_("Tiden måste ha en tidszon."))
    if errors:
        raise InvalidEvent(errors)
    if not values.get("title", "").strip():
        errors.setdefault("title", []).append(_("Ange en titel."))
    if starts and ends and ends <= starts:
        errors.setdefault("ends_at", []).append(_("Sluttiden måste vara efter starttiden."))
    if starts and values.get("date") and timezone.localtime(starts).date() != values["date"]:
        errors.setdefault("starts_at", []).append(_("Starttiden måste ligga på seminariets datum."))
    capacity = values.get("capacity")
    if capacity is None or capacity < 1:
        errors.setdefault("capacity", []).append(_("Antalet platser måste vara minst 1."))
    opens, closes = values.get("registration_opens_at"), values.get("registration_closes_at")
    if opens and closes and closes <= opens:
        errors.setdefault("registration_closes_at", []).append(_("Anmälan måste stänga efter att den öppnar."))
    if closes and ends and closes > ends:
        errors.setdefault("registration_closes_at", []).append(
            _("Anmälan kan inte stänga efter att seminariet har slutat."))
    if errors:
        raise InvalidEvent(errors)


def event_create(
    *,
    series: Series,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    theme: str = "",
    description: str = "",
    date: dt.date | None = None,
    venue_name: str = "",
    venue_address: str = "",
    venue_accessibility: str = "",
    registration_opens_at: dt.datetime | None = None,
    registration_closes_at: dt.datetime | None = None,
    slug: str = "",
    by: object | None = None,
) -> Event:
    """A new event, always as a draft (utkast); `date` defaults to the local date of `starts_at`."""
    _require_organiser(by)
    values = {
        "series": series, "title": title, "theme": theme, "description": description,
        "date": date or (timezone.localtime(starts_at).date() if timezone.is_aware(starts_at) else starts_at.date()),
        "starts_at": starts_at, "ends_at": ends_at, "venue_name": venue_name, "venue_address": venue_address,
        "venue_accessibility": venue_accessibility, "capacity": capacity,
        "registration_opens_at": registration_opens_at, "registration_closes_at": registration_closes_at,
    }
    _validate(values)
    with transaction.atomic():
        return Event.objects.create(slug=slug or unique_slug(Event, f"{title}-{values['date']}", fallback="seminarium"), **values)


def event_update(*, event: Event, by: object | None = None, **fields: Any) -> Event:
    """Change any of EVENT_FIELDS. More capacity fills seats from the waitlist; calendar-relevant changes
    bump the iCalendar SEQUENCE. Less capacity never removes anyone already confirmed."""
    _require_organiser(by)
    unknown = set(fields) - set(EVENT_FIELDS) - {"slug"}
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = lock_event(event)
        if not locked.can_be_edited:
            raise InvalidTransition(_("Ett inställt seminarium kan inte ändras."))
        values = {name: fields.get(name, getattr(locked, name)) for name in EVENT_FIELDS}
        if "starts_at" in fields and "date" not in fields and timezone.is_aware(values["starts_at"]):
            values["date"] = timezone.localtime(values["starts_at"]).date()
        _validate(values)
        changed = {name for name in EVENT_FIELDS if values[name] != getattr(locked, name)}
        for name, value in values.items():
            setattr(locked, name, value)
        if "slug" in fields and fields["slug"]:
            locked.slug = fields["slug"]
        if changed & CALENDAR_FIELDS:
            locked.sequence += 1
        locked.save()
        if "capacity" in changed and locked.is_published:
            fill_from_waitlist(event=locked)
    return locked


def event_publish(*, event: Event, by: object | None = None) -> Event:
    _require_organiser(by)
    with transaction.atomic():
        locked = lock_event(event)
        if not locked.can_be_published:
            raise InvalidTransition(_("Bara ett utkast kan publiceras."))
        locked.status = EventStatus.PUBLICERAD
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_at", "updated"])
        audit.record(actor=by, action=audit.Action.PUBLISH, target=locked, data={"title": locked.title})
    return locked


def event_cancel(*, event: Event, by: object | None = None, reason: str = "", notify: bool = True) -> Event:
    """Cancel the event and tell everyone registered (confirmed and waitlisted) by e-mail."""
    _require_organiser(by)
    with transaction.atomic():
        locked = lock_event(event)
        if not locked.can_be_cancelled:
            raise InvalidTransition(_("Seminariet är redan inställt eller avslutat."))
        locked.status = EventStatus.INSTALLD
        locked.cancelled_at = timezone.now()
        locked.cancellation_reason = reason
        locked.sequence += 1
        locked.save(update_fields=["status", "cancelled_at", "cancellation_reason", "sequence", "updated"])
        ids = list(Registration.objects.filter(event=locked).active()
                   .values_list("pk", flat=True))
        if notify and ids:
            queue_event_cancelled_mail(locked.pk)
    return locked


def event_finish(*, event: Event, by: object | None = None) -> Event:
    """Mark a held event as finished (avslutad): registration closes, attendance stays on record."""
    _require_organiser(by)
    with transaction.atomic():
        locked = lock_event(event)
        if not locked.can_be_finished:
            raise InvalidTransition(_("Bara ett publicerat seminarium kan avslutas."))
        locked.status = EventStatus.AVSLUTAD
        locked.save(update_fields=["status", "updated"])
    return locked

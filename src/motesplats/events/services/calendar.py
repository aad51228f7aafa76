"""iCalendar (RFC 5545) files: one event, and a subscribable feed of a series."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Timezone, vText
from icalendar import Event as VEvent

from ..models import Event, Series

PRODID = "-//Motesplats//Motesplats Smart stad//SV"
TZID = "Europe/Stockholm"
# The EU rules (since 1996) as recurrence rules: compact and valid beyond 2038, unlike a list of dates.
VTIMEZONE = "\r\n".join([
    "BEGIN:VTIMEZONE", f"TZID:{TZID}", f"X-LIC-LOCATION:{TZID}",
    "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
    "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
    "END:VTIMEZONE", "",
])


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _calendar(name: str, description: str = "") -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZID)
    if description:
        cal.add("x-wr-caldesc", description)
    cal.add_component(Timezone.from_ical(VTIMEZONE))
    return cal


def _location(event: Event) -> str:
    return ", ".join(part for part in (event.venue_name, event.venue_address) if part)


def _vevent(event: Event) -> VEvent:
    tz = ZoneInfo(TZID)
    component = VEvent()
    component.add("uid", f"{event.uid}@motesplats")
    component.add("dtstamp", timezone.now().astimezone(ZoneInfo("UTC")))
    component.add("dtstart", event.starts_at.astimezone(tz))
    component.add("dtend", event.ends_at.astimezone(tz))
    component.add("summary", event.title)
    component.add("sequence", event.sequence)
    component.add("last-modified", event.updated.astimezone(ZoneInfo("UTC")))
    location = _location(event)
    if location:
        component.add("location", vText(location))
    url = _absolute(event.get_absolute_url())
    component.add("url", url)
    parts = []
    if event.theme:
        parts.append(_("Tema: %(theme)s") % {"theme": event.theme})
    if event.description:
        parts.append(event.description)
    if event.venue_accessibility:
        parts.append(_("Tillgänglighet: %(info)s") % {"info": event.venue_accessibility})
    parts.append(url)
    component.add("description", "\n\n".join(parts))
    if event.is_cancelled:
        component.add("status", "CANCELLED")
    elif event.is_draft:
        component.add("status", "TENTATIVE")
    else:
        component.add("status", "CONFIRMED")
    return component


def event_ics(event: Event) -> bytes:
    cal = _calendar(event.title)
    cal.add("method", "PUBLISH")
    cal.add_component(_vevent(event))
    return cal.to_ical()


def series_ics(series: Series, events: Iterable[Event] | None = None) -> bytes:
    """The series feed: every published, finished or cancelled event (cancelled ones so that subscribers'
    calendars drop them)."""
    cal = _calendar(series.name, series.description)
    cal.add("method", "PUBLISH")
    cal.add("refresh-interval", dt.timedelta(hours=12), parameters={"VALUE": "DURATION"})
    if events is None:
        events = series.events.public().order_by("starts_at")
    for event in events:
        cal.add_component(_vevent(event))
    return cal.to_ical()

"""iCalendar files parse back and carry the required properties; cancellations and changes reach subscribers."""

from __future__ import annotations

from typing import Any

import pytest
from icalendar import Calendar

from motesplats.events.services import event_cancel, event_update
from motesplats.events.services.calendar import event_ics, series_ics

pytestmark = pytest.mark.django_db


def vevents(data: bytes) -> list[Any]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_event_ics_has_the_required_properties(event: Any) -> None:
    data = event_ics(event)
    calendar = Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    assert b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in data and b"TZOFFSETTO:+0200" in data
    (vevent,) = vevents(data)
    assert vevent["UID"] == f"{event.uid}@motesplats"
    assert vevent.decoded("DTSTART") == event.starts_at and vevent.decoded("DTEND") == event.ends_at
    assert vevent["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert vevent.decoded("DTSTAMP").tzinfo is not None
    assert vevent["SUMMARY"] == event.title
    assert vevent["LOCATION"] == "Stokab, Sveavägen 1, Stockholm"
    assert vevent["URL"].endswith(event.get_absolute_url())
    assert "säkerhet" in vevent["DESCRIPTION"]
    assert vevent["STATUS"] == "CONFIRMED" and vevent["SEQUENCE"] == 0
    assert b"\r\n" in data  # RFC 5545 line endings


def test_uid_is_stable_and_sequence_bumps_on_change_and_cancel(event: Any) -> None:
    uid = vevents(event_ics(event))[0]["UID"]
    event = event_update(event=event, venue_name="Stadshuset")
    (changed,) = vevents(event_ics(event))
    assert changed["UID"] == uid and changed["SEQUENCE"] == 1
    event = event_update(event=event, capacity=200)  # not something a calendar shows
    assert vevents(event_ics(event))[0]["SEQUENCE"] == 1
    event = event_cancel(event=event)
    (cancelled,) = vevents(event_ics(event))
    assert cancelled["UID"] == uid and cancelled["STATUS"] == "CANCELLED" and cancelled["SEQUENCE"] == 2


def test_series_feed_lists_published_and_cancelled_events_not_drafts(make_event: Any, series: Any) -> None:
    published = make_event(title="Publicerat", days=20)
    cancelled = event_cancel(event=make_event(title="Inställt", days=40))
    make_event(title="Utkast", publish=False, days=60)
    feed = Calendar.from_ical(series_ics(series))
    assert feed["X-WR-CALNAME"] == series.name
    assert {v["SUMMARY"]: v["STATUS"] for v in feed.walk("VEVENT")} == {
        published.title: "CONFIRMED", cancelled.title: "CANCELLED"}

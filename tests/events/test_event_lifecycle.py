"""Events: validation, the status transitions, and who may change them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from motesplats.events.enums import EventStatus
from motesplats.events.services import (
    InvalidEvent,
    InvalidTransition,
    NotAllowed,
    event_cancel,
    event_create,
    event_finish,
    event_publish,
    event_update,
)
from tests.events.conftest import STHLM, future_day

pytestmark = pytest.mark.django_db


def test_invalid_events_report_every_field(series: Any) -> None:
    day = future_day()
    with pytest.raises(InvalidEvent) as error:
        event_create(series=series, title=" ", starts_at=dt.datetime.combine(day, dt.time(15), tzinfo=STHLM),
                     ends_at=dt.datetime.combine(day, dt.time(14), tzinfo=STHLM), capacity=0,
                     registration_opens_at=dt.datetime.combine(day, dt.time(9), tzinfo=STHLM),
                     registration_closes_at=dt.datetime.combine(day, dt.time(8), tzinfo=STHLM))
    assert set(error.value.errors) == {"title", "ends_at", "capacity", "registration_closes_at"}
    with pytest.raises(InvalidEvent) as error:
        event_create(series=series, title="Naiv tid", starts_at=dt.datetime(2030, 1, 1, 13),  # noqa: DTZ001 - naive on purpose
                     ends_at=dt.datetime(2030, 1, 1, 14), capacity=5)  # noqa: DTZ001
    assert "starts_at" in error.value.errors


def test_draft_publish_finish_and_cancel(make_event: Any, organiser: Any, make_person: Any) -> None:
    event = make_event(publish=False)
    assert event.status == EventStatus.UTKAST and event.slug
    with pytest.raises(NotAllowed):
        event_publish(event=event, by=make_person().user)
    event = event_publish(event=event, by=organiser)
    assert event.status == EventStatus.PUBLICERAD and event.published_at is not None
    with pytest.raises(InvalidTransition):
        event_publish(event=event, by=organiser)
    finished = event_finish(event=event, by=organiser)
    assert finished.status == EventStatus.AVSLUTAD
    with pytest.raises(InvalidTransition):
        event_cancel(event=finished, by=organiser)

    other = make_event(title="Ställs in")
    cancelled = event_cancel(event=other, by=organiser, reason="Sjukdom")
    assert cancelled.status == EventStatus.INSTALLD and cancelled.cancellation_reason == "Sjukdom"
    with pytest.raises(InvalidTransition):
        event_update(event=cancelled, title="Nytt namn", by=organiser)


def test_moving_the_start_moves_the_date(event: Any) -> None:
    later = event.starts_at + dt.timedelta(days=2)
    moved = event_update(event=event, starts_at=later, ends_at=later + dt.timedelta(hours=3))
    assert moved.date == event.date + dt.timedelta(days=2) and moved.sequence == 1

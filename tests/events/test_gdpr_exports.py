"""GDPR export and anonymisation of registrations; participant exports (CSV, XLSX)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core import mail
from openpyxl import load_workbook

from motesplats.accounts.services import account_erase, gdpr_export
from motesplats.events.enums import RegistrationStatus
from motesplats.events.models import Registration
from motesplats.events.services import check_in, register
from motesplats.events.services.exports import participants_csv, participants_xlsx
from motesplats.events.services.gdpr import anonymise_expired

pytestmark = pytest.mark.django_db


def test_export_hook_lists_the_persons_registrations(event: Any, make_person: Any) -> None:
    person = make_person()
    register(event=event, person=person, consent=True, dietary="glutenfritt", notify=False)
    exported = gdpr_export(user=person.user)["event_registrations"]
    assert exported[0]["event"] == event.title and exported[0]["dietary"] == "glutenfritt"
    assert exported[0]["consent_version"] == "2026-11"


def test_erasure_gives_up_the_seat_and_anonymises(make_event: Any, make_person: Any, organiser: Any,
                                                  django_capture_on_commit_callbacks: Any) -> None:
    event = make_event(capacity=1)
    leaving, waiting = make_person(), make_person()
    seat = register(event=event, person=leaving, consent=True, dietary="nötallergi", notify=False)
    old_code = seat.check_in_code
    register(event=event, person=waiting, consent=True, notify=False)
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=leaving.user)
    seat.refresh_from_db()
    assert seat.person is None and seat.dietary == "" and seat.status == RegistrationStatus.CANCELLED
    assert seat.anonymised_at is not None
    assert Registration.objects.get(event=event, person=waiting).is_confirmed
    assert [m.to for m in mail.outbox] == [[waiting.email]]
    assert check_in(token_or_code=old_code, by=organiser).outcome == "invalid"


def test_registrations_are_anonymised_twelve_months_after_the_event(make_event: Any, make_person: Any) -> None:
    event = make_event()
    registration = register(event=event, person=make_person(), consent=True, accessibility="hörslinga",
                            notify=False)
    assert anonymise_expired() == 0
    later = event.ends_at + dt.timedelta(days=370)
    assert anonymise_expired(now=later) == 1
    registration.refresh_from_db()
    assert registration.person is None and registration.accessibility == ""
    assert registration.status == RegistrationStatus.CONFIRMED  # statistics keep their shape


def test_participant_exports(make_event: Any, make_person: Any, project: Any, organiser: Any) -> None:
    event = make_event(capacity=2)
    first = make_person("Anna Håkansson")
    register(event=event, person=first, project=project, consent=True, dietary="=HYPERLINK(\"x\")", by=organiser,
             notify=False)
    register(event=event, person=make_person("Veronica Thunholm"), consent=True, notify=False)
    register(event=event, person=make_person("Väntar Väntarsson"), consent=True, notify=False)

    text = participants_csv(event)
    assert text.startswith("\ufeffNamn;E-post;Organisation;Projekt")
    lines = text.strip().splitlines()
    assert len(lines) == 3  # header + the two confirmed; the waitlisted are not participants
    assert "Anna Håkansson" in lines[1] and "iWater" in lines[1] and "'=HYPERLINK" in lines[1]

    sheet = load_workbook(io.BytesIO(participants_xlsx(event))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Namn" and [row[0] for row in rows[1:]] == ["Anna Håkansson", "Veronica Thunholm"]

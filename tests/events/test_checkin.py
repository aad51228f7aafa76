"""Check-in: a code works once, a second scan says when, forged codes and other events' codes are rejected."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import signing
from django.utils import timezone, translation

from motesplats.events import selectors
from motesplats.events.enums import CheckInOutcome
from motesplats.events.models import Registration
from motesplats.events.services import NotAllowed, check_in, check_in_registration, register, undo_check_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration(event: Any, make_person: Any) -> Registration:
    return register(event=event, person=make_person("Maya Miltell"), consent=True)


def test_a_code_checks_in_once_and_a_second_scan_says_when(registration: Registration, organiser: Any) -> None:
    code = registration.check_in_code
    assert code.startswith(registration.check_in_token + ":")
    first = check_in(token_or_code=code, by=organiser, event=registration.event)
    assert first.ok and first.registration.pk == registration.pk
    registration.refresh_from_db()
    assert registration.checked_in_at == first.checked_in_at and registration.checked_in_by == organiser
    when = registration.checked_in_at

    second = check_in(token_or_code=code, by=organiser, event=registration.event)
    assert second.outcome == CheckInOutcome.ALREADY and second.checked_in_at == when
    with translation.override("sv"):
        assert "redan använd" in second.message and "Maya Miltell" in second.message
        assert timezone.localtime(when).strftime("kl. %H:%M") in second.message
    registration.refresh_from_db()
    assert registration.checked_in_at == when
    assert selectors.event_counts(registration.event).checked_in == 1


@pytest.mark.parametrize("forge", [
    lambda code: code[:-1] + ("A" if code[-1] != "A" else "B"),          # altered signature
    lambda code: "x" * 22 + ":" + code.split(":")[1],                     # another token, stolen signature
    lambda code: signing.Signer(key="not-our-secret", salt="motesplats.events.check-in").sign(code.split(":")[0]),
    lambda code: "",
    lambda code: "nonsense",
])
def test_forged_codes_are_rejected_and_change_nothing(registration: Registration, organiser: Any, forge: Any) -> None:
    result = check_in(token_or_code=forge(registration.check_in_code), by=organiser)
    assert result.outcome == CheckInOutcome.INVALID and result.registration is None
    with translation.override("en"):
        assert "Invalid code" in result.message
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_code_of_another_event_is_invalid_there(registration: Registration, organiser: Any, make_event: Any) -> None:
    other = make_event(title="Ett annat seminarium")
    assert check_in(token_or_code=registration.check_in_code, by=organiser, event=other).outcome == "invalid"


def test_waitlisted_cannot_check_in_and_only_organisers_check_in(make_event: Any, make_person: Any,
                                                                organiser: Any) -> None:
    event = make_event(capacity=1)
    register(event=event, person=make_person(), consent=True)
    waiting = register(event=event, person=make_person(), consent=True)
    assert check_in(token_or_code=waiting.check_in_code, by=organiser).outcome == CheckInOutcome.NOT_CONFIRMED
    with pytest.raises(NotAllowed):
        check_in(token_or_code=waiting.check_in_code, by=waiting.person.user)


def test_search_by_name_then_check_in_and_undo(registration: Registration, organiser: Any) -> None:
    found = selectors.search_registrations(registration.event, "maya mil")
    assert found == [registration]
    assert selectors.search_registrations(registration.event, "Stokab") == [registration]
    assert selectors.search_registrations(registration.event, "nobody") == []
    assert check_in_registration(registration=found[0], by=organiser).ok
    assert not check_in_registration(registration=found[0], by=organiser).ok
    undo_check_in(registration=registration, by=organiser)
    registration.refresh_from_db()
    assert registration.checked_in_at is None

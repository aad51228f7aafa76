""""Min dag" comes from the cache while nothing it shows has changed, and is fresh as soon as something has:
the agenda, another registration (a waitlist moves), a plan; a check-in at the door shows at once but leaves
everyone else's cached page alone."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from motesplats.events import my_day_cache
from motesplats.events.models import Registration

pytestmark = pytest.mark.django_db


def my_day(client: Any, event: Any) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("events:my_day", args=[event.slug]))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_second_visit_comes_from_the_cache(client: Any, event: Any, participant: Any) -> None:
    first, cold = my_day(client, event)
    second, warm = my_day(client, event)
    assert warm < cold
    assert "Mia Deltagare" in second and participant.check_in_code in second


def test_an_agenda_change_shows_at_once(client: Any, event: Any, participant: Any) -> None:
    from motesplats.events.models import AgendaItem

    my_day(client, event)
    item = AgendaItem.objects.filter(event=event).first()
    if item is None:
        item = AgendaItem.objects.create(event=event, order=1, starts_at=event.starts_at, ends_at=event.ends_at,
                                         kind="talk", title="Inledning")
    else:
        item.title = "Ny rubrik på punkten"
        item.save()
    assert item.title in my_day(client, event)[0]


def test_a_check_in_shows_at_once_and_leaves_other_pages_cached(client: Any, event: Any, participant: Any,
                                                                 make_person: Any) -> None:
    other = Registration.objects.create(event=event, person=make_person("Olle"), status="confirmed",
                                        consent_at=timezone.now())
    my_day(client, event)
    before = my_day_cache.version(event.pk)
    from motesplats.events.services.checkin import check_in_registration

    organiser = make_person("Arrangör", role="organiser").user
    check_in_registration(registration=other, by=organiser)
    assert my_day_cache.version(event.pk) == before, "another person's check-in keeps the cache"
    check_in_registration(registration=participant, by=organiser)
    assert "Incheckad" in my_day(client, event)[0], "one's own check-in shows at once (read fresh)"


def test_a_cancelled_registration_moves_the_waitlist(client: Any, make_event: Any, make_person: Any) -> None:
    from motesplats.events.services import register

    event = make_event(capacity=1)
    first = register(event=event, person=make_person("Först"), consent=True, notify=False)
    waiting = make_person("Väntar")
    register(event=event, person=make_person("Tvåa"), consent=True, notify=False)
    register(event=event, person=waiting, consent=True, notify=False)
    client.force_login(waiting.user)
    assert "nummer 2" in my_day(client, event)[0]
    Registration.objects.filter(event=event, person__name="Tvåa").get().delete()
    assert "nummer 1" in my_day(client, event)[0]
    assert first.pk

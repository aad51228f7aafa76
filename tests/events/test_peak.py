"""The seminar's peak (issue 15, item 6): "Min dag" and the check-in at the door cost a fixed, small number of
queries, and the cached "Min dag" still shows every change at once. Query counts, not timings (the figures are
in bench/results/checkin_load-20261201-peak.txt, from `python -m bench.checkin_load`)."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from motesplats.events.models import AgendaItem, Registration

pytestmark = pytest.mark.django_db


def my_day(client: Any, event: Any) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("events:my_day", args=[event.slug]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private" or set(
        response["Cache-Control"].replace(" ", "").split(",")) == {"no-store", "private"}
    return response.content.decode(), [query["sql"] for query in queries.captured_queries]


def test_a_cached_min_dag_costs_four_queries(client: Any, event: Any, participant: Any) -> None:
    first, cold = my_day(client, event)
    second, warm = my_day(client, event)
    # the session, the user, the event, and the fresh stamp of the registration and the person
    assert len(warm) == 4, warm
    assert len(cold) > len(warm)
    assert "Mia Deltagare" in second and participant.check_in_code in second and "<svg" in second
    assert second == first or re.sub(r'value="[^"]+"|"X-CSRFToken": "[^"]+"|nonce="[^"]+"', "", second) == \
        re.sub(r'value="[^"]+"|"X-CSRFToken": "[^"]+"|nonce="[^"]+"', "", first)


def test_the_cached_part_carries_no_csrf_token_or_nonce(client: Any, event: Any, participant: Any) -> None:
    """Tokens are per request: they come from base.html around the cached part, fresh on every visit."""
    from django.core.cache import cache

    from motesplats.events import my_day_cache, selectors

    my_day(client, event)
    key = my_day_cache.page_key(event.pk, selectors.my_day_stamp(event, participant.person.user), "sv")
    cached = cache.get(key)
    assert cached and participant.check_in_code in cached
    assert "csrfmiddlewaretoken" not in cached and "nonce" not in cached


def test_a_changed_seat_shows_at_once(client: Any, event: Any, participant: Any, make_person: Any) -> None:
    from motesplats.networking.models import Plan, Seat

    item = AgendaItem.objects.create(event=event, order=5, starts_at=event.starts_at, ends_at=event.ends_at,
                                     kind="round_tables", title="Rundabord")
    plan = Plan.objects.create(agenda_item=item, kind="tables", published_at=timezone.now())
    other = make_person("Olle Bordsgranne")
    Registration.objects.create(event=event, person=other, status="confirmed", consent_at=timezone.now())
    seat = Seat.objects.create(plan=plan, round=0, table=2, person=participant.person)
    Seat.objects.create(plan=plan, round=0, table=2, person=other)
    before, _queries = my_day(client, event)
    my_day(client, event)  # now from the cache
    tables_before = set(re.findall(r"Bord (\d+)", before))
    assert tables_before and "Olle Bordsgranne" in before
    seat.table = 7
    seat.save()
    after, _queries = my_day(client, event)
    tables_after = set(re.findall(r"Bord (\d+)", after))
    assert tables_after and tables_after != tables_before, "the new table, not the cached one"
    assert "Olle Bordsgranne" not in after, "no longer at the same table"


def test_a_changed_agenda_and_an_own_check_in_show_at_once(client: Any, event: Any, participant: Any,
                                                          make_person: Any) -> None:
    from motesplats.events.services.checkin import check_in

    my_day(client, event)
    AgendaItem.objects.create(event=event, order=9, starts_at=event.starts_at, ends_at=event.ends_at,
                              kind="talk", title="En helt ny punkt")
    assert "En helt ny punkt" in my_day(client, event)[0]
    organiser = make_person("Arrangör", role="organiser").user
    assert check_in(token_or_code=participant.check_in_code, by=organiser, event=event).ok
    assert "Incheckad" in my_day(client, event)[0]


def post_code(client: Any, event: Any, code: str) -> tuple[Any, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("events:checkin_code", args=[event.slug]), {"code": code},
                               HTTP_HX_REQUEST="true")
    return response, [query["sql"] for query in queries.captured_queries]


def test_a_check_in_costs_one_update_and_one_read(client: Any, event: Any, participant: Any,
                                                  make_person: Any) -> None:
    client.force_login(make_person("Arrangör", role="organiser").user)
    response, queries = post_code(client, event, participant.check_in_code)
    assert response.status_code == 200 and b'data-outcome="ok"' in response.content
    assert b"Mia Deltagare" in response.content
    updates = [sql for sql in queries if sql.lstrip().upper().startswith("UPDATE")]
    assert len(updates) == 1 and "checked_in_at" in updates[0] and "IS NULL" in updates[0]
    assert not any("FOR UPDATE" in sql for sql in queries), "no row lock held across round trips"
    # session, user, event, the UPDATE and the read of what the door shows (+ savepoints in the test's atomic,
    # and on PostgreSQL the transaction's lock bound; outside a transaction all of it is one statement there:
    # test_on_postgresql_a_check_in_is_one_round_trip)
    assert len([sql for sql in queries if "SAVEPOINT" not in sql.upper() and "set_config" not in sql]) == 5, queries
    again, _queries = post_code(client, event, participant.check_in_code)
    assert b'data-outcome="already"' in again.content
    participant.refresh_from_db()
    assert participant.checked_in_at is not None


def test_a_waitlisted_or_cancelled_seminar_is_not_checked_in(client: Any, event: Any, participant: Any,
                                                            make_person: Any) -> None:
    from motesplats.events.services.checkin import check_in

    organiser = make_person("Arrangör", role="organiser").user
    participant.status = "waitlisted"
    participant.save()
    assert check_in(token_or_code=participant.check_in_code, by=organiser, event=event).outcome == "not_confirmed"
    participant.status = "confirmed"
    participant.save()
    event.status = "inställd"
    event.save()
    assert check_in(token_or_code=participant.check_in_code, by=organiser, event=event).outcome == "not_confirmed"
    assert check_in(token_or_code=participant.check_in_code, by=organiser).outcome == "not_confirmed"
    participant.refresh_from_db()
    assert participant.checked_in_at is None


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_check_in_is_one_round_trip(event: Any, participant: Any, make_person: Any) -> None:
    """Outside a transaction (as in production) the UPDATE, its bounded lock wait and the names are one statement
    string; a second scan finds the code used."""
    from motesplats.events.services.checkin import check_in

    organiser = make_person("Arrangör", role="organiser").user
    with CaptureQueriesContext(connection) as queries:
        result = check_in(token_or_code=participant.check_in_code, by=organiser, event=event)
        message = result.message
        organisation = result.registration.person.organisation.name if result.registration else ""
    assert result.ok and "Mia Deltagare" in message and organisation == participant.person.organisation.name
    assert len(queries) == 1 and "lock_timeout" in queries[0]["sql"] and "UPDATE" in queries[0]["sql"]
    participant.refresh_from_db()
    assert participant.checked_in_at == result.checked_in_at and participant.checked_in_by == organiser
    again = check_in(token_or_code=participant.check_in_code, by=organiser, event=event)
    assert again.outcome == "already" and again.checked_in_at == result.checked_in_at

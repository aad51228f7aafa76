"""The pages' reads: no N+1 (query counts do not grow with the number of rows)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from motesplats.events import selectors
from motesplats.events.services import AgendaItemData, agenda_replace, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_event(make_event: Any, make_person: Any, project: Any) -> Any:
    event = make_event(capacity=5)
    people = [make_person() for _ in range(8)]
    for person in people:
        register(event=event, person=person, project=project, consent=True, notify=False, by=None)
    agenda_replace(event=event, items=[
        AgendaItemData(start=dt.time(13 + n // 2, 30 * (n % 2)), end=dt.time(13 + n // 2, 30 * (n % 2) + 29),
                       title=f"Punkt {n}", speaker_ids=[p.pk for p in people[:3]]) for n in range(6)])
    return event, people


def test_my_day_and_lists_use_a_fixed_number_of_queries(busy_event: Any, django_assert_max_num_queries: Any) -> None:
    event, people = busy_event
    with django_assert_max_num_queries(5):
        day = selectors.my_day(event=event, person=people[6])
        names = [(item.title, [p.organisation.name for p in item.speakers.all()]) for item in day.agenda]
    assert len(names) == 6 and day.waitlist_position == 2 and day.check_in_code is None
    with django_assert_max_num_queries(1):
        rows = [(r.person.name, r.person.organisation.name, r.project.title)
                for r in selectors.event_registrations(event)]
    assert len(rows) == 8
    with django_assert_max_num_queries(1):
        assert [r.person.name for r in selectors.waitlist(event)] == [p.name for p in people[5:]]
    with django_assert_max_num_queries(1):
        counts = selectors.event_counts(event)
    assert (counts.confirmed, counts.waitlisted, counts.free) == (5, 3, 0)
    with django_assert_max_num_queries(1):
        (group,) = selectors.registrations_by_project(event)
    assert (group.confirmed, group.waitlisted) == (5, 3)


def test_dashboard_groups_count_confirmed_waitlisted_and_checked_in(busy_event: Any, organiser: Any,
                                                                  project: Any) -> None:
    from motesplats.events.services import cancel, check_in

    event, people = busy_event
    registrations = [selectors.registration_of(event, person) for person in people]
    check_in(token_or_code=registrations[0].check_in_code, by=organiser, event=event)
    check_in(token_or_code=registrations[1].check_in_code, by=organiser, event=event)
    cancel(registration=registrations[7], notify=False)  # a cancelled waitlist place counts nowhere
    (by_organisation,) = selectors.registrations_by_organisation(event)
    (by_project,) = selectors.registrations_by_project(event)
    for group in (by_organisation, by_project):
        assert (group.confirmed, group.waitlisted, group.checked_in) == (5, 2, 2)
    assert by_organisation.name == "Stokab" and by_project.name == project.title
    counts = selectors.event_counts(event)
    assert (counts.confirmed, counts.waitlisted, counts.checked_in, counts.not_arrived) == (5, 2, 2, 3)

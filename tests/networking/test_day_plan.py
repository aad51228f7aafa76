"""Issue 9, items 1 to 3: the day is one plan, published means promised, sizes that make sense."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from motesplats.networking import planning, selectors, services
from motesplats.networking.models import Plan, PlanStatus, PlanVersion

from .conftest import compute


def _pairs(plan: Plan) -> set[tuple[int, int]]:
    out = set()
    for rnd in selectors.seats_of(plan):
        for table in rnd:
            ids = sorted(s.person_id for s in table)
            out.update((a, b) for i, a in enumerate(ids) for b in ids[i + 1:])
    return out


def _met_before(event: Any) -> set[tuple[int, int]]:
    from motesplats.networking.models import Encounter

    return set(Encounter.objects.filter(series=event.series).exclude(event=event)
               .values_list("person_a_id", "person_b_id"))


def test_tables_after_unpublished_speed_dating_meet_new_people(world: Any) -> None:
    speed = compute(world.items["second_speed"])
    tables = compute(world.items["second_tables"], tables=4)
    assert speed.status == tables.status == PlanStatus.READY  # nothing published
    assert not _pairs(speed) & _pairs(tables)
    counts = selectors.plan_counts(tables)
    assert counts.repeat_pairs == 0 and tables.stats["repeat_pairs"] == 0
    assert counts.history_pairs >= len(_pairs(speed))
    services.plan_publish(plan=speed)
    assert selectors.plan_counts(tables).repeat_pairs == 0  # the same count before and after publishing


def test_counts_are_recomputed_and_name_the_pair_and_place(world: Any) -> None:
    tables = compute(world.items["second_tables"], tables=4)
    # speed dating planned afterwards, then the tables' seats changed by hand to sit a speed pair together
    speed = compute(world.items["second_speed"])
    a, b = next(iter(sorted(_pairs(speed))))
    seat_b = tables.seats.get(person_id=b, round=0)
    seat_a = tables.seats.get(person_id=a, round=0)
    services.seat_move(plan=tables, person_id=a, round_=0, table=seat_b.table)
    counts = selectors.plan_counts(tables)
    assert counts.repeat_pairs >= 1
    details = [d for ds in counts.repeats.values() for d in ds]
    names = {p.pk: p.name for p in world.people}
    assert any({d["a"], d["b"]} == {names[a], names[b]} and d["where"].startswith("Speed dating")
               for d in details)
    assert seat_a.table != seat_b.table or True


def test_plan_the_whole_day(world: Any) -> None:
    plans = services.day_compute(event=world.second, max_iterations=4000, seed=3)
    assert [p.kind for p in plans] == ["speed", "tables"]
    assert all(p.status == PlanStatus.READY and p.seed is not None and p.engine_version for p in plans)
    day = [_pairs(p) for p in plans]
    assert not day[0] & day[1]
    assert not (day[0] | day[1]) & _met_before(world.second)
    assert all(p.stats["repeat_pairs"] == 0 and p.stats["day_items"] == 2 for p in plans)


def test_day_keeps_published_items_and_plans_around_them(world: Any) -> None:
    tables = compute(world.items["second_tables"], tables=4)
    services.plan_publish(plan=tables)
    before = _pairs(tables)
    plans = services.day_compute(event=world.second, max_iterations=3000, seed=2)
    tables.refresh_from_db()
    assert _pairs(tables) == before and tables.pending is None
    assert not _pairs(plans[0]) & before


def test_recomputing_a_published_plan_waits_for_confirmation(world: Any, organiser: Any,
                                                              django_capture_on_commit_callbacks: Any) -> None:
    from motesplats.accounts.models import User

    User.objects.filter(email="p0@example.se").update(language="en")
    plan = compute(world.items["second_tables"], tables=4, seed=1)
    services.plan_publish(plan=plan)
    seats = _pairs(plan)
    plan = compute(world.items["second_tables"], tables=4, seed=99)
    assert plan.status == PlanStatus.PUBLISHED and plan.pending
    assert _pairs(plan) == seats  # nothing moved yet
    moved = plan.pending["people"]
    assert moved
    with django_capture_on_commit_callbacks(execute=True):
        version = services.plan_pending_apply(plan=plan, by=organiser)
    assert version is not None and version.number == 1 and version.by == organiser
    assert sorted(version.people) == sorted(moved)
    plan.refresh_from_db()
    assert plan.pending is None and plan.is_published
    assert len(mail.outbox) == len(moved)
    english = [m for m in mail.outbox if m.to == ["p0@example.se"]]
    assert all(m.subject.startswith("Your seat has changed") for m in english)
    assert all("Din plats är ändrad" in m.subject for m in mail.outbox if m.to != ["p0@example.se"])
    person = next(p for p in world.people if p.pk == moved[0])
    mine = selectors.my_networking(world.second, person)
    assert mine[0].meetings[0].changed is not None


def test_moving_in_a_published_plan_asks_first(world: Any, organiser: Any) -> None:
    plan = compute(world.items["second_speed"], seed=1)
    services.plan_publish(plan=plan)
    seat = plan.seats.filter(round=0).first()
    other = plan.seats.filter(round=0).exclude(table=seat.table).first()
    with pytest.raises(services.ConfirmationNeeded) as needed:
        services.seat_swap(plan=plan, person_a=seat.person_id, person_b=other.person_id, round_=0, by=organiser)
    assert needed.value.people == 4  # two pairs break up: all four get a new partner
    assert not PlanVersion.objects.exists()
    services.seat_swap(plan=plan, person_a=seat.person_id, person_b=other.person_id, round_=0, by=organiser,
                       confirmed=True)
    version = PlanVersion.objects.get()
    assert version.action == "swap" and len(version.people) == 4


def test_size_advice() -> None:
    advice = selectors.size_advice(24, 9)
    assert advice is not None and (advice.smallest, advice.largest) == (2, 3)
    assert advice.proposal == 4 and (advice.proposal_smallest, advice.proposal_largest) == (6, 6)
    assert selectors.size_advice(64, 9) is None
    too_big = selectors.size_advice(90, 9)
    assert too_big is not None and 4 <= too_big.proposal_smallest <= too_big.proposal_largest <= 8


def test_accepting_the_proposed_table_count(world: Any, organiser: Any) -> None:
    item = world.items["second_tables"]
    item.tables = 9
    item.save()
    advice = selectors.item_size_advice(item, None, confirmed=18, checked_in=0)
    assert advice is not None and advice.proposal == 3
    services.item_tables_set(item=item, tables=advice.proposal, by=organiser)
    item.refresh_from_db()
    assert item.tables == 3 and selectors.item_size_advice(item, None, confirmed=18, checked_in=0) is None


def test_history_places_cover_series_and_day(world: Any) -> None:
    first_speed = compute(world.items["first_speed"])
    services.plan_publish(plan=first_speed)
    second_speed = compute(world.items["second_speed"])
    places = planning.history_places(world.second, None, exclude_plans=[])
    assert any(where == "Första" for where in places.values())
    assert any(where.startswith("Speed dating, runda") for where in places.values())
    assert planning.series_history(world.second, None) == sorted(
        k for k, v in planning.history_places(world.second, None, same_day=False).items())
    assert second_speed.pk


def test_gdpr_export_and_erasure_cover_seat_changes(world: Any, organiser: Any) -> None:
    from motesplats.networking import gdpr

    plan = services.plan_publish(plan=compute(world.items["second_tables"], tables=4))
    person = world.people[0]
    seat = plan.seats.get(person=person)
    services.seat_move(plan=plan, person_id=person.pk, round_=0, table=(seat.table + 1) % 4, by=organiser,
                       confirmed=True)
    exported = gdpr.gdpr_export_hook(person.user, person)["networking_seat_changes"]
    assert exported == [{"session": "Rundabord", "version": 1, "when": exported[0]["when"], "round": 1,
                         "table_before": seat.table + 1, "table_after": (seat.table + 1) % 4 + 1}]
    gdpr.gdpr_anonymise_hook(person.user, person)
    version = PlanVersion.objects.get()
    assert person.pk not in version.people and all(c["person"] != person.pk for c in version.changes)

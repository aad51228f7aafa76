from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from motesplats.networking import selectors, services
from motesplats.networking.models import Encounter, Plan, PlanStatus

from .conftest import compute


def _pairs(plan: Plan) -> set[tuple[int, int]]:
    out = set()
    for rnd in selectors.seats_of(plan):
        for table in rnd:
            ids = sorted(s.person_id for s in table)
            out.update((a, b) for i, a in enumerate(ids) for b in ids[i + 1:])
    return out


def test_request_queues_and_task_computes(world: Any, organiser: Any, django_capture_on_commit_callbacks: Any) -> None:
    item = world.items["first_tables"]
    with django_capture_on_commit_callbacks(execute=True):
        plan = services.plan_request(item=item, options=services.PlanOptions(tables=4), by=organiser)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.READY and plan.progress == 1.0
    seats = list(plan.seats.all())
    assert len(seats) == 18
    assert sorted(len(t) for t in selectors.seats_of(plan)[0]) == [4, 4, 5, 5]
    assert plan.stats["same_org_pairs"] == 0
    assert plan.outcomes.count() == 4


def test_only_organisers_plan(world: Any, reader: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.plan_request(item=world.items["first_tables"], options=services.PlanOptions(tables=4), by=reader)
    assert not Plan.objects.exists()


def test_publish_records_encounters_and_next_seminar_avoids_them(world: Any) -> None:
    speed = services.plan_publish(plan=compute(world.items["first_speed"]))
    tables = services.plan_publish(plan=compute(world.items["first_tables"]))
    met = _pairs(speed) | _pairs(tables)
    stored = set(Encounter.objects.filter(event=world.first).values_list("person_a_id", "person_b_id"))
    assert stored == met and len(met) > 0
    following = compute(world.items["second_tables"], tables=6)
    assert following.stats["history_pairs"] == len(met)
    assert not (_pairs(following) & met)
    assert following.stats["repeat_pairs"] == 0 and following.stats["same_org_pairs"] == 0
    assert following.stats["new_cross_org_pairs"] == len(_pairs(following))


def test_speed_dating_pairs_and_no_repeats(world: Any) -> None:
    plan = compute(world.items["first_speed"])
    grid = selectors.seats_of(plan)
    assert len(grid) == 3
    for rnd in grid:
        assert sorted(len(p) for p in rnd) == [2] * 9
    assert plan.stats["repeat_pairs"] == 0 and plan.stats["same_org_pairs"] == 0


def test_move_swap_and_live_counts(world: Any, organiser: Any) -> None:
    plan = compute(world.items["first_tables"])
    grid = selectors.seats_of(plan)
    mover = grid[0][0][0]
    colleague_table = next(t for t, table in enumerate(grid[0]) if t != 0 and any(
        s.person.organisation_id == mover.person.organisation_id for s in table))
    services.seat_move(plan=plan, person_id=mover.person_id, round_=0, table=colleague_table, by=organiser)
    plan.refresh_from_db()
    assert plan.stats["same_org_pairs"] == 1
    assert selectors.plan_counts(plan).same_org_tables == {(0, colleague_table)}
    services.seat_move(plan=plan, person_id=mover.person_id, round_=0, table=0, by=organiser)
    plan.refresh_from_db()
    assert plan.stats["same_org_pairs"] == 0
    a, b = grid[0][1][0], grid[0][2][0]
    services.seat_swap(plan=plan, person_a=a.person_id, person_b=b.person_id, round_=0, by=organiser)
    assert plan.seats.get(person_id=a.person_id).table == 2 and plan.seats.get(person_id=b.person_id).table == 1


def test_locked_people_keep_seats_on_recompute_and_no_shows_leave(world: Any, organiser: Any) -> None:
    from motesplats.events.models import Registration

    plan = compute(world.items["second_tables"])
    services.table_lock(plan=plan, round_=0, table=1, locked=True, by=organiser)
    locked = set(plan.seats.filter(table=1).values_list("person_id", flat=True))
    with pytest.raises(services.NetworkingError):
        services.seat_move(plan=plan, person_id=next(iter(locked)), round_=0, table=0, by=organiser)
    before = {s.person_id: s.table for s in plan.seats.all()}
    # on the day: two people did not come, everyone else checked in
    absent = [p.pk for p in world.people if p.pk not in locked][:2]
    Registration.objects.filter(event=world.second).exclude(person_id__in=absent).update(checked_in_at="2026-01-01T10:00Z")
    plan.options = {**plan.options, **services.PlanOptions(tables=4, checked_in_only=True).as_json(),
                    "recompute": True}
    plan.save()
    plan = services.plan_compute(plan=plan, max_iterations=3000, seed=3)
    after = {s.person_id: s.table for s in plan.seats.all()}
    assert set(after) == set(before) - set(absent)
    assert all(after[p] == 1 for p in locked)
    assert all(s.locked for s in plan.seats.filter(person_id__in=locked))
    assert plan.stats["changed_seats"] is not None
    assert sum(after[p] != before[p] for p in after) <= 4


def test_hosts_get_fixed_tables_and_apart_pairs_are_kept_apart(world: Any) -> None:
    a, b, host = world.people[0], world.people[1], world.people[5]
    plan = compute(world.items["first_tables"], hosts=((host.pk, 2),), apart=((a.pk, b.pk),))
    assert plan.seats.get(person=host).table == 2
    assert plan.seats.get(person=a).table != plan.seats.get(person=b).table


def test_outcomes_summary_and_csv(world: Any, organiser: Any) -> None:
    plan = services.plan_publish(plan=compute(world.items["first_tables"]))
    outcome = plan.outcomes.get(table=0)
    services.outcome_save(outcome=outcome, answers=["Delad data", "Budget", "Gemensam katalog", "extra"])
    outcome.refresh_from_db()
    assert outcome.answers == ["Delad data", "Budget", "Gemensam katalog"]
    with pytest.raises(services.NetworkingError):
        services.outcome_save(outcome=outcome, answers=["x" * 5000])
    outcome.refresh_from_db()
    assert outcome.answers[0] == "Delad data"
    draft = services.summary_draft(plan)
    assert "Delad data" in draft[0]
    services.summary_save(plan=plan, texts=draft, publish=True, by=organiser)
    assert selectors.published_summaries(world.first) == [plan]
    csv = services.outcomes_csv(plan)
    assert "Gemensam katalog" in csv and csv.startswith("\ufeff")


def test_failed_plan_reports_error(world: Any) -> None:
    from motesplats.events.models import Registration

    Registration.objects.filter(event=world.second).update(status="cancelled")
    plan = compute(world.items["second_speed"])
    assert plan.status == PlanStatus.FAILED and plan.error
    assert not plan.seats.exists()


def test_series_picture_counts_cross_org_ties(world: Any) -> None:
    from motesplats.networking.picture import network_picture

    services.plan_publish(plan=compute(world.items["first_speed"]))
    services.plan_publish(plan=compute(world.items["second_speed"]))
    picture = network_picture(world.series)
    assert [(s.title, s.took_place) for s in picture.seminars] == [("Första", True), ("Andra", False)]
    assert picture.held[0].ties == 27  # 3 rounds of 9 pairs, none of one organisation
    assert picture.planned[0].ties == 27  # published for a seminar to come: planned, not counted
    assert picture.held[0].cumulative_ties == 27
    assert len(picture.nodes) == 6


def test_gdpr_export_and_erasure(world: Any) -> None:
    from motesplats.networking import gdpr

    plan = services.plan_publish(plan=compute(world.items["first_tables"]))
    person = world.people[0]
    export = gdpr.gdpr_export_hook(person.user, person)
    assert export["networking_seats"][0]["table"] == plan.seats.get(person=person).table + 1
    assert export["networking_encounters"] > 0
    gdpr.gdpr_anonymise_hook(person.user, person)
    assert not plan.seats.filter(person=person).exists()


def test_round_tables_avoid_the_same_seminars_speed_dating_partners(world: Any) -> None:
    speed = services.plan_publish(plan=compute(world.items["second_speed"]))
    tables = compute(world.items["second_tables"], tables=6)
    assert tables.stats["history_pairs"] == len(_pairs(speed))
    assert not (_pairs(tables) & _pairs(speed))

"""Issue 9's browser bar, sv and en, axe on every page: plan speed dating, then round tables of the demo's next
seminar; the tables show 0 repeats before and after the speed dating is published; recomputing the published
speed dating asks for confirmation with the number of people it moves, and "Min dag" marks the changed seat."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from tests.conftest import assert_accessible, browser_login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORGANISER = "programkontoret@motesplats.example"


@pytest.fixture
def demo(transactional_db: Any) -> Any:
    from motesplats.events.models import Event

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Event.objects.get(series__slug="motesplats-smart-stad", status="publicerad")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_day_plan_publish_and_confirmed_change(page: Any, live_server: Any, demo: Any, language: str) -> None:
    from motesplats.networking.models import Plan, PlanVersion

    speed = demo.agenda_items.get(kind="speed_dating")
    tables = demo.agenda_items.get(kind="round_tables")
    page.goto("/")
    set_language(page, language)
    browser_login(page, ORGANISER)

    page.goto(f"/networking/events/{demo.slug}/?item={speed.pk}")
    assert_accessible(page)
    page.click("button[name=compute]")
    page.wait_for_selector("#plan-grid")
    assert page.locator('[data-count="repeats"]').inner_text() == "0"

    page.goto(f"/networking/events/{demo.slug}/?item={tables.pk}")
    page.click("button[name=compute]")
    page.wait_for_selector("#plan-grid")
    assert page.locator('[data-count="repeats"]').inner_text() == "0"
    assert page.locator("[data-history]").is_visible()  # the speed dating was taken into account
    assert page.locator(".met-before").count() == 0
    assert_accessible(page)

    page.goto(f"/networking/events/{demo.slug}/?item={speed.pk}")
    page.click("#publish-plan")
    page.wait_for_selector("button[name=unpublish]")
    assert Plan.objects.get(agenda_item=speed).is_published

    page.goto(f"/networking/events/{demo.slug}/?item={tables.pk}")
    assert page.locator('[data-count="repeats"]').inner_text() == "0"  # the same after publishing

    # recompute the published speed dating: nothing changes until the organiser confirms, knowing how many move
    page.goto(f"/networking/events/{demo.slug}/?item={speed.pk}")
    before = Plan.objects.get(agenda_item=speed)
    seats_before = set(before.seats.values_list("round", "table", "person_id"))
    page.click("button[name=compute]")
    page.wait_for_selector("#pending-change")
    assert set(Plan.objects.get(agenda_item=speed).seats.values_list("round", "table", "person_id")) == seats_before
    moved = len(Plan.objects.get(agenda_item=speed).pending["people"])
    assert moved > 0 and str(moved) in page.locator("#pending-change").inner_text()
    assert_accessible(page)
    page.click("#apply-pending")
    page.wait_for_selector("button[name=unpublish]")
    version = PlanVersion.objects.get(plan__agenda_item=speed)
    assert len(version.people) == moved

    from motesplats.registry.models import Person

    person = Person.objects.select_related("user").filter(pk__in=version.people, user__isnull=False).first()
    assert person is not None
    page.context.clear_cookies()
    page.goto("/")
    set_language(page, language)
    browser_login(page, person.user.email)
    page.goto(f"/events/{demo.slug}/my-day/")
    assert page.locator(".my-networking .seat-changed").first.is_visible()
    assert_accessible(page)

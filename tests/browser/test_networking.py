"""Networking in the browser, on the demo data: plan the next seminar's round tables, move a person, lock a
table, recompute, publish, and find the seat on a participant's "Min dag"; axe on every page, sv and en."""

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


def _names(page: Any, table: int) -> list[str]:
    return sorted(page.locator(f'#round-1 ~ ul li.plan-table[data-table="{table}"] .seat-name').all_inner_texts())


@pytest.mark.parametrize("language", ["sv", "en"])
def test_plan_adjust_publish_and_find_my_seat(page: Any, live_server: Any, demo: Any, language: str) -> None:
    from motesplats.networking.models import Plan

    item = demo.agenda_items.get(kind="round_tables")
    page.goto("/")
    set_language(page, language)
    browser_login(page, ORGANISER)
    page.goto(f"/networking/events/{demo.slug}/?item={item.pk}")
    assert_accessible(page)
    page.click("button[name=compute]")
    page.wait_for_selector("#plan-grid")
    assert page.locator("li.plan-table").count() == item.tables
    assert page.locator('[data-count="same-org"]').inner_text() == "0"
    assert page.locator('[data-count="repeats"]').inner_text() == "0"
    assert_accessible(page)

    # move a person to another table with the keyboard-usable controls (select + button)
    person = page.locator("#move-person-1 option").first
    name = person.inner_text().split(" (")[0]
    page.select_option("#move-person-1", person.get_attribute("value"))
    page.select_option("#move-table-1", "5")
    page.locator("form.adjust").first.locator("button").click()
    page.wait_for_function(
        "n => [...document.querySelectorAll('li.plan-table[data-table=\"5\"] .seat-name')]"
        ".some(e => e.textContent === n)", arg=name)
    assert page.locator('[data-count="same-org"]').is_visible()

    # lock table 1, recompute: its people keep their seats
    page.locator('li.plan-table[data-table="1"] form.lock-table button').click()
    page.wait_for_selector('li.plan-table[data-table="1"].is-locked')
    locked = _names(page, 1)
    page.click("button[name=recompute]")
    page.wait_for_selector("#plan-grid")
    assert _names(page, 1) == locked
    assert page.locator('li.plan-table[data-table="1"].is-locked').count() == 1

    page.click("#publish-plan")
    page.wait_for_selector("button[name=unpublish]")
    plan = Plan.objects.get(agenda_item=item)
    assert plan.is_published
    seat = plan.seats.select_related("person__user").filter(person__user__isnull=False).order_by("table").last()
    assert seat is not None

    page.context.clear_cookies()
    page.goto("/")
    set_language(page, language)
    browser_login(page, seat.person.user.email)
    page.goto(f"/events/{demo.slug}/my-day/")
    mine = page.locator(".my-networking .my-table").first
    assert mine.inner_text().strip().endswith(str(seat.table + 1))
    assert_accessible(page)


def test_projector_and_picture_pages(page: Any, live_server: Any, demo: Any) -> None:
    from motesplats.networking.models import Plan

    browser_login(page, ORGANISER)
    plan = Plan.objects.filter(agenda_item__event__status="avslutad", kind="speed").get()
    page.goto(f"/networking/plan/{plan.pk}/projector/")
    assert page.locator(".projector-round-view:visible").count() == 1
    page.click("#next-round")
    assert page.locator('.projector-round-view[data-round="2"]').is_visible()
    page.click("#start-timer")
    page.wait_for_function("document.getElementById('countdown').textContent !== '7:00'")
    assert_accessible(page)
    page.goto("/networking/series/motesplats-smart-stad/network/")
    page.wait_for_function("document.querySelector('#network canvas') !== null")
    assert_accessible(page)


def test_picture_reflows_at_320px(page: Any, live_server: Any, demo: Any) -> None:
    page.goto("/networking/series/motesplats-smart-stad/network/")
    page.wait_for_function("document.querySelector('#network canvas') !== null")
    page.set_viewport_size({"width": 320, "height": 800})
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

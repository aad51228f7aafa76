"""The network picture, the table cards and the person picker in the browser, sv and en, with axe: the picture
draws (organisations grouped by kind, new ties highlighted), the matrix is reached with the keyboard, nothing
scrolls sideways at 320 px; the cards' table number is big in print; a host is picked by typing a name."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import assert_accessible, browser_login, set_language
from tests.networking.conftest import world  # noqa: F401  (the small series: 18 people, 6 organisations)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOSTS_LABEL = {"sv": "Bordsvärdar (får var sitt bord, i ordning)",
               "en": "Table hosts (each gets a table of their own, in order)"}
MATRIX = {"sv": "Matris", "en": "Matrix"}


def _meet(event: Any, a: Any, b: Any) -> None:
    from motesplats.networking.models import Encounter

    lo, hi = sorted((a, b), key=lambda p: p.pk)
    Encounter.objects.create(series=event.series, event=event, kind="speed", person_a=lo, person_b=hi)


def _series_with_history(w: Any) -> None:
    """Two seminars that took place (the second adds new ties) and a coming one with a published plan."""
    from motesplats.events.models import AgendaItem, Event, Registration
    from motesplats.registry.models import Organisation

    for i, kind in enumerate(["förvaltning", "förvaltning", "bolag", "akademi", "näringsliv", "testbädd"]):
        Organisation.objects.filter(name=f"Org {i}").update(kind=kind, name=f"Organisationen med långt namn {i}")
    p = w.people
    for a, b in ((0, 1), (2, 3), (6, 7), (1, 2)):
        _meet(w.first, p[a], p[b])
    held = Event.objects.create(series=w.series, title="Mellan", slug="mellan",
                                date=timezone.localdate() - dt.timedelta(days=10),
                                starts_at=timezone.now() - dt.timedelta(days=10),
                                ends_at=timezone.now() - dt.timedelta(days=10) + dt.timedelta(hours=3),
                                capacity=50, status="avslutad")
    AgendaItem.objects.create(event=held, order=1, starts_at=held.starts_at, ends_at=held.ends_at,
                              kind="speed_dating", title="Speed dating", rounds=3)
    for person in p:
        Registration.objects.create(event=held, person=person, status="confirmed", consent_at=timezone.now(),
                                    checked_in_at=timezone.now())
    for a, b in ((0, 7), (4, 5), (3, 10)):  # Org 0-1 again (earlier tie), Org 4-5 and Org 3-4 new
        _meet(held, p[a], p[b])
    _meet(w.second, p[8], p[9])  # coming: planned only


@pytest.mark.parametrize("language", ["sv", "en"])
def test_network_picture_reads_and_has_a_matrix(page: Any, live_server: Any, world: Any, language: str) -> None:  # noqa: F811
    _series_with_history(world)
    page.goto("/")
    set_language(page, language)
    page.goto(f"/networking/series/{world.series.slug}/network/")
    page.wait_for_selector("#network canvas")
    assert page.locator("h1").count() == 1
    assert page.locator('[data-planned="andra"]').count() == 1, "the coming seminar is listed as planned"
    assert page.locator('[data-ties="andra"]').count() == 0
    assert page.locator('[data-count="new-org-pairs"]').inner_text() == "2"
    assert page.locator(".ties-table tr.tie-new").count() == 2
    assert_accessible(page)
    names_fit = page.evaluate("""() => { const box = document.getElementById('network').getBoundingClientRect();
        return box.width > 0 && box.height > 0; }""")
    assert names_fit

    # the matrix, with the keyboard alone: the radio button, then the form's button
    page.get_by_label(MATRIX[language], exact=True).focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("table.heatmap")
    assert page.locator("table.heatmap td.new-mark").count() == 4  # 2 new ties, both halves of the matrix
    assert page.locator("table.heatmap .kind-row").count() == 5
    assert_accessible(page)

    page.set_viewport_size({"width": 320, "height": 800})
    for view in ("graph", "matrix"):
        page.goto(f"/networking/series/{world.series.slug}/network/?view={view}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, view


@pytest.mark.parametrize("language", ["sv", "en"])
def test_table_cards_and_person_picker(page: Any, live_server: Any, world: Any, organiser: Any,  # noqa: F811
                                       language: str) -> None:
    from motesplats.networking.models import Plan, Seat

    item = world.items["second_tables"]
    plan = Plan.objects.create(agenda_item=item, kind="tables", status="ready", options={"rounds": 1, "tables_count": 3})
    Seat.objects.bulk_create(Seat(plan=plan, round=0, table=i % 3, person=p) for i, p in enumerate(world.people[:9]))
    page.goto("/")
    set_language(page, language)
    browser_login(page, organiser.email)

    page.goto(f"/networking/plan/{plan.pk}/table-cards/")
    assert page.locator("article.table-card").count() == 3
    assert page.locator("[data-questions]").first.locator("li").count() == 3
    assert_accessible(page)
    page.emulate_media(media="print")
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.card-number')).fontSize)")
    assert size >= 150, f"the table number is {size}px in print; it must be readable from three metres"
    page.emulate_media(media="screen")

    page.goto(f"/networking/events/{item.event.slug}/?item={item.pk}")
    search = page.get_by_label(HOSTS_LABEL[language])
    search.focus()
    page.keyboard.type("Person 0")
    page.wait_for_selector("#id_hosts-results button")
    page.keyboard.press("Tab")  # to the first match
    chosen_name = page.evaluate("document.activeElement.querySelector('strong').textContent")
    page.keyboard.press("Enter")
    page.wait_for_selector("#id_hosts-chosen input[name=hosts]:checked")
    assert chosen_name in page.locator("#id_hosts-chosen").inner_text()
    assert page.locator("#id_hosts-status").inner_text().strip()
    assert page.locator("form[action$='/compute/'] input[name=hosts]:checked").count() == 1
    assert_accessible(page)
    assert Plan.objects.get(pk=plan.pk).options == {"rounds": 1, "tables_count": 3}, "typing planned nothing"

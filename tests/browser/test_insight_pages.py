"""Insight, the menu (one line at 1280 px, a menu button at 320 px), "Min sida" and the accessibility statement
in the browser, in Swedish and English, with axe on every page visited."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import assert_accessible, browser_login, set_language
from tests.insight.conftest import programme  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["sv", "en"]
TEXT = {
    "sv": {"insight": "Insikt", "table": "Visa som tabell: Seminarier", "menu": "Meny", "projects": "Projekt",
           "my_page": "Min sida", "statement": "Tillgänglighetsredogörelse", "send": "Skicka rapporten",
           "what": "Vad fungerade inte?", "thanks": "Tack! Din rapport har skickats", "office": "Programkontoret",
           "errors": "Formuläret innehåller fel"},
    "en": {"insight": "Insight", "table": "Show as a table: Seminars", "menu": "Menu", "projects": "Projects",
           "my_page": "My page", "statement": "Accessibility statement", "send": "Send the report",
           "what": "What did not work?", "thanks": "Thank you! Your report has been sent",
           "office": "Programme office", "errors": "The form has errors"},
}


def _sign_in(page: Any, email: str, language: str) -> None:
    page.goto("/")
    set_language(page, language)
    browser_login(page, email)


@pytest.mark.parametrize("language", LANGUAGES)
def test_insight_draws_its_charts_with_tables_and_is_accessible(page: Any, programme: Any, reader: Any,  # noqa: F811
                                                                language: str) -> None:
    text = TEXT[language]
    _sign_in(page, reader.email, language)
    assert page.url.endswith("/insight/")  # the reader's first page
    assert page.locator("h1").inner_text() == text["insight"]
    page.wait_for_function("() => [...document.querySelectorAll('canvas[data-chart]')]"
                           ".every(c => window.Chart && Chart.getChart(c))")
    charts = page.locator("canvas[role=img]")
    assert charts.count() >= 2
    assert all(charts.nth(i).get_attribute("aria-label") for i in range(charts.count()))
    page.get_by_text(text["table"]).click()
    table = page.locator("#figure-seminars table")
    assert table.is_visible() and "Andra mötet" in table.inner_text()
    assert_accessible(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_menu_at_320_px_is_a_menu_button_that_works_with_the_keyboard(page: Any, programme: Any,  # noqa: F811
                                                                        language: str) -> None:
    text = TEXT[language]
    page.set_viewport_size({"width": 320, "height": 800})
    _sign_in(page, programme.people[0].user.email, language)
    assert page.url.endswith("/my-page/")  # a project member's first page
    button = page.get_by_role("button", name=text["menu"])
    projects = page.locator(".main-nav").get_by_role("link", name=text["projects"], exact=True)
    assert button.is_visible() and not projects.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # brand
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('menu-button')")
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true" and projects.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == text["projects"]
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and not projects.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('menu-button')")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_programme_offices_menu_fits_one_line_at_1280_px(page: Any, organiser: Any, language: str) -> None:
    text = TEXT[language]
    _sign_in(page, organiser.email, language)
    assert page.url.endswith("/events/organiser/")  # the programme office's first page
    tops = page.evaluate("[...document.querySelectorAll('.brand, .main-nav > ul > li, .header-tools > *')]"
                         ".map(e => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2))")
    widths = page.evaluate("[...document.querySelectorAll('.brand, .main-nav, .header-tools, .header-row')].map(e => Math.round(e.getBoundingClientRect().width))")
    assert max(tops) - min(tops) <= 6, (tops, widths)
    office = page.get_by_role("button", name=text["office"])
    office.focus()
    page.keyboard.press("Enter")
    assert office.get_attribute("aria-expanded") == "true"
    assert page.locator("#nav-office a").first.is_visible()
    assert_accessible(page)
    page.keyboard.press("Escape")
    assert office.get_attribute("aria-expanded") == "false" and not page.locator("#nav-office a").first.is_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_my_page_lists_projects_and_seminars(page: Any, programme: Any, language: str) -> None:  # noqa: F811
    _sign_in(page, programme.people[0].user.email, language)
    assert page.locator("h1").inner_text() == TEXT[language]["my_page"]
    main = page.locator("main").inner_text()
    assert "Smarta ledningar" in main and "Tredje mötet" in main
    assert_accessible(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_accessibility_statement_takes_a_barrier_report(page: Any, organiser: Any, language: str) -> None:
    import importlib

    from django.apps import apps

    from motesplats.accessibility.models import BarrierReport

    # The statements come from a data migration; a transactional test starts from emptied tables.
    importlib.import_module("motesplats.accessibility.migrations.0002_default_statements").create(apps, None)
    text = TEXT[language]
    page.goto("/")
    set_language(page, language)
    page.goto("/")
    page.locator("footer").get_by_role("link", name=text["statement"]).click()
    assert page.url.endswith("/accessibility/")
    main = page.locator("main").inner_text()
    assert "DIGG" in main and "2026" in main and "WCAG 2.1" in main
    assert_accessible(page)
    page.get_by_role("button", name=text["send"]).click()
    assert text["errors"] in page.locator("main").inner_text()
    assert BarrierReport.objects.count() == 0
    assert_accessible(page)
    page.get_by_label(text["what"]).fill("Diagrammen går inte att nå med tangentbordet.")
    page.get_by_role("button", name=text["send"]).click()
    assert text["thanks"] in page.locator("main").inner_text()
    assert BarrierReport.objects.get().description.startswith("Diagrammen")

"""From a match to shared data, in the browser, in Swedish and English, with axe on every page: a project member
finds a match and asks for the data; the owner (another person) accepts with conditions; both see the
agreement; the data-flow picture shows the new arrow; a third project's member cannot see the request."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import assert_accessible, browser_login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "sv": {"awaiting": "Väntar på svar", "agreed": "Överenskommen", "ask": "Be om datan"},
    "en": {"awaiting": "Awaiting answer", "agreed": "Agreed", "ask": "Ask for the data"},
}


@pytest.fixture
def people(transactional_db: Any, make_user: Any, organiser: Any, reader: Any) -> dict[str, Any]:
    from motesplats.discovery import index_store
    from tests.datasharing.conftest import _person
    from tests.discovery.conftest import load_fixture_portfolio

    index_store.reset()
    data = load_fixture_portfolio()
    projects, orgs = data["projects"], data["orgs"]
    data.update(member=_person(make_user, "maja@example.se", "Maja Medlem", orgs["MF"], projects["luft"]),
                owner=_person(make_user, "tove@example.se", "Tove Trafik", orgs["TK"], projects["trafik"]),
                third=_person(make_user, "olle@example.se", "Olle Tredje", orgs["VA"], projects["dagvatten"]))
    yield data
    index_store.reset()


def _as(browser: Any, live_server: Any, user: Any, language: str) -> Any:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto("/")
    set_language(page, language)
    browser_login(page, user.email)
    return page


@pytest.mark.parametrize("language", ["sv", "en"])
def test_from_a_match_to_an_agreement(browser, live_server, people, language):
    from motesplats.datasharing.models import Agreement, DataRequest

    words = WORDS[language]
    member = _as(browser, live_server, people["member"], language)
    member.goto(people["projects"]["luft"].get_absolute_url())
    matches = member.locator(".data-matches")
    matches.wait_for()
    match = matches.locator(".data-match", has_text="Trafikflöden per gata och timme").first
    assert_accessible(member)
    match.get_by_role("link", name=words["ask"]).click()
    member.wait_for_load_state()
    assert_accessible(member)
    member.fill("#id_fields", "gata, timme, antal fordon")
    member.select_option("#id_frequency", "daily")
    member.locator("form.stacked button[type=submit]").click()
    member.wait_for_load_state()
    assert words["awaiting"] in member.locator("main").inner_text()
    assert_accessible(member)
    request = DataRequest.objects.get()
    assert request.project == people["projects"]["luft"] and request.need is not None
    assert member.url.endswith(request.get_absolute_url())

    owner = _as(browser, live_server, people["owner"], language)
    owner.goto("/data/requests/")
    assert_accessible(owner)
    owner.locator(f'a[href="{request.get_absolute_url()}"]').first.click()
    owner.wait_for_load_state()
    owner.fill("#id_licence", "CC BY 4.0")
    owner.select_option("#id_delivery_route", "api")
    owner.fill("#id_conditions", "Ange källan")
    assert_accessible(owner)
    owner.locator(f'form[action$="/{request.pk}/accept/"] button[type=submit]').click()
    owner.wait_for_load_state()
    agreement = Agreement.objects.get()
    assert owner.url.endswith(agreement.get_absolute_url())
    assert words["agreed"] in owner.locator("main").inner_text()
    assert_accessible(owner)

    member.goto(agreement.get_absolute_url())
    text = member.locator("main").inner_text()
    assert words["agreed"] in text and "CC BY 4.0" in text and "Ange källan" in text
    assert_accessible(member)
    member.goto("/data/flows/")
    picture = member.locator("#flow-picture[data-edges='1']")
    picture.wait_for()
    row = member.locator(".flow-table tbody tr")
    assert row.count() == 1
    assert "Trafikkontoret" in row.inner_text() and "Miljöförvaltningen" in row.inner_text()
    assert_accessible(member)

    third = _as(browser, live_server, people["third"], language)
    response = third.goto(request.get_absolute_url())
    assert response is not None and response.status == 404
    third.goto("/data/requests/")
    assert request.get_absolute_url() not in third.content()
    third.goto("/data/flows/")
    assert third.locator(".flow-table").count() == 0
    assert_accessible(third)
    for page in (member, owner, third):
        page.context.close()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_catalogue_dataset_and_contact_pages(browser, live_server, people, language):
    from motesplats.registry.models import Dataset

    dataset = Dataset.objects.get(project=people["projects"]["trafik"])
    member = _as(browser, live_server, people["member"], language)
    member.goto("/data/?q=trafik")
    assert dataset.name in member.locator("#results").inner_text()
    assert_accessible(member)
    member.goto(f"/data/{dataset.pk}/")
    assert_accessible(member)
    member.locator(f'a[href="/data/{dataset.pk}/contact/"]').click()
    member.wait_for_load_state()
    assert_accessible(member)
    member.context.close()

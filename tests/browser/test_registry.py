"""The registry in a real browser (Debian's chromium): pages, filters, forms, both languages, axe on each page."""

import re

import pytest
from playwright.sync_api import expect

from motesplats.registry import services
from motesplats.registry.models import DataNeed, Dataset, Project
from tests.conftest import assert_accessible, browser_login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "sv": {"numbers": "Portföljen i siffror", "projects": "Projekt", "theme": "Tema", "edit": "Redigera projektet",
           "new": "Nytt projekt", "create": "Skapa projektet", "save": "Spara ändringar",
           "date_error": "Slutdatum kan inte vara före startdatum.", "title": "Titel", "organisations": "Organisationer",
           "people": "Personer", "collects": "Data som projektet samlar in",
           "add_dataset": "Lägg till en datamängd"},
    "en": {"numbers": "The portfolio in numbers", "projects": "Projects", "theme": "Theme", "edit": "Edit the project",
           "new": "New project", "create": "Create the project", "save": "Save changes",
           "date_error": "The end date cannot be before the start date.", "title": "Title",
           "organisations": "Organisations", "people": "People", "collects": "Data the project collects",
           "add_dataset": "Add a dataset"},
}


@pytest.fixture
def portfolio(make_user):
    city = services.organisation_create(name="Miljöförvaltningen", kind="förvaltning",
                                        description="Stadens arbete för en god miljö.")
    traffic = services.organisation_create(name="Trafikkontoret", kind="förvaltning")
    energy = services.organisation_create(name="Energibolaget", kind="bolag")
    member = make_user("member@example.se", role="member")
    maja = services.person_create(name="Maja Medlem", organisation=city, email="maja@example.se",
                                  title="Projektledare", interests=["luft", "sensorer"], user=member)
    services.person_create(name="Olle Trafik", organisation=traffic, email="olle@example.se")
    air = services.project_create(title="Luftkvalitet på Ängen", owner=city, partners=[traffic], contacts=[maja],
                                  summary="Sensorer mäter NO2 och partiklar.", themes=["Luft", "IoT"],
                                  description="Trettio sensorer längs infarterna.")
    Dataset.objects.create(project=air, name="NO2 per gata och timme", openness="öppen", format="CSV",
                           update_frequency="varje timme")
    DataNeed.objects.create(project=air, description="Trafikflöden per timme")
    services.project_create(title="Smart parkering", owner=traffic, themes=["Parkering", "IoT"],
                            summary="Lediga platser i realtid.", status="planerad")
    services.project_create(title="Fjärrvärme och solceller", owner=energy, themes=["Energi"], status="idé")
    services.project_create(title="Intern analys", owner=traffic, is_public=False)
    make_user("reader@example.se", role="reader")
    return {"air": air, "maja": maja, "city": city}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_home_shows_the_portfolio_in_numbers(page, portfolio, language):
    set_language(page, language)
    page.goto("/")
    expect(page.get_by_role("heading", name=TEXT[language]["numbers"])).to_be_visible()
    assert page.locator(".stat-value").first.inner_text() == "3"  # the private project is not counted
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^IoT")).click()
    expect(page).to_have_url(re.compile(r"/projects/\?theme=iot"))
    expect(page.locator("#results .card")).to_have_count(2)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_project_list_filters_update_the_results_in_place(page, portfolio, language):
    set_language(page, language)
    page.goto("/projects/")
    expect(page.locator("#results .card")).to_have_count(3)
    assert_accessible(page)
    page.get_by_label(TEXT[language]["theme"], exact=True).select_option("iot")
    expect(page.locator("#results .card")).to_have_count(2)
    expect(page).to_have_url(re.compile(r"theme=iot"))
    page.locator("#id_q").fill("parkering")
    expect(page.locator("#results .card")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text("Smart parkering")
    assert page.locator("html").count() == 1  # the results were swapped in, not a whole page inside the page
    assert_accessible(page)


def test_project_list_works_without_javascript(browser, live_server, portfolio):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/projects/")
    page.locator("#id_status").select_option("planerad")
    page.get_by_role("button", name="Visa").click()
    expect(page).to_have_url(re.compile(r"status=planerad"))
    expect(page.locator("#results .card")).to_have_count(1)
    context.close()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_project_detail(page, portfolio, language):
    set_language(page, language)
    page.goto(portfolio["air"].get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Luftkvalitet på Ängen")
    expect(page.get_by_role("heading", name=TEXT[language]["collects"])).to_be_visible()
    expect(page.locator("main")).to_contain_text("NO2 per gata och timme")
    expect(page.locator("main")).not_to_contain_text("maja@example.se")  # anonymous: no e-mail addresses
    assert_accessible(page)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_member_creates_and_edits_a_project(page, portfolio, language):
    set_language(page, language)
    browser_login(page, "member@example.se")
    page.goto("/projects/")
    page.get_by_role("link", name=TEXT[language]["new"]).click()
    assert_accessible(page)
    page.get_by_label(re.compile("^" + TEXT[language]["title"])).fill("Digital tvilling av Ängen")
    page.locator("#id_themes_text").fill("3D, planering, Luft")
    page.locator("#id_start_date").fill("2026-05-01")
    page.locator("#id_end_date").fill("2026-01-01")
    page.locator("#id_datasets-0-name").fill("3D-modell av kvarteren")
    page.get_by_role("button", name=TEXT[language]["add_dataset"]).click()  # htmx: one more row, in place
    expect(page.locator("#id_datasets-1-name")).to_be_focused()
    expect(page.locator("#id_datasets-0-name")).to_have_value("3D-modell av kvarteren")
    page.locator("#id_datasets-1-name").fill("Solinstrålning per tak")
    page.locator("#id_needs-0-description").fill("Bygglovsritningar i digital form")
    page.get_by_role("button", name=TEXT[language]["create"]).click()
    expect(page.locator("main")).to_contain_text(TEXT[language]["date_error"])
    assert not Project.objects.filter(title="Digital tvilling av Ängen").exists()
    assert_accessible(page)  # the error state too
    page.locator("#id_end_date").fill("2027-12-31")
    page.get_by_role("button", name=TEXT[language]["create"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Digital tvilling av Ängen")
    expect(page.locator("main")).to_contain_text("3D-modell av kvarteren")
    expect(page.locator("main")).to_contain_text("Solinstrålning per tak")
    expect(page.locator("main")).to_contain_text("maja@example.se")  # signed in: contact e-mail shown

    page.get_by_role("link", name=TEXT[language]["edit"]).click()
    assert_accessible(page)
    page.locator("#id_summary").fill("En tredimensionell modell för planering.")
    page.get_by_role("button", name=TEXT[language]["save"]).click()
    expect(page.locator(".lead")).to_have_text("En tredimensionell modell för planering.")
    project = Project.objects.get(title="Digital tvilling av Ängen")
    assert sorted(project.themes.values_list("name", flat=True)) == ["3D", "Luft", "planering"]
    assert list(project.contacts.values_list("name", flat=True)) == ["Maja Medlem"]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_organisation_pages(page, portfolio, language):
    set_language(page, language)
    page.goto("/organisations/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TEXT[language]["organisations"])
    expect(page.locator("#results .card")).to_have_count(3)
    assert_accessible(page)
    page.locator("#id_kind").select_option("bolag")
    expect(page.locator("#results .card")).to_have_count(1)
    page.get_by_role("link", name="Energibolaget").click()
    expect(page.locator("main")).to_contain_text("Fjärrvärme och solceller")
    assert_accessible(page)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_people_pages_for_signed_in(page, portfolio, language):
    set_language(page, language)
    page.goto("/people/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    browser_login(page, "reader@example.se")
    page.goto("/people/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TEXT[language]["people"])
    assert_accessible(page)
    page.locator("#id_q").fill("olle")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    page.get_by_role("link", name="Olle Trafik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Olle Trafik")
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/", "/projects/", "/organisations/", "PROJECT"])
def test_pages_reflow_at_320_pixels(page, portfolio, path):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(portfolio["air"].get_absolute_url() if path == "PROJECT" else path)
    page.wait_for_load_state("networkidle")  # the project page loads its discovery parts after the page itself
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


def test_account_pages_are_accessible(page, portfolio):
    browser_login(page, "member@example.se")
    page.goto("/accounts/profile/")
    expect(page.locator("main")).to_contain_text("Maja Medlem")
    assert_accessible(page)
    page.goto("/accounts/profile/erase/")
    assert_accessible(page)
    page.goto(f"/people/{portfolio['maja'].pk}/edit/")
    assert_accessible(page)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_organiser_pages_are_accessible(page, portfolio, make_user, tmp_path, language):
    make_user("organiser@example.se", role="organiser")
    set_language(page, language)
    browser_login(page, "organiser@example.se")
    page.goto("/organisations/new/")
    assert_accessible(page)
    page.locator("main button[type=submit]").click()  # empty name: the error state
    expect(page.locator(".errorlist").first).to_be_visible()
    assert_accessible(page)
    page.goto("/projects/import/")
    assert_accessible(page)
    bad = tmp_path / "portfolj.json"
    bad.write_text('{"organisations": [{"key": "MF", "kind": "okänd"}], "projects": []}', encoding="utf-8")
    page.locator("input[type=file]").set_input_files(str(bad))
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".import-errors li").first).to_be_visible()
    assert_accessible(page)
    page.goto(f"/projects/{portfolio['air'].slug}/delete/")
    assert_accessible(page)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_api_token_page_creates_shows_once_and_revokes(page, portfolio, language):
    words = {"sv": ("Skapa nyckel", "Din nya nyckel", "Återkalla", "Namn på nyckeln"),
             "en": ("Create token", "Your new token", "Revoke", "Token name")}[language]
    set_language(page, language)
    browser_login(page, "reader@example.se")
    page.goto("/accounts/profile/")
    page.locator("main").get_by_role("link", name=re.compile("^API-nycklar|^API tokens")).click()
    assert_accessible(page)
    page.get_by_label(words[3]).fill("Veckorapport")
    page.get_by_role("button", name=words[0]).click()
    expect(page.get_by_role("heading", name=words[1])).to_be_visible()
    token = page.locator("#new-token").input_value()
    assert token.startswith("mp_")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name=re.compile(words[2])).click()
    expect(page.locator(".message-success").first).to_be_visible()
    assert token not in page.content()
    assert_accessible(page)

"""Discovery in the browser: related projects with reasons on a project page, the overlap view, verdicts."""

from __future__ import annotations

import pytest

from tests.conftest import assert_accessible, browser_login, set_language
from tests.discovery.conftest import load_fixture_portfolio

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fixture_portfolio(transactional_db):
    from motesplats.discovery import index_store

    index_store.reset()
    data = load_fixture_portfolio()
    yield data
    index_store.reset()


@pytest.mark.parametrize(("language", "reason"), [("sv", "Gemensamma teman"), ("en", "Shared themes")])
def test_project_page_shows_related_projects_with_reasons(page, live_server, fixture_portfolio, language, reason):
    page.goto("/")
    set_language(page, language)
    page.goto(fixture_portfolio["projects"]["luft"].get_absolute_url())
    related = page.locator(".related-list")
    related.wait_for()
    assert "Trafikräkning med kameror" in related.inner_text()
    assert reason in related.inner_text()
    assert "Intern utredning" not in related.inner_text(), "anonymous visitors only see public projects"
    page.locator(".data-matches").wait_for()
    assert "Trafikflöden per gata och timme" in page.locator(".data-matches").inner_text()
    assert_accessible(page)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_overlap_view_and_not_relevant_removes_the_pair(page, live_server, fixture_portfolio, organiser, language):
    page.goto("/")
    set_language(page, language)
    browser_login(page, organiser.email)
    page.goto("/discovery/overlap/")
    dagvatten, skyfall = fixture_portfolio["projects"]["dagvatten"], fixture_portfolio["projects"]["skyfall"]
    low, high = sorted([dagvatten.pk, skyfall.pk])
    row = page.locator(f'.overlap-row[data-pair="{low}-{high}"], .overlap-row[data-pair="{high}-{low}"]')
    assert row.count() == 1
    assert "Dagvattenhantering i Kvarnbyn" in row.inner_text() and "Skyfallsplanering" in row.inner_text()
    assert_accessible(page)
    label = "Inte relevant" if language == "sv" else "Not relevant"
    row.get_by_role("button", name=label).click()
    row.wait_for(state="detached")
    page.reload()
    assert page.locator(f'.overlap-row[data-pair="{low}-{high}"], .overlap-row[data-pair="{high}-{low}"]').count() == 0
    from motesplats.discovery.models import Verdict

    verdict = Verdict.objects.get(project_a_id=low, project_b_id=high)
    assert verdict.status == "inte_relevant" and verdict.decided_by_id == organiser.pk


def _load_demo_or_skip():
    import io
    from pathlib import Path

    from django.core.management import call_command

    import motesplats.registry as registry

    if not (Path(registry.__file__).parent / "demo" / "portfolio.json").is_file():
        pytest.skip("the demo portfolio is not there")
    call_command("load_demo", "--no-hooks", stdout=io.StringIO())
    from motesplats.discovery import demo

    demo.load(stdout=io.StringIO())  # what `make demo` runs: the index and the overlap overview, computed


def test_overlap_view_with_demo_data(page, live_server, transactional_db):
    """A known cross-organisation pair of the demo: the smart storm-water drains (Stockholm Vatten) and the
    cloudburst model (exploateringskontoret); marking it "inte relevant" removes it for good."""
    from motesplats.discovery import index_store
    from motesplats.registry.models import Project

    index_store.reset()
    _load_demo_or_skip()
    a = Project.objects.get(key="dagvattenbrunnar")
    b = Project.objects.get(key="skyfall-soderstaden")
    assert a.owner_id != b.owner_id
    low, high = sorted([a.pk, b.pk])
    selector = f'.overlap-row[data-pair="{low}-{high}"], .overlap-row[data-pair="{high}-{low}"]'
    browser_login(page, "programkontoret@motesplats.example")
    page.goto("/discovery/overlap/")
    row = page.locator(selector)
    assert row.count() == 1
    assert_accessible(page)
    row.get_by_role("button", name="Inte relevant").click()
    row.wait_for(state="detached")
    page.reload()
    assert page.locator(selector).count() == 0
    page.goto(a.get_absolute_url())
    page.locator(".related-list").wait_for()
    assert b.title not in page.locator(".related-list").inner_text()
    page.locator(".data-matches").wait_for()
    assert_accessible(page)
    person = a.contacts.first()
    if person is not None:
        page.goto(person.get_absolute_url())
        page.locator(".people-list, p.muted").first.wait_for()
        assert_accessible(page)
    index_store.reset()


@pytest.mark.parametrize(("language", "bands"), [("sv", ("stark", "möjlig", "svag")),
                                                 ("en", ("strong", "possible", "weak"))])
def test_search_by_relevance_and_data_matches_with_bands(page, live_server, fixture_portfolio, language, bands):
    """Search "luft": the air-quality project comes first, before projects that only mention air; its page
    shows each need's best candidates with a confidence band and the reason."""
    from django.urls import reverse

    from motesplats.registry.models import Organisation, Project

    owner = Organisation.objects.get(key="TK")
    for i, (title, description) in enumerate([
            ("Asfaltsbeläggning på huvudgator", "Slitage, dubbdäck och damm som virvlar upp i luften."),
            ("Ventilation i äldreboenden", "Frisk luft inomhus och temperatur i rummen."),
            ("Bullerskärmar längs lederna", "Skärmar som också kan fånga partiklar ur luften.")]):
        Project.objects.create(title=title, slug=f"extra-{i}", owner=owner, summary="", description=description)
    page.goto("/")
    set_language(page, language)
    page.goto(reverse("registry:project_list") + "?q=luft")
    titles = page.locator("#results .card h2").all_inner_texts()
    assert titles[0] == "Luftkvalitetsmätning i innerstaden", titles
    assert len(titles) >= 3
    assert_accessible(page)

    page.goto(fixture_portfolio["projects"]["luft"].get_absolute_url())
    matches = page.locator(".data-matches")
    matches.wait_for()
    shown = matches.locator(".data-match .badge").all_inner_texts()
    assert shown and set(shown) <= set(bands)
    assert set(shown) & set(bands[:2]), "at least one need is answered with a strong or possible match"
    first_need = matches.locator(".data-item").first.inner_text()
    assert "Trafikflöden per gata och timme" in first_need
    assert_accessible(page)

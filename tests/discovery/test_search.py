"""Search by relevance through one selector, on SQLite (FTS5) and PostgreSQL (full text + trigram) alike."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from motesplats.registry import selectors
from motesplats.registry.models import Dataset, Organisation, Person, Project, ProjectStatus, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(db: Any) -> dict[str, Project]:
    miljo = Organisation.objects.create(name="Miljöförvaltningen", slug="miljo", description="Luft och buller")
    trafik = Organisation.objects.create(name="Trafikkontoret", slug="trafik", description="Gator och trafik")
    luft = Theme.objects.create(name="luft", slug="luft")
    made = {
        "air": Project.objects.create(title="Luftkvalitetsmätning i innerstaden", slug="air", owner=miljo,
                                      summary="Sensorer mäter luftens halter av kvävedioxid.",
                                      description="Luften mäts varje timme; halterna av luftföroreningar publiceras."),
        "bike": Project.objects.create(title="Cykelräkning på broarna", slug="bike", owner=trafik,
                                       summary="Cyklister räknas.", description="Slangar räknar cyklar.",
                                       status=ProjectStatus.AVSLUTAD),
        "vent": Project.objects.create(title="Ventilation i skolor", slug="vent", owner=miljo,
                                       summary="Inomhusklimat i klassrum.",
                                       description="Bättre luft inomhus ger bättre inlärning."),
        "tyre": Project.objects.create(title="Dubbdäck och partiklar", slug="tyre", owner=trafik,
                                       summary="Vägdamm och trafik.", description="Mätning på gatorna i luften.",
                                       status=ProjectStatus.AVSLUTAD),
    }
    made["air"].themes.add(luft)
    Dataset.objects.create(project=made["air"], name="Halter av kvävedioxid per timme")
    Dataset.objects.create(project=made["bike"], name="Cykelflöden per bro och dag", description="luft i däcken")
    Person.objects.create(name="Anna Luftberg", title="Miljöutredare", organisation=miljo, interests=["buller"])
    Person.objects.create(name="Bo Berg", title="Trafikplanerare", organisation=trafik, interests=["luftkvalitet"])
    return made


def slugs(queryset: Any) -> list[str]:
    return [p.slug for p in queryset]


def test_luft_ranks_the_air_quality_project_first(projects: dict[str, Project], reader: Any) -> None:
    found = slugs(selectors.project_list(user=reader, filters=selectors.ProjectFilters(q="luft")))
    assert found[0] == "air"
    assert set(found) == {"air", "vent", "tyre"}


@pytest.mark.parametrize(("query", "first"), [
    ("kvalitet", "air"),          # a part inside a compound
    ("luftkvalitet", "air"),      # the start of a compound
    ("LUFTKVALITETSMÄTNING", "air"),  # any case, å/ä/ö kept
    ("luftkvalitetmätning", "air"),   # a typo (a missing linking s)
    ("cykel", "bike"),
])
def test_compounds_case_and_typos(projects: dict[str, Project], reader: Any, query: str, first: str) -> None:
    found = slugs(selectors.project_list(user=reader, filters=selectors.ProjectFilters(q=query)))
    assert found and found[0] == first


def test_filters_keep_working_with_relevance_order(projects: dict[str, Project], reader: Any) -> None:
    filters = selectors.ProjectFilters(q="luft", status=ProjectStatus.AVSLUTAD)
    assert slugs(selectors.project_list(user=reader, filters=filters)) == ["tyre"]
    filters = selectors.ProjectFilters(q="luft", organisation="miljo")
    assert slugs(selectors.project_list(user=reader, filters=filters)) == ["air", "vent"]
    newest = selectors.project_list(user=reader, filters=selectors.ProjectFilters(q="luft", sort="new"))
    assert slugs(newest) == ["tyre", "vent", "air"], "an explicit sort wins over relevance"


def test_every_word_must_match(projects: dict[str, Project], reader: Any) -> None:
    found = slugs(selectors.project_list(user=reader, filters=selectors.ProjectFilters(q="luft skolor")))
    assert found == ["vent"]
    assert slugs(selectors.project_list(user=reader, filters=selectors.ProjectFilters(q="xyzzy"))) == []


def test_organisations_people_and_datasets_by_relevance(projects: dict[str, Project], organiser: Any) -> None:
    orgs = selectors.organisation_list(user=organiser, filters=selectors.OrganisationFilters(q="trafik"))
    assert [o.slug for o in orgs][0] == "trafik"
    assert orgs[0].project_count == 2
    people = selectors.person_list(user=organiser, filters=selectors.PersonFilters(q="luft"))
    assert [p.name for p in people] == ["Anna Luftberg", "Bo Berg"], "a name before an interest"
    datasets = selectors.datasets(user=organiser, q="kvävedioxid")
    assert [d.name for d in datasets] == ["Halter av kvävedioxid per timme"]
    datasets = selectors.datasets(user=organiser, q="luft")
    assert [d.project.slug for d in datasets][:1] == ["air"], "the name and the project weigh more than the text"


def test_project_list_page_orders_by_relevance(projects: dict[str, Project], client: Any) -> None:
    html = client.get(reverse("registry:project_list"), {"q": "luft"}).content.decode()
    assert html.index("Luftkvalitetsmätning i innerstaden") < html.index("Ventilation i skolor")

"""People are found by their interests too, with Swedish letters and in any case, on SQLite and PostgreSQL."""

import pytest

from motesplats.registry import selectors, services
from motesplats.registry.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(org):
    return {
        "grön": services.person_create(name="Greta Grön", organisation=org, interests=["Grön omställning", "ÅTERBRUK"]),
        "ai": services.person_create(name="Ali Analys", organisation=org, title="Analytiker",
                                     interests=["AI", "öppna data"]),
        "none": services.person_create(name="Nils Ingen", organisation=org),
    }


def names(reader, q):
    return {p.name for p in selectors.person_list(user=reader, filters=selectors.PersonFilters(q=q))}


@pytest.mark.parametrize(("query", "expected"), [
    ("återbruk", {"Greta Grön"}),
    ("ÖPPNA", {"Ali Analys"}),
    ("omställning", {"Greta Grön"}),
    ("grön omställning", {"Greta Grön"}),      # every word must match somewhere
    ("analytiker öppna", {"Ali Analys"}),      # one word in the title, one in the interests
    ("ai återbruk", set()),
    ("miljöförvaltningen", {"Greta Grön", "Ali Analys", "Nils Ingen"}),
])
def test_search_people_by_interest(reader, people, query, expected):
    assert names(reader, query) == expected


def test_the_search_text_follows_every_kind_of_save(reader, people, org):
    person = people["none"]
    services.person_update(person=person, interests=["Cykel"])
    assert names(reader, "cykel") == {"Nils Ingen"}
    person.interests = ["Snö"]
    person.save(update_fields=["interests"])  # as other apps do
    assert names(reader, "snö") == {"Nils Ingen"} and names(reader, "cykel") == set()
    Person.objects.create(name="Direkt Skapad", organisation=org, interests=["Väder"])
    assert names(reader, "VÄDER") == {"Direkt Skapad"}
    services.person_anonymise(None, person)
    assert names(reader, "snö") == set()


def test_the_people_page_and_api_search_interests(client, reader, people):
    client.force_login(reader)
    html = client.get("/people/", {"q": "återbruk"}).content.decode()
    assert "Greta Grön" in html and "Ali Analys" not in html
    body = client.get("/api/registry/people", {"q": "öppna data"}).json()
    assert [p["name"] for p in body["items"]] == ["Ali Analys"]

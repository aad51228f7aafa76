"""The person picker of project contacts and agenda speakers: search the registry's people by typing a name."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from motesplats.registry.forms import ProjectForm
from motesplats.registry.models import Organisation, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db: Any) -> list[Person]:
    org = Organisation.objects.create(name="Trafikkontoret", slug="trafikkontoret")
    names = ["Anna Berg", "Anders Holm", "Berit Ek", "Gömd Person"]
    out = [Person.objects.create(name=n, email=f"p{i}@example.se", organisation=org) for i, n in enumerate(names)]
    Person.objects.filter(name="Gömd Person").update(is_anonymised=True)
    return out


def test_pick_searches_names_and_leaves_out_the_chosen(client: Any, people: list[Person], make_user: Any) -> None:
    url = reverse("registry:person_pick")
    assert client.get(url, {"field": "contacts", "contacts-q": "an"}).status_code == 302  # log in first
    client.force_login(make_user("reader@example.se", role="reader"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(url, {"field": "contacts", "multiple": "1", "contacts-q": "an"},
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Anna Berg" in html and "Anders Holm" in html and "Gömd" not in html
    assert "matches. Tab to them" in html and 'hx-swap="beforeend"' in html
    html = client.get(url, {"field": "contacts", "multiple": "1", "contacts-q": "an",
                            "contacts": [str(people[0].pk)]}).content.decode()
    assert "Anna Berg" not in html and "Anders Holm" in html
    picked = client.get(url, {"field": "item-0-speakers", "multiple": "1", "pick": str(people[2].pk)}).content.decode()
    assert f'name="item-0-speakers" value="{people[2].pk}"' in picked and "Berit Ek (Trafikkontoret)" in picked
    assert client.get(url, {"field": "contacts", "pick": str(people[3].pk)}).content == b""  # anonymised
    assert client.get(url, {"field": "<script>", "q": "x"}).status_code == 404
    assert client.get(url).content == b""


def test_project_form_contacts_is_a_picker_that_keeps_its_choice(people: list[Person]) -> None:
    form = ProjectForm(initial={"contacts": [people[1].pk]})
    html = str(form["contacts"])
    assert 'type="search"' in html and "<select" not in html and "Anders Holm (Trafikkontoret)" in html
    assert form["contacts"].id_for_label == "id_contacts-q"

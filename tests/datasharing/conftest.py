"""A small world for data sharing: the discovery test portfolio, a member of the project that needs traffic
data (luft), an owner of the project that collects it (trafik), and a third project's member (dagvatten)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.discovery.conftest import load_fixture_portfolio


def _person(make_user: Any, email: str, name: str, org: Any, project: Any, language: str = "sv") -> Any:
    from motesplats.registry.models import Person

    user = make_user(email, role="member", language=language)
    person = Person.objects.create(name=name, email=email, organisation=org, user=user)
    project.contacts.add(person)
    return user


@pytest.fixture
def world(db: Any, make_user: Any, organiser: Any, reader: Any) -> dict[str, Any]:
    from motesplats.registry.models import Dataset

    data = load_fixture_portfolio()
    projects, orgs = data["projects"], data["orgs"]
    traffic = Dataset.objects.get(project=projects["trafik"])
    traffic.openness = "delbar"
    traffic.format = "CSV"
    traffic.save()
    Dataset.objects.filter(project=projects["luft"]).update(openness="öppen", format="CSV",
                                                             update_frequency="varje timme")
    return {
        **data,
        "member": _person(make_user, "maja@example.se", "Maja Medlem", orgs["MF"], projects["luft"]),
        "owner": _person(make_user, "tove@example.se", "Tove Trafik", orgs["TK"], projects["trafik"], "en"),
        "third": _person(make_user, "olle@example.se", "Olle Tredje", orgs["VA"], projects["dagvatten"]),
        "organiser": organiser,
        "reader": reader,
        "dataset": traffic,
        "need": projects["luft"].data_needs.get(),
    }


@pytest.fixture
def make_request(world: dict[str, Any]) -> Any:
    from motesplats.datasharing import services

    def make(**extra: Any) -> Any:
        values = {"by": world["member"], "dataset": world["dataset"], "purpose": "Koppla halter till trafik",
                  "fields": "gata, timme, antal", "project": world["projects"]["luft"], "need": world["need"],
                  **extra}
        request, _created = services.data_request_create(**values)
        return request

    return make

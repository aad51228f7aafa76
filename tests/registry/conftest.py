"""A small portfolio for the registry tests: organisations, themes, public and private projects, people."""

from __future__ import annotations

from typing import Any

import pytest

from motesplats.registry import services
from motesplats.registry.models import DataNeed, Dataset, Organisation, Person, Project


@pytest.fixture
def org(db: Any) -> Organisation:
    return services.organisation_create(name="Miljöförvaltningen", kind="förvaltning",
                                        description="Stadens miljöarbete.")


@pytest.fixture
def other_org(db: Any) -> Organisation:
    return services.organisation_create(name="Trafikkontoret", kind="förvaltning")


@pytest.fixture
def member_person(org: Organisation, make_user: Any) -> Person:
    user = make_user("member@example.se", role="member")
    return services.person_create(name="Maja Medlem", organisation=org, email="maja@example.se",
                                  title="Projektledare", interests=["luft"], user=user)


@pytest.fixture
def member(member_person: Person) -> Any:
    return member_person.user


@pytest.fixture
def other_member(other_org: Organisation, make_user: Any) -> Any:
    user = make_user("other@example.se", role="member")
    services.person_create(name="Olle Annan", organisation=other_org, email="olle@example.se", user=user)
    return user


@pytest.fixture
def public_project(org: Organisation, other_org: Organisation, member_person: Person) -> Project:
    project = services.project_create(
        title="Luftkvalitet på Ängen", owner=org, summary="Sensorer mäter NO2.",
        description="Vi mäter luftkvaliteten i realtid.", status="pågående", themes=["Luft", "IoT"],
        partners=[other_org], contacts=[member_person])
    Dataset.objects.create(project=project, name="Halter av NO2 per timme", openness="öppen", format="CSV")
    DataNeed.objects.create(project=project, description="Trafikflöden per timme")
    return project


@pytest.fixture
def private_project(other_org: Organisation) -> Project:
    return services.project_create(title="Intern parkeringsstudie", owner=other_org, summary="Beläggning i garage.",
                                   status="idé", themes=["Parkering"], is_public=False)


def make_projects(owner: Organisation, count: int, *, themes: tuple[str, ...] = ("Mobilitet", "Data"),
                  contacts: tuple[Person, ...] = ()) -> list[Project]:
    return [services.project_create(title=f"Projekt {number:03d}", owner=owner, summary=f"Sammanfattning {number}",
                                    themes=list(themes), contacts=list(contacts))
            for number in range(count)]

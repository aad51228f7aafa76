"""The registry's bulk write path: every new row goes through it, checked first, with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motesplats.registry import services
from motesplats.registry.models import DataNeed, Dataset, Organisation, Person, Project, Theme
from motesplats.registry.services import (
    DataNeedData,
    DatasetData,
    OrganisationData,
    PersonData,
    ProjectData,
    ProjectLists,
)

pytestmark = pytest.mark.django_db


def rows(org: Organisation, others: list[Organisation], people: list[Person], count: int,
         prefix: str = "p") -> list[ProjectData]:
    return [ProjectData(
        title=f"Luft och buller {n % 7}", owner=org, key=f"{prefix}{n}", summary="Sensorer mäter luften.",
        themes=["Luft", "IoT", f"tema {n % 5}"], partners=[org, *others], contacts=people,
        datasets=[DatasetData(name="PM10 per timme", format="CSV"), DatasetData(name="NO2", openness="öppen")],
        needs=[DataNeedData(description="Trafikflöden per timme")],
    ) for n in range(count)]


@pytest.fixture
def world(org: Organisation, other_org: Organisation, member_person: Person) -> dict[str, Any]:
    return {"org": org, "others": [other_org], "people": [member_person]}


def test_bulk_create_writes_projects_with_everything_that_belongs_to_them(world: dict[str, Any]) -> None:
    created = services.project_bulk_create(projects=rows(world["org"], world["others"], world["people"], 12))

    assert [p.key for p in created] == [f"p{n}" for n in range(12)]
    assert len({p.slug for p in created}) == 12 and created[0].slug == "luft-och-buller-0"
    first = Project.objects.get(key="p0")
    assert sorted(t.name for t in first.themes.all()) == ["IoT", "Luft", "tema 0"]
    assert [o.pk for o in first.partners.all()] == [world["others"][0].pk]  # the owner is not its own partner
    assert list(first.contacts.all()) == world["people"]
    assert sorted(first.datasets.values_list("name", "format", "openness")) == [
        ("NO2", "", "öppen"), ("PM10 per timme", "CSV", "delbar")]
    assert list(first.data_needs.values_list("description", flat=True)) == ["Trafikflöden per timme"]
    assert Theme.objects.count() == 7  # Luft, IoT and five "tema n", each once
    assert first.created is not None and first.datasets.first().created is not None


def inserts_and_others(queries: CaptureQueriesContext) -> tuple[int, int]:
    inserts = sum(1 for q in queries.captured_queries if q["sql"].startswith("INSERT"))
    return inserts, len(queries) - inserts


def test_bulk_create_runs_the_same_queries_for_ten_and_for_two_hundred(world: dict[str, Any]) -> None:
    services.project_bulk_create(projects=rows(world["org"], world["others"], world["people"], 5, prefix="w"))
    counts = []  # now that the themes exist
    for size, prefix in ((10, "a"), (200, "b")):
        with CaptureQueriesContext(connection) as queries:
            services.project_bulk_create(projects=rows(world["org"], world["others"], world["people"], size,
                                                       prefix=prefix))
        counts.append(inserts_and_others(queries))
    (few_inserts, few_others), (many_inserts, many_others) = counts
    assert few_others == many_others, counts  # the reads do not grow with the rows
    assert few_inserts == 6 and many_inserts <= 20, counts  # inserts grow only by batches (SQLite: 999 values)
    assert Project.objects.count() == 215


def test_one_bad_row_rejects_all_and_names_each_bad_row(world: dict[str, Any]) -> None:
    Project.objects.create(title="Finns", slug="finns", owner=world["org"], key="taken")
    projects = rows(world["org"], [], [], 4)
    projects[1] = ProjectData(title="Fel datum", owner=world["org"], key="x", start_date=dt.date(2025, 5, 1),
                              end_date=dt.date(2025, 1, 1))
    projects[2] = ProjectData(title="Tagen nyckel", owner=world["org"], key="taken",
                              datasets=[DatasetData(name="D", openness="hemlig")])
    projects[3] = ProjectData(title="", owner=world["org"], key="p0")  # and the key of row 1 again

    with pytest.raises(ValidationError) as caught:
        services.project_bulk_create(projects=projects)

    messages = caught.value.messages
    assert [m.split(":")[0] for m in messages] == ["rad 1", "rad 2", "rad 3", "rad 4"]
    assert "Slutdatum kan inte vara före startdatum." in messages[1]
    assert "hemlig" in messages[2] and "nyckel" in messages[2].lower()
    assert Project.objects.count() == 1 and Dataset.objects.count() == 0


def test_one_project_reports_its_fields_for_the_form(world: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        services.project_create(title="x" * 300, owner=world["org"], end_date=dt.date(2025, 1, 1),
                                start_date=dt.date(2025, 2, 1))
    assert set(caught.value.message_dict) == {"title", "end_date"}


def test_themes_get_or_create_matches_case_and_swedish_letters_and_keeps_order(org: Organisation) -> None:
    old = services.themes_get_or_create(names=["Översvämning", "IoT"])
    with CaptureQueriesContext(connection) as queries:
        themes = services.themes_get_or_create(names=["iot", "ÖVERSVÄMNING", "Ny", "ny", "Nytt tema"])
    assert [t.name for t in themes] == ["IoT", "Översvämning", "Ny", "Nytt tema"]
    assert themes[:2] == old[::-1]
    assert Theme.objects.count() == 4
    assert len([q for q in queries.captured_queries if q["sql"].startswith("INSERT")]) == 1


def test_people_and_organisations_are_created_in_bulk_with_their_search_text(org: Organisation) -> None:
    organisations = services.organisation_bulk_create(organisations=[
        OrganisationData(name="Stadsbyggnadskontoret", kind="förvaltning", key="SBK"),
        OrganisationData(name="Stockholm Vatten", kind="bolag")])
    assert [o.slug for o in organisations] == ["stadsbyggnadskontoret", "stockholm-vatten"]
    people = services.person_bulk_create(people=[
        PersonData(name="Ada", organisation=organisations[0], interests=["Luft", "luft", " Buller "]),
        PersonData(name="Bo", organisation=organisations[1], key="p-bo")])
    ada = Person.objects.get(pk=people[0].pk)
    assert ada.interests == ["Luft", "Buller"] and ada.interests_search == "luft\nbuller"
    with pytest.raises(ValidationError) as caught:
        services.person_bulk_create(people=[PersonData(name="Ny", organisation=None, key="p-bo")])
    assert set(caught.value.message_dict) == {"organisation", "key"}


def test_project_data_replace_changes_creates_and_removes_rows(public_project: Project) -> None:
    keep, change, drop = [services.dataset_create(project=public_project, name=name) for name in ("A", "B", "C")]
    need = services.data_need_create(project=public_project, description="Väder")

    changes = services.project_data_replace(project=public_project, datasets=[
        DatasetData(id=keep.pk, name="A"), DatasetData(id=change.pk, name="B", format="JSON"), DatasetData(name="D")],
        needs=[DataNeedData(id=need.pk, description="Väder per timme")])

    assert (changes.datasets.created, changes.datasets.updated, changes.datasets.unchanged,
            changes.datasets.removed) == (1, 1, 1, 2)  # C and the fixture's dataset go
    assert (changes.needs.updated, changes.needs.unchanged) == (1, 0)
    assert sorted(public_project.datasets.values_list("name", "format")) == [("A", ""), ("B", "JSON"), ("D", "")]
    assert not Dataset.objects.filter(pk=drop.pk).exists()
    assert DataNeed.objects.get(pk=need.pk).description == "Väder per timme"
    changed = Dataset.objects.get(pk=change.pk)
    assert changed.updated > changed.created


def test_project_data_replace_refuses_rows_of_another_project(public_project: Project, org: Organisation) -> None:
    other = services.project_create(title="Annat", owner=org)
    foreign = services.dataset_create(project=other, name="Annans")
    with pytest.raises(ValidationError):
        services.project_data_replace(project=public_project, datasets=[DatasetData(id=foreign.pk, name="Min")])
    assert Dataset.objects.get(pk=foreign.pk).name == "Annans"


def test_replacing_the_lists_of_many_projects_takes_a_fixed_number_of_queries(world: dict[str, Any]) -> None:
    projects = services.project_bulk_create(projects=rows(world["org"], [], [], 60))

    def lists(chosen: list[Project]) -> list[ProjectLists]:
        return [ProjectLists(p, datasets=[DatasetData(name="PM10 per timme", format="API")],
                             needs=[DataNeedData(description="Väder")]) for p in chosen]

    counts = []
    for chosen in (projects[:5], projects[5:60]):
        with CaptureQueriesContext(connection) as queries:
            result = services.project_data_bulk_replace(lists=lists(chosen))
        counts.append(inserts_and_others(queries))
        # rows without an id are new: the two datasets and the need of each project go, one of each comes
        assert all((r.datasets.created, r.datasets.removed, r.needs.created, r.needs.removed) == (1, 2, 1, 1)
                   for r in result.values())
    (few_inserts, few_others), (many_inserts, many_others) = counts
    assert few_inserts == many_inserts == 2, counts
    assert many_others <= few_others + 2, counts  # Django deletes in batches of 100 rows
    assert Dataset.objects.filter(format="API").count() == 60 and Dataset.objects.count() == 60


def test_person_link_user_links_an_account_once(org: Organisation, make_user: Any) -> None:
    user = make_user("ny@example.se", role="member")
    first = services.person_create(name="Första", organisation=org)
    second = services.person_create(name="Andra", organisation=org)
    services.person_link_user(person=first, user=user)
    assert Person.objects.get(user=user) == first
    with pytest.raises(ValidationError):
        services.person_link_user(person=second, user=user)

"""import_portfolio: the format, counts, updates without duplicates, and whole-file rejection of bad input."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from motesplats.registry.models import DataNeed, Dataset, Organisation, Person, Project, Theme
from motesplats.registry.portfolio_io import ImportReport, PortfolioImportError, import_portfolio

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def small() -> dict[str, Any]:
    return json.loads((FIXTURES / "portfolio_small.json").read_text(encoding="utf-8"))


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count()
            for model in (Organisation, Person, Project, Dataset, DataNeed, Theme)}


def test_import_creates_everything_with_counts() -> None:
    report = import_portfolio((FIXTURES / "portfolio_small.json").read_bytes(), source_name="small.json")

    assert report.created == {"organisations": 3, "people": 2, "projects": 2, "datasets": 3, "data_needs": 2,
                              "themes": 3}
    assert report.total_updated == 0
    assert report.source_name == "small.json"
    # unknown keys are ignored, and named in the report
    assert "organisations[2] (key \"KTH\").founded" in report.ignored_fields
    assert "projects[1] (key \"flow\").budget" in report.ignored_fields

    mf = Organisation.objects.get(key="MF")
    assert (mf.name, mf.kind, mf.website) == ("Miljöförvaltningen", "förvaltning", "https://miljo.example.se/")
    assert Organisation.objects.get(key="TK").kind == "förvaltning"  # the label "Förvaltning" is accepted
    assert mf.slug == "miljoforvaltningen"

    anna = Person.objects.get(key="p-anna")
    assert anna.email == "anna.andersson@miljo.example.se"
    assert (anna.organisation, anna.interests, anna.languages) == (mf, ["luft", "sensorer"], ["sv", "en"])

    air = Project.objects.get(key="air")
    assert air.owner == mf
    assert air.status == "pågående"
    assert air.start_date == dt.date(2024, 1, 1) and air.end_date is None
    assert air.is_public is True
    assert sorted(t.name for t in air.themes.all()) == ["IoT", "luft"]
    assert sorted(o.key for o in air.partners.all()) == ["KTH", "TK"]
    assert sorted(p.key for p in air.contacts.all()) == ["p-anna", "p-bo"]
    datasets = {d.name: d for d in air.datasets.all()}
    assert datasets["Partiklar PM10"].openness == "delbar"  # "delbar inom staden"
    assert datasets["Partiklar PM10"].format == "CSV"
    assert datasets["Halter av NO2 per gata och timme"].openness == "delbar"  # the model's default
    assert [n.description for n in air.data_needs.all()] == ["Trafikflöden per timme"]

    flow = Project.objects.get(key="flow")
    assert flow.is_public is False and flow.status == "planerad"
    # "iot" is the same theme as "IoT"
    assert Theme.objects.filter(name__iexact="iot").count() == 1
    assert [n.description for n in flow.data_needs.all()] == ["Luftkvalitet per gata"]


def test_reimport_of_the_same_file_changes_nothing() -> None:
    import_portfolio(small())
    before = row_counts()
    ids = set(Dataset.objects.values_list("id", flat=True))

    report = import_portfolio(json.dumps(small()))

    assert row_counts() == before
    assert set(Dataset.objects.values_list("id", flat=True)) == ids
    assert report.total_created == 0 and report.total_updated == 0
    assert not report.changed_anything
    assert report.lines()[0] == "Organisationer: 3 oförändrade"
    assert report.unchanged["projects"] == 2 and report.unchanged["organisations"] == 3


def test_reimport_updates_in_place_and_replaces_the_data_lists() -> None:
    import_portfolio(small())
    air = Project.objects.get(key="air")
    kept_dataset = air.datasets.get(name="Partiklar PM10")
    slug = air.slug

    changed = small()
    project = changed["projects"][0]
    project["title"] = "Luftkvalitet i realtid"
    project["themes"] = ["luft"]
    project["partners"] = ["TK"]
    project["data_collected"] = [changed["projects"][0]["data_collected"][1], "Ozon per timme"]
    project["data_collected"][0] = {**project["data_collected"][0], "format": "CSV, API"}
    project["data_needed"] = ["Trafikflöden per timme", "Väderdata"]
    changed["organisations"][1]["name"] = "Trafikkontoret i Staden"

    report = import_portfolio(changed)

    air.refresh_from_db()
    assert air.title == "Luftkvalitet i realtid"
    assert air.slug == slug  # links keep working after a new title
    assert [t.name for t in air.themes.all()] == ["luft"]
    assert [o.key for o in air.partners.all()] == ["TK"]
    assert sorted(air.datasets.values_list("name", flat=True)) == ["Ozon per timme", "Partiklar PM10"]
    assert air.datasets.get(name="Partiklar PM10").pk == kept_dataset.pk  # same row, updated
    assert air.datasets.get(name="Partiklar PM10").format == "CSV, API"
    assert list(air.data_needs.values_list("description", flat=True)) == ["Trafikflöden per timme", "Väderdata"]
    assert Organisation.objects.get(key="TK").name == "Trafikkontoret i Staden"
    assert Project.objects.count() == 2 and Organisation.objects.count() == 3
    assert report.updated["projects"] == 1 and report.unchanged["projects"] == 1
    assert report.updated["organisations"] == 1
    assert report.created["datasets"] == 1 and report.updated["datasets"] == 1 and report.removed["datasets"] == 1
    assert report.created["data_needs"] == 1 and report.unchanged["data_needs"] == 2  # one in each project


def test_fields_left_out_of_the_file_keep_their_values() -> None:
    import_portfolio(small())
    import_portfolio({"projects": [{"key": "air", "org": "MF", "title": "Luft i realtid"}]})
    air = Project.objects.get(key="air")
    assert air.summary == "Sensorer mäter luften."
    assert air.datasets.count() == 2 and air.contacts.count() == 2


def test_a_file_may_refer_to_organisations_and_people_already_imported() -> None:
    import_portfolio(small())
    report = import_portfolio({"projects": [{"key": "new", "org": "KTH", "title": "Nytt", "partners": ["MF"],
                                             "contacts": ["p-anna"]}]})
    assert report.created["projects"] == 1
    assert Project.objects.get(key="new").contacts.get().key == "p-anna"


def test_records_made_by_hand_are_adopted_not_duplicated() -> None:
    hand = Organisation.objects.create(name="Miljöförvaltningen", slug="mf-hand")
    import_portfolio(small())
    hand.refresh_from_db()
    assert hand.key == "MF"
    assert Organisation.objects.filter(name="Miljöförvaltningen").count() == 1


def test_organisation_name_taken_by_another_key_is_an_error() -> None:
    Organisation.objects.create(key="MILJO", name="Miljöförvaltningen", slug="miljo")
    with pytest.raises(PortfolioImportError) as caught:
        import_portfolio(small())
    assert caught.value.errors == [
        'organisations[0] (key "MF"): namnet "Miljöförvaltningen" används redan av organisationen med nyckel '
        '"MILJO"']
    assert Project.objects.count() == 0 and Person.objects.count() == 0


def test_malformed_file_is_rejected_as_a_whole_naming_each_bad_entry() -> None:
    import_portfolio(small())
    before = row_counts()
    titles = sorted(Project.objects.values_list("title", flat=True))

    with pytest.raises(PortfolioImportError) as caught:
        import_portfolio((FIXTURES / "portfolio_malformed.json").read_bytes())

    errors = caught.value.errors
    expected = [
        'organisations[0] (key "MF"): kind "kommun" är inte en av: förvaltning, bolag, akademi, näringsliv, '
        'testbädd, annan',
        'organisations[1] (key "MF"): key "MF" förekommer redan i organisations[0] (key "MF")',
        'organisations[2]: fältet "key" saknas eller är tomt',
        'organisations[3] (key "WEB"): "website" är inte en giltig webbadress: "inte en adress"',
        'people[0] (key "p-x"): "inte-en-adress" är inte en giltig e-postadress',
        'people[0] (key "p-x"): okänd organisation "NOPE"',
        'projects[1] (key "air"): status "klar" är inte en av: idé, planerad, pågående, avslutad',
        'projects[1] (key "air"): "start" ska vara ett datum som ÅÅÅÅ-MM-DD, inte "2024-13-01"',
        'projects[1] (key "air"): okänd organisation "XX"',
        'projects[2] (key "dates"): slutdatum 2024-01-01 är före startdatum 2025-05-01',
        'projects[2] (key "dates"): "public" ska vara true eller false',
        'projects[3] (key "ok"): key "ok" förekommer redan i projects[0] (key "ok")',
        'projects[4] (key "nodata"): fältet "title" saknas eller är tomt',
        'projects[4] (key "nodata"): "themes" ska vara en lista med texter',
        'projects[4] (key "nodata").data_collected[0]: fältet "name" saknas eller är tomt',
        'projects[4] (key "nodata").data_collected[1]: openness "hemlig" är inte en av: öppen, delbar, intern, '
        'personuppgifter',
        'projects[4] (key "nodata"): okänd kontaktperson "p-nobody"',
        'projects[5]: ska vara ett objekt med fält inom { }',
    ]
    assert errors == expected
    assert str(caught.value).count("\n") == len(expected) - 1
    # nothing saved, nothing changed: not even the valid organisations and project of the same file
    assert row_counts() == before
    assert sorted(Project.objects.values_list("title", flat=True)) == titles
    assert not Project.objects.filter(key="ok").exists()


def test_a_late_database_error_rolls_everything_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """Even a failure after the checks (here: after the projects are written) leaves nothing half-imported."""
    from motesplats.registry.portfolio_io import importing

    original = importing._Writer.create_projects

    def failing(self: Any, records: Any) -> None:
        original(self, records)
        if records:
            raise RuntimeError("disk full")

    monkeypatch.setattr(importing._Writer, "create_projects", failing)
    with pytest.raises(RuntimeError):
        import_portfolio(small())
    assert all(count == 0 for count in row_counts().values())


def test_json_syntax_error_names_line_and_column() -> None:
    with pytest.raises(PortfolioImportError) as caught:
        import_portfolio((FIXTURES / "portfolio_syntax_error.json").read_bytes())
    assert caught.value.errors == ["Ogiltig JSON på rad 4, kolumn 5: ett kommatecken saknas"]


def test_errors_are_in_the_users_language() -> None:
    with translation.override("en"), pytest.raises(PortfolioImportError) as caught:
        import_portfolio((FIXTURES / "portfolio_syntax_error.json").read_bytes())
    assert caught.value.errors == ["Invalid JSON on line 4, column 5: a comma is missing"]
    with translation.override("en"), pytest.raises(PortfolioImportError) as caught:
        import_portfolio({"projects": [{"key": "a", "org": "X", "title": "T"}]})
    assert caught.value.errors == ['projects[0] (key "a"): unknown organisation "X"']


@pytest.mark.parametrize(("data", "message"), [
    (b"", "Filen är tom."),
    (b"\xff\xfe{", "Filen är inte kodad i UTF-8 (fel vid byte 0)."),
    ("[1, 2]", 'Filen ska innehålla ett JSON-objekt med "organisations" och "projects".'),
    ({"orgs": []}, 'Filen innehåller varken "organisations", "people" eller "projects".'),
    ({"projects": {"key": "a"}}, "projects: ska vara en lista"),
])
def test_files_that_are_not_portfolios(data: Any, message: str) -> None:
    with pytest.raises(PortfolioImportError) as caught:
        import_portfolio(data)
    assert caught.value.errors == [message]


def test_text_with_byte_order_mark_and_comma_separated_themes() -> None:
    data = copy.deepcopy(small())
    data["projects"][1]["themes"] = "trafik, mätning"
    import_portfolio(("\ufeff" + json.dumps(data, ensure_ascii=False)).encode("utf-8"))
    assert sorted(Project.objects.get(key="flow").themes.values_list("name", flat=True)) == ["mätning", "trafik"]


def test_progress_is_reported() -> None:
    calls: list[tuple[int, int]] = []
    import_portfolio(small(), progress=lambda done, total: calls.append((done, total)))
    assert calls == [(2, 2)]  # projects are written in chunks of 200
    calls.clear()
    import_portfolio(small(), progress=lambda done, total: calls.append((done, total)))
    assert calls == [(2, 2)]
    data = small()
    data["projects"] = [{**data["projects"][0], "key": f"p{n}", "title": f"Projekt {n}"} for n in range(450)]
    calls.clear()
    import_portfolio(data, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(200, 450), (400, 450), (450, 450)]


def test_many_new_projects_with_the_same_title_get_their_own_slugs(django_capture_on_commit_callbacks: Any) -> None:
    from motesplats.registry.signals import projects_changed

    announced: list[list[int]] = []
    complete: list[bool] = []

    def receiver(sender: Any, ids: list[int], **kwargs: Any) -> None:
        announced.append(ids)
        last = Project.objects.get(pk=ids[-1])
        complete.append(last.themes.count() == 2 and last.datasets.count() == 2)

    data = small()
    data["projects"] = [{**data["projects"][0], "key": f"p{n}", "title": "Samma titel"} for n in range(250)]
    projects_changed.connect(receiver, dispatch_uid="test_bulk_announced")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            report = import_portfolio(data)
            assert announced == []  # not before the commit
    finally:
        projects_changed.disconnect(dispatch_uid="test_bulk_announced")

    assert report.created["projects"] == 250 and report.created["datasets"] == 500
    slugs = set(Project.objects.values_list("slug", flat=True))
    assert len(slugs) == 250 and "samma-titel" in slugs and "samma-titel-250" in slugs
    # listeners (the discovery index) hear once of every new project, with its themes and data in place
    assert announced == [sorted(Project.objects.values_list("pk", flat=True))]
    assert complete == [True]
    last = Project.objects.get(key="p249")
    assert last.themes.count() == 2 and last.contacts.count() == 2 and last.partners.count() == 2


def generated(projects: int, people: int = 0, prefix: str = "") -> dict[str, Any]:
    organisations = [{"key": f"{prefix}org{n}", "name": f"{prefix}Organisation {n}"} for n in range(5)]
    persons = [{"key": f"{prefix}person{n}", "name": f"Person {n}", "org": f"{prefix}org{n % 5}",
                "email": f"{prefix}person{n}@example.se"} for n in range(people)]
    return {"organisations": organisations, "people": persons, "projects": [
        {"key": f"{prefix}proj{n}", "org": f"{prefix}org{n % 5}", "title": f"Projekt om luft {n}",
         "themes": ["Luft", f"Tema {n % 3}"], "partners": [f"{prefix}org{(n + 1) % 5}"],
         "contacts": [f"{prefix}person{n % people}"] if people else [],
         "data_collected": [{"name": "PM10", "format": "CSV"}, "NO2"], "data_needed": ["Väder"]}
        for n in range(projects)]}


def count_queries(data: dict[str, Any]) -> tuple[int, ImportReport]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        report = import_portfolio(data)
    return len(queries), report


def test_the_import_runs_a_bounded_number_of_queries_however_many_rows() -> None:
    """New rows go in through the bulk services, unchanged ones cost nothing: the queries do not grow per row."""
    few, _report = count_queries(generated(20, people=10, prefix="a"))
    many, report = count_queries(generated(160, people=80, prefix="b"))
    assert report.created["projects"] == 160 and report.created["people"] == 80
    assert many <= few + 12, (few, many)  # inserts of more rows go in a few more batches
    few_again, _report = count_queries(generated(20, people=10, prefix="a"))
    many_again, report = count_queries(generated(160, people=80, prefix="b"))
    assert report.unchanged["projects"] == 160 and report.unchanged["datasets"] == 320
    assert few_again == many_again, (few_again, many_again)


def test_a_failure_in_the_last_chunk_of_a_large_file_leaves_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file of several chunks (200 projects each): an error while writing the last one rolls back them all,
    after progress was reported for the others."""
    from motesplats.registry.portfolio_io import importing

    original = importing._Writer.create_projects

    def failing(self: Any, records: Any) -> None:
        if records and records[0].key == "proj800":
            raise RuntimeError("disk full")
        original(self, records)

    monkeypatch.setattr(importing._Writer, "create_projects", failing)
    calls: list[tuple[int, int]] = []
    with pytest.raises(RuntimeError):
        import_portfolio(generated(1000, people=50), progress=lambda done, total: calls.append((done, total)))
    assert calls == [(200, 1000), (400, 1000), (600, 1000), (800, 1000)]
    assert all(count == 0 for count in row_counts().values())


def test_what_the_services_refuse_is_reported_as_an_import_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A check of the services that the file's own checks did not catch rejects the file as a whole."""
    from django.core.exceptions import ValidationError

    from motesplats.registry import services

    def refusing(**kwargs: Any) -> Any:
        raise ValidationError(["rad 2: Titeln är upptagen."])

    monkeypatch.setattr(services, "project_bulk_create", refusing)
    with pytest.raises(PortfolioImportError) as caught:
        import_portfolio(small())
    assert caught.value.errors == ["rad 2: Titeln är upptagen."]
    assert all(count == 0 for count in row_counts().values())  # the organisations and people went too

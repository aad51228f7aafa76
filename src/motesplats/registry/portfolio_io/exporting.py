"""Exports of projects: CSV and XLSX tables for people, and JSON in the import format for machines.

E-mail addresses are personal data: they are left out unless the caller says the reader may see them.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable
from typing import IO, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from motesplats.common.exports import write_csv, xlsx_append
from motesplats.registry.models import Dataset, Organisation, Person, Project

LIST_SEPARATOR = "; "


def _prepared(projects: Iterable[Project]) -> Iterable[Project]:
    """A queryset gets what the rows show in a fixed number of queries."""
    if isinstance(projects, QuerySet):
        return projects.select_related("owner").prefetch_related(
            "themes", "partners", "contacts", "contacts__organisation", "datasets", "data_needs")
    return projects


def _contacts(project: Project) -> list[Person]:
    return sorted((p for p in project.contacts.all() if not p.is_anonymised), key=lambda p: p.name)


def _contact_text(person: Person, include_emails: bool) -> str:
    if include_emails and person.email:
        return f"{person.name} <{person.email}>"
    return f"{person.name} ({person.organisation.name})"


def _columns() -> list[tuple[str, str, int]]:
    """(field, header, width in characters) of the project table."""
    return [
        ("key", _("Nyckel"), 14),
        ("title", _("Titel"), 40),
        ("status", _("Status"), 12),
        ("owner", _("Ägare"), 28),
        ("partners", _("Partner"), 36),
        ("themes", _("Teman"), 30),
        ("summary", _("Sammanfattning"), 60),
        ("start", _("Start"), 12),
        ("end", _("Slut"), 12),
        ("link", _("Länk"), 36),
        ("public", _("Publik"), 8),
        ("contacts", _("Kontaktpersoner"), 40),
        ("dataset_count", _("Antal datamängder"), 10),
        ("datasets", _("Insamlad data"), 60),
        ("need_count", _("Antal databehov"), 10),
        ("needs", _("Databehov"), 60),
    ]


def _row(project: Project, include_emails: bool) -> dict[str, Any]:
    datasets = sorted(project.datasets.all(), key=lambda d: d.name.casefold())
    needs = sorted(project.data_needs.all(), key=lambda n: n.pk)
    return {
        "key": project.key or project.slug,
        "title": project.title,
        "status": project.get_status_display(),
        "owner": project.owner.name,
        "partners": LIST_SEPARATOR.join(sorted(o.name for o in project.partners.all())),
        "themes": LIST_SEPARATOR.join(sorted((t.name for t in project.themes.all()), key=str.casefold)),
        "summary": project.summary,
        "start": project.start_date,
        "end": project.end_date,
        "link": project.link,
        "public": _("Ja") if project.is_public else _("Nej"),
        "contacts": LIST_SEPARATOR.join(_contact_text(p, include_emails) for p in _contacts(project)),
        "dataset_count": len(datasets),
        "datasets": LIST_SEPARATOR.join(d.name for d in datasets),
        "need_count": len(needs),
        "needs": LIST_SEPARATOR.join(n.description for n in needs),
    }


def export_projects_csv(projects: Iterable[Project], stream: IO[str], *, include_emails: bool = False,
                        delimiter: str = ",", bom: bool = False) -> int:
    """Write one row per project (with a header row) to a text stream; return the number of projects.

    `bom=True` starts with a UTF-8 byte order mark, which makes Excel read å, ä and ö right.
    """
    columns = _columns()
    names = [name for name, _header, _width in columns]
    rows = ([row[name] for name in names] for row in (_row(project, include_emails) for project in _prepared(projects)))
    return write_csv(stream, [header for _field, header, _width in columns], rows, delimiter=delimiter, bom=bom)


def export_projects_xlsx(projects: Iterable[Project], *, include_emails: bool = False) -> bytes:
    """An Excel workbook: the projects, one row each, plus a sheet each of data collected and needed."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Projekt")[:31]
    data_sheet = workbook.create_sheet(_("Insamlad data")[:31])
    need_sheet = workbook.create_sheet(_("Databehov")[:31])
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")

    def header(target: Any, columns: list[tuple[str, int]]) -> None:
        target.append([name for name, _width in columns])
        for index, (_name, width) in enumerate(columns, start=1):
            target.cell(row=1, column=index).font = bold
            target.column_dimensions[get_column_letter(index)].width = width
        target.freeze_panes = "A2"

    def append(target: Any, values: list[Any], wrapped: set[int]) -> None:
        xlsx_append(target, values)  # texts stay text (common.exports)
        row = target.max_row
        for index, value in enumerate(values, start=1):
            cell = target.cell(row=row, column=index)
            if isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            cell.alignment = wrap if index in wrapped else top

    columns = _columns()
    header(sheet, [(title, width) for _name, title, width in columns])
    wrapped = {i for i, (name, _t, _w) in enumerate(columns, start=1)
               if name in {"summary", "datasets", "needs", "contacts", "partners", "themes"}}
    data_columns = [(_("Projekt"), 40), (_("Namn"), 40), (_("Beskrivning"), 60), (_("Format"), 14),
                    (_("Uppdateringsfrekvens"), 20), (_("Öppenhet"), 20)]
    need_columns = [(_("Projekt"), 40), (_("Beskrivning"), 80)]
    header(data_sheet, data_columns)
    header(need_sheet, need_columns)
    count = 0
    for project in _prepared(projects):
        row = _row(project, include_emails)
        append(sheet, [row[name] if row[name] != "" else None for name, _t, _w in columns], wrapped)
        for dataset in sorted(project.datasets.all(), key=lambda d: d.name.casefold()):
            append(data_sheet, [project.title, dataset.name, dataset.description or None, dataset.format or None,
                                dataset.update_frequency or None, dataset.get_openness_display()], {3})
        for need in sorted(project.data_needs.all(), key=lambda n: n.pk):
            append(need_sheet, [project.title, need.description], {2})
        count += 1
    for target, width in ((sheet, len(columns)), (data_sheet, len(data_columns)), (need_sheet, len(need_columns))):
        if target.max_row > 1:
            target.auto_filter.ref = f"A1:{get_column_letter(width)}{target.max_row}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- JSON in the import format --------------------------------------------------------------------


def _org_key(org: Organisation) -> str:
    return org.key or org.slug


def _person_key(person: Person) -> str:
    return person.key or f"person-{person.pk}"


def _dataset_dict(dataset: Dataset) -> dict[str, Any]:
    return {"name": dataset.name, "description": dataset.description, "format": dataset.format,
            "update_frequency": dataset.update_frequency, "openness": dataset.openness}


def portfolio_as_dict(projects: Iterable[Project] | None = None, *, include_people: bool = True,
                      include_emails: bool = False) -> dict[str, Any]:
    """The portfolio in the import format. Without `projects`: every organisation, person and project."""
    everything = projects is None
    selected = list(_prepared(Project.objects.order_by("title", "pk") if projects is None else projects))
    if everything:
        organisations = list(Organisation.objects.order_by("name"))
        people = list(Person.objects.filter(is_anonymised=False).select_related("organisation").order_by("name"))
    else:
        seen_people: dict[int, Person] = {}
        for project in selected:
            for person in _contacts(project):
                seen_people.setdefault(person.pk, person)
        people = sorted(seen_people.values(), key=lambda p: p.name) if include_people else []
        orgs: dict[int, Organisation] = {}
        for project in selected:
            orgs.setdefault(project.owner.pk, project.owner)
            for partner in project.partners.all():
                orgs.setdefault(partner.pk, partner)
        for person in people:
            orgs.setdefault(person.organisation.pk, person.organisation)
        organisations = sorted(orgs.values(), key=lambda o: o.name)
    if not include_people:
        people = []
    exported_people = {p.pk for p in people}

    def person_dict(person: Person) -> dict[str, Any]:
        entry: dict[str, Any] = {"key": _person_key(person), "name": person.name}
        if include_emails:
            entry["email"] = person.email
        entry.update({"title": person.title, "org": _org_key(person.organisation),
                      "interests": list(person.interests or []), "languages": list(person.languages or [])})
        return entry

    def project_dict(project: Project) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "key": project.key or project.slug, "org": _org_key(project.owner), "title": project.title,
            "summary": project.summary, "description": project.description,
            "themes": sorted((t.name for t in project.themes.all()), key=str.casefold),
            "status": project.status,
            "partners": sorted(_org_key(o) for o in project.partners.all()),
            "start": project.start_date.isoformat() if project.start_date else None,
            "end": project.end_date.isoformat() if project.end_date else None,
            "link": project.link, "public": project.is_public,
            "data_collected": [_dataset_dict(d) for d in sorted(project.datasets.all(), key=lambda d: d.name)],
            "data_needed": [n.description for n in sorted(project.data_needs.all(), key=lambda n: n.pk)],
        }
        if include_people:
            entry["contacts"] = [_person_key(p) for p in _contacts(project) if p.pk in exported_people]
        return entry

    return {
        "organisations": [{"key": _org_key(o), "name": o.name, "kind": o.kind, "description": o.description,
                           "website": o.website} for o in organisations],
        "people": [person_dict(p) for p in people],
        "projects": [project_dict(p) for p in selected],
    }


def export_portfolio_json(projects: Iterable[Project] | None = None, *, include_people: bool = True,
                          include_emails: bool = False, indent: int | None = 2) -> str:
    """The portfolio as JSON text in the import format (see `portfolio_as_dict`)."""
    return json.dumps(portfolio_as_dict(projects, include_people=include_people, include_emails=include_emails),
                      ensure_ascii=False, indent=indent)

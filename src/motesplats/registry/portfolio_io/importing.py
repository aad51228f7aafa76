"""Write a checked portfolio to the database, all or nothing, through the registry's services.

Matching: organisations, people and projects by `key`. Records made by hand (without a key) are adopted
instead of duplicated: an organisation by its name, a person by e-mail (or name within the organisation),
a project by its slug. Fields the file leaves out keep their values; a list the file gives (themes,
partners, contacts, data collected, data needed) replaces the project's list.

New rows go in through the bulk services (`organisation_bulk_create`, `person_bulk_create`,
`project_bulk_create`, in chunks of projects); existing rows change through the update services, and only
where the file differs. The services' announcements are batched: one `registry.signals.projects_changed`
names every project the import wrote, after the commit.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motesplats.registry import services
from motesplats.registry.models import Organisation, Person, Project, Theme
from motesplats.registry.portfolio_io.parsing import (
    Portfolio,
    PortfolioImportError,
    ProjectRecord,
    parse,
)
from motesplats.registry.services import (
    DataNeedData,
    DatasetData,
    ListChanges,
    OrganisationData,
    PersonData,
    ProjectData,
    ProjectLists,
)
from motesplats.registry.signals import batched_announcements

KINDS = ("organisations", "people", "projects", "datasets", "data_needs", "themes")

Progress = Callable[[int, int], None]
_CHUNK = 200  # projects per call of the bulk services, and per step of the progress bar
_BATCH = 50  # projects per transaction (and per step of the progress bar) of a background import


@dataclass
class ImportReport:
    """What an import did, per kind (organisations, people, projects, datasets, data_needs, themes)."""

    source_name: str = ""
    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    removed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    ignored_fields: list[str] = field(default_factory=list)

    @property
    def total_created(self) -> int:
        return sum(self.created.values())

    @property
    def total_updated(self) -> int:
        return sum(self.updated.values())

    def as_dict(self) -> dict[str, Any]:
        return {"source_name": self.source_name, "created": dict(self.created), "updated": dict(self.updated),
                "unchanged": dict(self.unchanged), "removed": dict(self.removed),
                "ignored_fields": list(self.ignored_fields)}

    def lines(self) -> list[str]:
        """One translated line per kind in the file, e.g. 'Projekt: 3 nya, 1 uppdaterad, 30 oförändrade'."""
        labels = {"organisations": _("Organisationer"), "people": _("Personer"), "projects": _("Projekt"),
                  "datasets": _("Insamlad data"), "data_needs": _("Databehov"), "themes": _("Teman")}
        lines = []
        for kind in KINDS:
            parts = []
            if self.created[kind]:
                parts.append(ngettext("%(count)d ny", "%(count)d nya", self.created[kind])
                             % {"count": self.created[kind]})
            if self.updated[kind]:
                parts.append(ngettext("%(count)d uppdaterad", "%(count)d uppdaterade", self.updated[kind])
                             % {"count": self.updated[kind]})
            if self.unchanged[kind]:
                parts.append(ngettext("%(count)d oförändrad", "%(count)d oförändrade", self.unchanged[kind])
                             % {"count": self.unchanged[kind]})
            if self.removed[kind]:
                parts.append(ngettext("%(count)d borttagen", "%(count)d borttagna", self.removed[kind])
                             % {"count": self.removed[kind]})
            if parts:
                lines.append(f"{labels[kind]}: {', '.join(parts)}")
        return lines

    @property
    def changed_anything(self) -> bool:
        return bool(self.total_created or self.total_updated or sum(self.removed.values()))

    def ignored_line(self) -> str:
        """'Okända fält som inte lästes: ...' (the first ten), or '' when every field was read."""
        if not self.ignored_fields:
            return ""
        shown = ", ".join(self.ignored_fields[:10]) + (" …" if len(self.ignored_fields) > 10 else "")
        return _("Okända fält som inte lästes: %(fields)s") % {"fields": shown}

    def __str__(self) -> str:
        return "\n".join([*self.lines(), self.ignored_line()]).strip()


def check_portfolio(data: Any) -> Portfolio:
    """Parse and check the whole file (PortfolioImportError lists every problem); nothing is written."""
    return parse(
        data,
        organisation_exists=lambda keys: set(Organisation.objects.filter(key__in=keys).values_list("key", flat=True)),
        person_exists=lambda keys: set(Person.objects.filter(key__in=keys).values_list("key", flat=True)),
    )


def import_portfolio(data: Any, *, source_name: str = "", progress: Progress | None = None,
                     by: Any = None, in_batches: bool = False) -> ImportReport:
    """Check the whole file, then write it; raise PortfolioImportError if bad.

    By default all of it in one transaction (all or nothing). With `in_batches` (the background import of a
    large file, `portfolio_io.jobs`), in short transactions instead: the organisations and people (with the
    audit entry) in one, then each chunk of projects in its own, so that no transaction holds its rows for the
    whole file. A chunk the services refuse stops the import there; the file's keys make a second run of the
    same file update what the first wrote rather than duplicate it.

    `data` is the parsed JSON (a dict), its text (str or bytes) or an open file. `progress(done, total)`
    is called as projects are written.
    """
    portfolio = check_portfolio(data)
    report = ImportReport(source_name=source_name, ignored_fields=portfolio.ignored)
    writer = _Writer(portfolio, report, progress, in_batches=in_batches)
    try:
        if in_batches:
            with transaction.atomic(), batched_announcements():
                writer.run_first()
                _audit(by, source_name, portfolio)
            writer.run_rest()
        else:
            with transaction.atomic(), batched_announcements():  # one projects_changed for the whole file
                writer.run()
                _audit(by, source_name, portfolio)
    except ValidationError as error:  # what the services still refuse after the file's own checks
        raise PortfolioImportError(list(error.messages)) from error
    return report


def _audit(by: Any, source_name: str, portfolio: Portfolio) -> None:
    from motesplats.audit import services as audit

    audit.record(actor=by, action=audit.Action.IMPORT, target=None,
                 data={"portfolio": source_name, "projects": len(portfolio.projects)})


def _differences(instance: models.Model, values: dict[str, Any]) -> dict[str, Any]:
    """The values that differ from the instance's (related rows compared by id, without loading them)."""
    changes = {}
    for name, value in values.items():
        if isinstance(value, models.Model):
            if getattr(instance, f"{name}_id") != value.pk:
                changes[name] = value
        elif getattr(instance, name) != value:
            changes[name] = value
    return changes


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


class _Writer:
    def __init__(self, portfolio: Portfolio, report: ImportReport, progress: Progress | None, *,
                 in_batches: bool = False) -> None:
        self.portfolio = portfolio
        self.report = report
        self.progress = progress
        self.in_batches = in_batches
        self.orgs: dict[str, Organisation] = {}
        self.people: dict[str, Person] = {}
        self.themes_before = 0

    def count(self, kind: str, *, created: bool, changed: bool) -> None:
        bucket = self.report.created if created else self.report.updated if changed else self.report.unchanged
        bucket[kind] += 1

    def count_list(self, kind: str, changes: ListChanges) -> None:
        self.report.created[kind] += changes.created
        self.report.updated[kind] += changes.updated
        self.report.unchanged[kind] += changes.unchanged
        self.report.removed[kind] += changes.removed

    def run(self) -> None:
        self.run_first()
        self.run_rest()

    def run_first(self) -> None:
        self.themes_before = Theme.objects.count()
        self.write_organisations()
        self.write_people()

    def run_rest(self) -> None:
        self.write_projects()
        self.report.created["themes"] = Theme.objects.count() - self.themes_before

    # --- organisations ----------------------------------------------------------------------------

    def write_organisations(self) -> None:
        records = self.portfolio.organisations
        keys = {r.key for r in records} | {r.org for r in self.portfolio.people} | {r.org for r in
                                                                                  self.portfolio.projects}
        for record in self.portfolio.projects:
            keys.update(record.partners or [])
        self.orgs = {o.key: o for o in Organisation.objects.filter(key__in=keys) if o.key}
        by_name = {o.name.casefold(): o for o in Organisation.objects.filter(name__in=[r.name for r in records])}
        conflicts = []
        for index, record in enumerate(records):
            named = by_name.get(record.name.casefold())
            keyed = self.orgs.get(record.key)
            taken = named is not None and (named.key not in (None, "", record.key)
                                           or (keyed is not None and keyed.pk != named.pk))
            if taken and named is not None:
                conflicts.append(
                    f"organisations[{index}] (key \"{record.key}\"): "
                    + _("namnet \"%(name)s\" används redan av organisationen med nyckel \"%(other)s\"")
                    % {"name": record.name, "other": named.key or "-"})
        if conflicts:
            raise PortfolioImportError(conflicts)
        new = []
        for record in records:
            org = self.orgs.get(record.key) or by_name.get(record.name.casefold())
            if org is None:
                new.append(record)
                continue
            changes = _differences(org, {"key": record.key, "name": record.name, **record.fields})
            if changes:
                services.organisation_update(organisation=org, **changes)
            self.orgs[record.key] = org
            self.count("organisations", created=False, changed=bool(changes))
        created = services.organisation_bulk_create(organisations=[
            OrganisationData(key=record.key, name=record.name, **record.fields) for record in new])
        for record, org in zip(new, created, strict=True):
            self.orgs[record.key] = org
            self.count("organisations", created=True, changed=True)

    # --- people -----------------------------------------------------------------------------------

    def write_people(self) -> None:
        records = self.portfolio.people
        contact_keys = {key for r in self.portfolio.projects for key in (r.contacts or [])}
        self.people = {p.key: p for p in Person.objects.filter(key__in={r.key for r in records} | contact_keys)
                       if p.key}
        unkeyed = list(Person.objects.filter(key__isnull=True).only("id", "email", "name", "organisation_id"))
        by_email = {p.email.casefold(): p for p in unkeyed if p.email}
        by_name = {(p.name.casefold(), p.organisation_id): p for p in unkeyed}
        new = []
        for record in records:
            org = self.orgs[record.org]
            person = self.people.get(record.key)
            if person is None:
                email = record.fields.get("email")
                person = (by_email.pop(email.casefold(), None) if email else None) or by_name.pop(
                    (record.name.casefold(), org.pk), None)
                if person is not None:
                    person = Person.objects.get(pk=person.pk)
            if person is None:
                new.append(record)
                continue
            changes = _differences(person, {"key": record.key, "name": record.name, "organisation": org,
                                            **record.fields})
            if changes:
                services.person_update(person=person, **changes)
            self.people[record.key] = person
            self.count("people", created=False, changed=bool(changes))
        created = services.person_bulk_create(people=[
            PersonData(key=record.key, name=record.name, organisation=self.orgs[record.org], **record.fields)
            for record in new])
        for record, person in zip(new, created, strict=True):
            self.people[record.key] = person
            self.count("people", created=True, changed=True)

    # --- projects ---------------------------------------------------------------------------------

    def write_projects(self) -> None:
        records = self.portfolio.projects
        keys = [r.key for r in records]
        related = ("themes", "partners", "contacts", "datasets", "data_needs")
        existing = {p.key: p for p in Project.objects.filter(key__in=keys).prefetch_related(*related)}
        adoptable = {p.slug: p for p in Project.objects.filter(key__isnull=True, slug__in=keys).prefetch_related(
            *related)}
        done = 0
        size = _BATCH if self.in_batches else _CHUNK
        for start in range(0, len(records), size):
            chunk = records[start:start + size]
            found = [(record, existing.get(record.key) or adoptable.get(record.key)) for record in chunk]
            with transaction.atomic() if self.in_batches else contextlib.nullcontext(), \
                    batched_announcements() if self.in_batches else contextlib.nullcontext():
                self.update_projects([(record, project) for record, project in found if project is not None])
                self.create_projects([record for record, project in found if project is None])
            done += len(chunk)
            if self.progress:
                self.progress(done, len(records))

    def create_projects(self, records: list[ProjectRecord]) -> None:
        """New projects, with their lists, in one call of the bulk service."""
        if not records:
            return
        projects = services.project_bulk_create(projects=[ProjectData(
            key=record.key, title=record.title, owner=self.orgs[record.org], **record.fields,
            themes=record.themes or [],
            partners=[self.orgs[key] for key in record.partners or []],
            contacts=[self.people[key] for key in record.contacts or []],
            datasets=[DatasetData(name=d.name, **d.fields) for d in record.datasets or []],
            needs=[DataNeedData(description=text) for text in record.needs or []],
        ) for record in records])
        self.report.created["projects"] += len(projects)
        self.report.created["datasets"] += sum(len(record.datasets or []) for record in records)
        self.report.created["data_needs"] += sum(len(record.needs or []) for record in records)

    def update_projects(self, pairs: list[tuple[ProjectRecord, Project]]) -> None:
        """Existing projects: change what differs (fields one project at a time, the data lists together),
        count each as updated or unchanged."""
        if not pairs:
            return
        changed = {project.pk: self.update_project(record, project) for record, project in pairs}
        data = services.project_data_bulk_replace(lists=[
            ProjectLists(project, datasets=self.datasets_of(record, project), needs=self.needs_of(record, project))
            for record, project in pairs])
        for _record, project in pairs:
            self.count_list("datasets", data[project.pk].datasets)
            self.count_list("data_needs", data[project.pk].needs)
            self.count("projects", created=False, changed=changed[project.pk] or data[project.pk].changed)

    def update_project(self, record: ProjectRecord, project: Project) -> bool:
        """The project's fields, themes, partners and contacts where the file differs; True if any did."""
        owner = self.orgs[record.org]
        changes = _differences(project, {"key": record.key, "title": record.title, "owner": owner,
                                         **record.fields})
        if record.themes is not None and ({_fold(t.name) for t in project.themes.all()}
                                          != {_fold(name) for name in record.themes}):
            changes["themes"] = record.themes
        if record.partners is not None:
            partners = [self.orgs[key] for key in record.partners if self.orgs[key].pk != owner.pk]
            if {p.pk for p in project.partners.all()} != {p.pk for p in partners}:
                changes["partners"] = partners
        if record.contacts is not None:
            contacts = [self.people[key] for key in record.contacts]
            if {p.pk for p in project.contacts.all()} != {p.pk for p in contacts}:
                changes["contacts"] = contacts
        if changes:
            services.project_update(project=project, **changes)
        return bool(changes)

    @staticmethod
    def datasets_of(record: ProjectRecord, project: Project) -> list[DatasetData] | None:
        """The file's list, matched to the project's datasets by name; fields the file leaves out are kept."""
        if record.datasets is None:
            return None
        current = {_fold(d.name): d for d in project.datasets.all()}
        rows = []
        for entry in record.datasets:
            dataset = current.pop(_fold(entry.name), None)
            kept = {} if dataset is None else {name: getattr(dataset, name) for name in
                                               ("description", "format", "update_frequency", "openness")}
            rows.append(DatasetData(**{**kept, "name": entry.name, **entry.fields},
                                    id=None if dataset is None else dataset.pk))
        return rows

    @staticmethod
    def needs_of(record: ProjectRecord, project: Project) -> list[DataNeedData] | None:
        """The file's list, matched to the project's needs by their text (case and spacing aside)."""
        if record.needs is None:
            return None
        current = {_fold(n.description): n for n in project.data_needs.all()}
        rows = []
        for text in record.needs:
            need = current.pop(_fold(text), None)
            rows.append(DataNeedData(description=text, id=None if need is None else need.pk))
        return rows

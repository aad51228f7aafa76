"""Write a checked portfolio to the database, all or nothing.

Matching: organisations, people and projects by `key`. Records made by hand (without a key) are adopted
instead of duplicated: an organisation by its name, a person by e-mail (or name within the organisation),
a project by its slug. Fields the file leaves out keep their values; a list the file gives (themes,
partners, contacts, data collected, data needed) replaces the project's list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motesplats.common.slugs import first_free, slug_base, unique_slug
from motesplats.registry.models import DataNeed, Dataset, Organisation, Person, Project, ProjectStatus, Theme
from motesplats.registry.portfolio_io.parsing import (
    DatasetRecord,
    Portfolio,
    PortfolioImportError,
    ProjectRecord,
    parse,
)

KINDS = ("organisations", "people", "projects", "datasets", "data_needs", "themes")

Progress = Callable[[int, int], None]
_CHUNK = 200  # projects per bulk insert


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


def import_portfolio(data: Any, *, source_name: str = "", progress: Progress | None = None) -> ImportReport:
    """Check the whole file, then write all of it in one transaction; raise PortfolioImportError if bad.

    `data` is the parsed JSON (a dict), its text (str or bytes) or an open file. `progress(done, total)`
    is called as projects are written.
    """
    portfolio = parse(
        data,
        organisation_exists=lambda keys: set(Organisation.objects.filter(key__in=keys).values_list("key", flat=True)),
        person_exists=lambda keys: set(Person.objects.filter(key__in=keys).values_list("key", flat=True)),
    )
    report = ImportReport(source_name=source_name, ignored_fields=portfolio.ignored)
    with transaction.atomic():
        _Writer(portfolio, report, progress).run()
    return report


def _changed(instance: Any, values: dict[str, Any]) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


class _Writer:
    def __init__(self, portfolio: Portfolio, report: ImportReport, progress: Progress | None) -> None:
        self.portfolio = portfolio
        self.report = report
        self.progress = progress
        self.orgs: dict[str, Organisation] = {}
        self.people: dict[str, Person] = {}
        self.themes: dict[str, Theme] = {}
        self.taken_slugs: set[str] | None = None

    def count(self, kind: str, *, created: bool, changed: bool) -> None:
        bucket = self.report.created if created else self.report.updated if changed else self.report.unchanged
        bucket[kind] += 1

    def run(self) -> None:
        self.write_organisations()
        self.write_people()
        self.write_projects()

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
        for record in records:
            org = self.orgs.get(record.key) or by_name.get(record.name.casefold())
            created = org is None
            if org is None:
                org = Organisation(key=record.key, name=record.name, **record.fields)
                org.slug = unique_slug(Organisation, record.name)
                org.save()
                changed = True
            else:
                changed = _changed(org, {"key": record.key, "name": record.name, **record.fields})
                if changed:
                    org.save()
            self.orgs[record.key] = org
            self.count("organisations", created=created, changed=changed)

    # --- people -----------------------------------------------------------------------------------

    def write_people(self) -> None:
        records = self.portfolio.people
        contact_keys = {key for r in self.portfolio.projects for key in (r.contacts or [])}
        self.people = {p.key: p for p in Person.objects.filter(key__in={r.key for r in records} | contact_keys)
                       if p.key}
        unkeyed = list(Person.objects.filter(key__isnull=True).only("id", "email", "name", "organisation_id"))
        by_email = {p.email.casefold(): p for p in unkeyed if p.email}
        by_name = {(p.name.casefold(), p.organisation_id): p for p in unkeyed}
        for record in records:
            org = self.orgs[record.org]
            person = self.people.get(record.key)
            if person is None:
                email = record.fields.get("email")
                person = (by_email.pop(email.casefold(), None) if email else None) or by_name.pop(
                    (record.name.casefold(), org.pk), None)
                if person is not None:
                    person = Person.objects.get(pk=person.pk)
            created = person is None
            values = {"key": record.key, "name": record.name, "organisation": org, **record.fields}
            if person is None:
                person = Person(**values)
                person.save()
                changed = True
            else:
                changed = _changed(person, values)
                if changed:
                    person.save()
            self.people[record.key] = person
            self.count("people", created=created, changed=changed)

    # --- projects ---------------------------------------------------------------------------------

    def theme(self, name: str) -> Theme:
        folded = name.casefold()
        if folded not in self.themes:
            theme = next((t for t in Theme.objects.filter(name__iexact=name) if t.name.casefold() == folded), None)
            if theme is None:
                theme = next((t for t in Theme.objects.filter(slug=slug_base(name, max_length=94))
                              if t.name.casefold() == folded), None)
            if theme is None:
                theme = Theme.objects.create(name=name, slug=unique_slug(Theme, name))
                self.report.created["themes"] += 1
            self.themes[folded] = theme
        return self.themes[folded]

    def write_projects(self) -> None:
        records = self.portfolio.projects
        keys = [r.key for r in records]
        related = ("themes", "partners", "contacts", "datasets", "data_needs")
        existing = {p.key: p for p in Project.objects.filter(key__in=keys).prefetch_related(*related)}
        adoptable = {p.slug: p for p in Project.objects.filter(key__isnull=True, slug__in=keys).prefetch_related(
            *related)}
        done = 0
        for start in range(0, len(records), _CHUNK):
            new: list[ProjectRecord] = []
            for record in records[start:start + _CHUNK]:
                project = existing.get(record.key) or adoptable.get(record.key)
                if project is None:
                    new.append(record)
                    continue
                self.write_project(record, project)
                done += 1
                if self.progress:
                    self.progress(done, len(records))
            if new:
                self.create_projects(new)
                done += len(new)
                if self.progress:
                    self.progress(done, len(records))

    def free_slug(self, title: str) -> str:
        if self.taken_slugs is None:
            self.taken_slugs = set(Project.objects.values_list("slug", flat=True))
        max_length = Project._meta.get_field("slug").max_length or 50
        slug = first_free(slug_base(title, max_length=max_length - 6), self.taken_slugs)
        self.taken_slugs.add(slug)
        return slug

    def create_projects(self, records: list[ProjectRecord]) -> None:
        """New projects in a few bulk inserts; then a post_save per project, as if each had been saved."""
        projects = []
        for record in records:
            project = Project(key=record.key, title=record.title, owner=self.orgs[record.org], **record.fields)
            project.status = project.status or ProjectStatus.PAGAENDE
            project.slug = self.free_slug(record.title)
            projects.append(project)
        Project.objects.bulk_create(projects)
        if any(p.pk is None for p in projects):  # databases that do not return ids from a bulk insert
            ids = dict(Project.objects.filter(key__in=[p.key for p in projects]).values_list("key", "pk"))
            for project in projects:
                project.pk = ids[project.key]
        links: dict[str, list[Any]] = {"themes": [], "partners": [], "contacts": []}
        datasets: list[Dataset] = []
        needs: list[DataNeed] = []
        for record, project in zip(records, projects, strict=True):
            links["themes"] += [(project.pk, self.theme(name).pk) for name in record.themes or []]
            links["partners"] += [(project.pk, self.orgs[key].pk) for key in record.partners or []
                                  if self.orgs[key].pk != project.owner_id]
            links["contacts"] += [(project.pk, self.people[key].pk) for key in record.contacts or []]
            datasets += [Dataset(project=project, name=d.name, **d.fields) for d in record.datasets or []]
            needs += [DataNeed(project=project, description=text) for text in record.needs or []]
        for name, pairs in links.items():
            field = Project._meta.get_field(name)
            through = field.remote_field.through  # type: ignore[union-attr]
            source, target = field.m2m_column_name(), field.m2m_reverse_name()  # type: ignore[union-attr]
            through.objects.bulk_create([through(**{source: a, target: b}) for a, b in dict.fromkeys(pairs)])
        Dataset.objects.bulk_create(datasets)
        DataNeed.objects.bulk_create(needs)
        self.report.created["projects"] += len(projects)
        self.report.created["datasets"] += len(datasets)
        self.report.created["data_needs"] += len(needs)
        using = Project.objects.db
        for project in projects:
            post_save.send(sender=Project, instance=project, created=True, update_fields=None, raw=False,
                           using=using)

    def write_project(self, record: ProjectRecord, project: Project) -> None:
        """An existing project: change what differs, count it as updated or unchanged."""
        owner = self.orgs[record.org]
        changed = _changed(project, {"key": record.key, "title": record.title, "owner": owner, **record.fields})
        if changed:
            project.save()
        if record.themes is not None:
            changed |= _set_m2m(project, "themes", [self.theme(name) for name in record.themes])
        if record.partners is not None:
            partners = [self.orgs[key] for key in record.partners if self.orgs[key].pk != owner.pk]
            changed |= _set_m2m(project, "partners", partners)
        if record.contacts is not None:
            changed |= _set_m2m(project, "contacts", [self.people[key] for key in record.contacts])
        if record.datasets is not None:
            changed |= self.write_datasets(project, record.datasets)
        if record.needs is not None:
            changed |= self.write_needs(project, record.needs)
        self.count("projects", created=False, changed=changed)

    def write_datasets(self, project: Project, records: list[DatasetRecord]) -> bool:
        current = {d.name.casefold(): d for d in project.datasets.all()}
        changed = False
        for record in records:
            dataset = current.pop(record.name.casefold(), None)
            if dataset is None:
                Dataset.objects.create(project=project, name=record.name, **record.fields)
                self.report.created["datasets"] += 1
                changed = True
            elif _changed(dataset, {"name": record.name, **record.fields}):
                dataset.save()
                self.report.updated["datasets"] += 1
                changed = True
            else:
                self.report.unchanged["datasets"] += 1
        if current:
            Dataset.objects.filter(pk__in=[d.pk for d in current.values()]).delete()
            self.report.removed["datasets"] += len(current)
            changed = True
        return changed

    def write_needs(self, project: Project, texts: list[str]) -> bool:
        current = {" ".join(n.description.split()).casefold(): n for n in project.data_needs.all()}
        changed = False
        for text in texts:
            need = current.pop(" ".join(text.split()).casefold(), None)
            if need is None:
                DataNeed.objects.create(project=project, description=text)
                self.report.created["data_needs"] += 1
                changed = True
            elif need.description != text:
                need.description = text
                need.save(update_fields=["description", "updated"])
                self.report.updated["data_needs"] += 1
                changed = True
            else:
                self.report.unchanged["data_needs"] += 1
        if current:
            DataNeed.objects.filter(pk__in=[n.pk for n in current.values()]).delete()
            self.report.removed["data_needs"] += len(current)
            changed = True
        return changed


def _set_m2m(project: Project, name: str, objects: list[Any]) -> bool:
    manager = getattr(project, name)
    if {o.pk for o in manager.all()} == {o.pk for o in objects}:
        return False
    manager.set(objects)
    return True

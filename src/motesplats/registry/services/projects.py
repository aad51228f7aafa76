"""Projects: created one at a time (pages, API) or thousands at once (the portfolio import), by one path."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motesplats.common import permissions
from motesplats.common.slugs import unique_slugs
from motesplats.registry.models import DataNeed, Dataset, Organisation, Person, Project, ProjectStatus
from motesplats.registry.signals import announce_projects_changed, batched_announcements

from .project_data import DataNeedData, DatasetData, project_data_replace
from .rows import RowErrors
from .rows import link as link_rows
from .tags import parse_tags
from .themes import themes_get_or_create


@dataclass(frozen=True)
class ProjectData:
    """A new project with everything that belongs to it."""

    title: str
    owner: Organisation
    summary: str = ""
    description: str = ""
    status: str = ProjectStatus.PAGAENDE
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    link: str = ""
    is_public: bool = True
    key: str | None = None  # a stable key for imports
    themes: Sequence[str] = ()  # names; a theme is created the first time its name is used
    partners: Sequence[Organisation] = ()  # the owner among them is left out
    contacts: Sequence[Person] = ()
    datasets: Sequence[DatasetData] = field(default=())
    needs: Sequence[DataNeedData] = field(default=())


def _dates_error(start: dt.date | None, end: dt.date | None) -> ValidationError | None:
    if start and end and end < start:
        return ValidationError({"end_date": _("Slutdatum kan inte vara före startdatum.")})
    return None


@transaction.atomic
def project_bulk_create(*, projects: Sequence[ProjectData]) -> list[Project]:
    """New projects with their themes, partners, contacts, datasets and needs.

    Every row is checked first (ValidationError names each bad row) and nothing is written unless all are
    good. The queries do not grow with the number of rows (inserts in batches). After the commit,
    `projects_changed` names the new projects.
    """
    rows = list(projects)
    if not rows:
        return []
    titles = [row.title.strip() for row in rows]
    objects = [Project(key=row.key or None, title=title, slug=slug, owner=row.owner, summary=row.summary,
                       description=row.description, status=row.status or ProjectStatus.PAGAENDE,
                       start_date=row.start_date, end_date=row.end_date, link=row.link, is_public=row.is_public)
               for row, title, slug in zip(rows, titles, unique_slugs(Project, titles), strict=True)]
    datasets = [[Dataset(project=project, **data.fields()) for data in row.datasets]
                for row, project in zip(rows, objects, strict=True)]
    needs = [[DataNeed(project=project, description=data.description.strip()) for data in row.needs]
             for row, project in zip(rows, objects, strict=True)]
    errors = RowErrors(len(rows))
    for index, (row, project) in enumerate(zip(rows, objects, strict=True)):
        errors.clean(index, project, exclude=["owner"])
        if row.owner is None or row.owner.pk is None:
            errors.add(index, ValidationError({"owner": _("Välj en organisation.")}))
        dates = _dates_error(row.start_date, row.end_date)
        if dates is not None:
            errors.add(index, dates)
        for part in [*datasets[index], *needs[index]]:
            errors.clean(index, part, exclude=["project"])
    errors.unique(Project, "key", [project.key for project in objects])
    errors.raise_if_any()

    Project.objects.bulk_create(objects)
    tags = [parse_tags(list(row.themes)) for row in rows]
    themes = {t.name.casefold(): t for t in themes_get_or_create(names=[name for names in tags for name in names])}
    link_rows(Project, "themes", [(project.pk, themes[name.casefold()].pk)
                                  for names, project in zip(tags, objects, strict=True) for name in names])
    link_rows(Project, "partners", [(project.pk, partner.pk) for row, project in zip(rows, objects, strict=True)
                                    for partner in row.partners if partner.pk != project.owner_id])
    link_rows(Project, "contacts", [(project.pk, person.pk) for row, project in zip(rows, objects, strict=True)
                                    for person in row.contacts])
    Dataset.objects.bulk_create([dataset for group in datasets for dataset in group])
    DataNeed.objects.bulk_create([need for group in needs for need in group])
    announce_projects_changed(project.pk for project in objects)
    return objects


def project_create(
    *,
    title: str,
    owner: Organisation,
    summary: str = "",
    description: str = "",
    status: str = ProjectStatus.PAGAENDE,
    themes: Sequence[str] = (),
    partners: Iterable[Organisation] = (),
    contacts: Iterable[Person] = (),
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    link: str = "",
    is_public: bool = True,
    key: str | None = None,
    datasets: Sequence[DatasetData] = (),
    needs: Sequence[DataNeedData] = (),
    by: Any = None,
) -> Project:
    """One new project (see `project_bulk_create`). When a member creates it (`by`), they become one of its
    contacts, so they can edit it."""
    contacts = list(contacts)
    creator = permissions.person_of(by)
    if creator is not None and not permissions.is_organiser(by) and creator not in contacts:
        contacts.append(creator)
    return project_bulk_create(projects=[ProjectData(
        title=title, owner=owner, summary=summary, description=description, status=status, themes=list(themes),
        partners=list(partners), contacts=contacts, start_date=start_date, end_date=end_date, link=link,
        is_public=is_public, key=key, datasets=datasets, needs=needs)])[0]


_FIELDS = frozenset({"title", "summary", "description", "status", "owner", "start_date", "end_date", "link",
                     "is_public", "key"})


@transaction.atomic
def project_update(*, project: Project, themes: Sequence[str] | None = None,
                   partners: Iterable[Organisation] | None = None, contacts: Iterable[Person] | None = None,
                   datasets: Sequence[DatasetData] | None = None, needs: Sequence[DataNeedData] | None = None,
                   **changes: Any) -> Project:
    """Change the given fields and, when given, the themes, partners, contacts, datasets and needs (a list
    given replaces the project's list: see `project_data_replace`).

    The slug stays as it was, so that links to the project keep working after a new title.
    """
    unknown = set(changes) - _FIELDS
    if unknown:
        raise TypeError(f"project_update() got unexpected fields: {sorted(unknown)}")
    with batched_announcements():  # one announcement, with the lists' changes
        for name, value in changes.items():
            setattr(project, name, value.strip() if name == "title" else value)
        project.key = project.key or None
        dates = _dates_error(project.start_date, project.end_date)
        if dates is not None:
            raise dates
        project.full_clean()
        project.save()
        if themes is not None:
            project.themes.set(themes_get_or_create(names=themes))
        if partners is not None:
            project.partners.set([p for p in partners if p.pk != project.owner_id])
        if contacts is not None:
            project.contacts.set(list(contacts))
        if datasets is not None or needs is not None:
            project_data_replace(project=project, datasets=datasets, needs=needs)
        announce_projects_changed([project.pk])
    return project


@transaction.atomic
def project_delete(*, project: Project) -> None:
    pk = project.pk
    project.delete()
    announce_projects_changed([pk])

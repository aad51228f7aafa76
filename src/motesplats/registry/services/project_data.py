"""What a project collects (datasets) and needs (data needs): one row at a time, or the whole list at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motesplats.registry.models import DataNeed, Dataset, Openness, Project
from motesplats.registry.signals import announce_projects_changed

from .rows import CHUNK, RowErrors

_DATASET_FIELDS = ("name", "description", "format", "update_frequency", "openness")


@dataclass(frozen=True)
class DatasetData:
    name: str
    description: str = ""
    format: str = ""
    update_frequency: str = ""
    openness: str = Openness.DELBAR
    id: int | None = None  # an existing dataset of the project (to change it), or None for a new one

    def fields(self) -> dict[str, Any]:
        """The model's fields (without `id`), the name trimmed."""
        return {"name": self.name.strip(), "description": self.description, "format": self.format,
                "update_frequency": self.update_frequency, "openness": self.openness}


@dataclass(frozen=True)
class DataNeedData:
    description: str
    id: int | None = None  # an existing need of the project (to change it), or None for a new one


@dataclass
class ListChanges:
    """What replacing a list did: rows created, changed, left as they were and removed."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)


@dataclass
class DataChanges:
    datasets: ListChanges
    needs: ListChanges

    @property
    def changed(self) -> bool:
        return self.datasets.changed or self.needs.changed


@dataclass(frozen=True)
class ProjectLists:
    """The lists one project should have; a list left as None is not touched."""

    project: Project
    datasets: Sequence[DatasetData] | None = None
    needs: Sequence[DataNeedData] | None = None


class _ListWriter:
    """Plans the changes of one kind of row for many projects, then writes them with a few queries."""

    def __init__(self, model: type[Dataset] | type[DataNeed], related_name: str, fields: Sequence[str]) -> None:
        self.model, self.related_name, self.fields = model, related_name, list(fields)
        self.changed: list[Any] = []
        self.new: list[Any] = []
        self.removed: list[int] = []

    def current(self, projects: Sequence[Project]) -> dict[int, dict[int, Any]]:
        """Each project's rows: what the caller prefetched, the others in one query per CHUNK projects."""
        rows: dict[int, dict[int, Any]] = {project.pk: {} for project in projects}
        missing = []
        for project in projects:
            if self.related_name in getattr(project, "_prefetched_objects_cache", {}):
                rows[project.pk] = {row.pk: row for row in getattr(project, self.related_name).all()}
            else:
                missing.append(project.pk)
        for start in range(0, len(missing), CHUNK):
            for row in self.model.objects.filter(project_id__in=missing[start:start + CHUNK]):
                rows[row.project_id][row.pk] = row
        return rows

    def plan(self, project: Project, current: dict[int, Any],
             rows: Sequence[tuple[int | None, dict[str, Any]]]) -> ListChanges:
        """The project's rows become `rows` ((id or None, values)): which to change, create and remove."""
        changes = ListChanges()
        if {pk for pk, _values in rows if pk is not None} - set(current):
            raise ValidationError(_("Raden hör inte till projektet."))
        kept: set[int] = set()
        for pk, values in rows:
            if pk is None:
                row = self.model(project=project, **values)
                row.full_clean(exclude=["project"], validate_unique=False)
                self.new.append(row)
                changes.created += 1
                continue
            row = current[pk]
            kept.add(pk)
            if all(getattr(row, name) == value for name, value in values.items()):
                changes.unchanged += 1
                continue
            for name, value in values.items():
                setattr(row, name, value)
            row.full_clean(exclude=["project"], validate_unique=False)
            self.changed.append(row)
            changes.updated += 1
        removed = [pk for pk in current if pk not in kept]
        self.removed += removed
        changes.removed = len(removed)
        return changes

    def write(self) -> None:
        now = timezone.now()
        for row in self.changed:
            row.updated = now  # what auto_now does in save(); bulk_update skips it
        self.model.objects.bulk_update(self.changed, [*self.fields, "updated"], batch_size=CHUNK)
        self.model.objects.bulk_create(self.new, batch_size=CHUNK)
        for start in range(0, len(self.removed), CHUNK):
            self.model.objects.filter(pk__in=self.removed[start:start + CHUNK]).delete()


@transaction.atomic
def project_data_bulk_replace(*, lists: Sequence[ProjectLists]) -> dict[int, DataChanges]:
    """Make each project's datasets and needs exactly the lists given (a list not given stays as it is).

    An entry with an `id` changes that row (it must be the project's); one without is new; the project's rows
    not in the list are removed. Rows whose values are already so are left alone (and counted unchanged).
    Everything is checked before anything is written (ValidationError names each bad project); the writes
    take a fixed number of queries for any number of projects. Returns the changes by project id.
    """
    items = list(lists)
    writers = {"datasets": _ListWriter(Dataset, "datasets", _DATASET_FIELDS),
               "needs": _ListWriter(DataNeed, "data_needs", ["description"])}
    current = {name: writer.current([item.project for item in items if getattr(item, name) is not None])
               for name, writer in writers.items()}
    result: dict[int, DataChanges] = {}
    errors = RowErrors(len(items))
    for index, item in enumerate(items):
        changes = DataChanges(ListChanges(), ListChanges())
        try:
            if item.datasets is not None:
                changes.datasets = writers["datasets"].plan(item.project, current["datasets"][item.project.pk],
                                                            [(d.id, d.fields()) for d in item.datasets])
            if item.needs is not None:
                changes.needs = writers["needs"].plan(item.project, current["needs"][item.project.pk],
                                                      [(n.id, {"description": n.description.strip()})
                                                       for n in item.needs])
        except ValidationError as error:
            errors.add(index, error)
        result[item.project.pk] = changes
    errors.raise_if_any()
    for writer in writers.values():
        writer.write()
    for item in items:
        changes = result[item.project.pk]
        prefetched = getattr(item.project, "_prefetched_objects_cache", {})
        for name, changed in (("datasets", changes.datasets.changed), ("data_needs", changes.needs.changed)):
            if changed:
                prefetched.pop(name, None)
    announce_projects_changed(pk for pk, changes in result.items() if changes.changed)
    return result


def project_data_replace(*, project: Project, datasets: Sequence[DatasetData] | None = None,
                         needs: Sequence[DataNeedData] | None = None) -> DataChanges:
    """One project's lists (see `project_data_bulk_replace`)."""
    return project_data_bulk_replace(lists=[ProjectLists(project, datasets, needs)])[project.pk]


# --- one row at a time (the API) ------------------------------------------------------------------


@transaction.atomic
def _save(row: Dataset | DataNeed) -> None:
    row.full_clean()
    row.save()
    announce_projects_changed([row.project_id])


@transaction.atomic
def _delete(row: Dataset | DataNeed) -> None:
    project_id = row.project_id
    row.delete()
    announce_projects_changed([project_id])


def dataset_create(*, project: Project, name: str, description: str = "", format: str = "",  # noqa: A002
                   update_frequency: str = "", openness: str = Openness.DELBAR) -> Dataset:
    dataset = Dataset(project=project, **DatasetData(name=name, description=description, format=format,
                                                     update_frequency=update_frequency, openness=openness).fields())
    _save(dataset)
    return dataset


def dataset_update(*, dataset: Dataset, **changes: Any) -> Dataset:
    if set(changes) - set(_DATASET_FIELDS):
        raise TypeError(f"dataset_update() got unexpected fields: {sorted(set(changes) - set(_DATASET_FIELDS))}")
    for name, value in changes.items():
        setattr(dataset, name, value)
    _save(dataset)
    return dataset


def dataset_delete(*, dataset: Dataset) -> None:
    _delete(dataset)


def data_need_create(*, project: Project, description: str) -> DataNeed:
    need = DataNeed(project=project, description=description.strip())
    _save(need)
    return need


def data_need_update(*, need: DataNeed, description: str) -> DataNeed:
    need.description = description.strip()
    _save(need)
    return need


def data_need_delete(*, need: DataNeed) -> None:
    _delete(need)

"""What a project collects (datasets) and needs (data needs): one row at a time, or the whole list at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motesplats.registry.models import DataNeed, Dataset, Openness, Project
from motesplats.registry.signals import announce_projects_changed

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
        values = {name: value for name, value in asdict(self).items() if name in _DATASET_FIELDS}
        values["name"] = values["name"].strip()
        return values


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


def _replace(project: Project, model: type[Dataset] | type[DataNeed], current: dict[int, Any],
             rows: Sequence[tuple[int | None, dict[str, Any]]]) -> ListChanges:
    """Make the project's rows of `model` be `rows` ((id or None, values)): change, create, remove."""
    changes = ListChanges()
    unknown = {pk for pk, _values in rows if pk is not None} - set(current)
    if unknown:
        raise ValidationError(_("Raden hör inte till projektet."))
    kept: set[int] = set()
    changed: list[Any] = []
    new: list[Any] = []
    for pk, values in rows:
        if pk is None:
            new.append(model(project=project, **values))
            continue
        row = current[pk]
        kept.add(pk)
        if all(getattr(row, name) == value for name, value in values.items()):
            changes.unchanged += 1
            continue
        for name, value in values.items():
            setattr(row, name, value)
        changed.append(row)
    for row in [*changed, *new]:
        row.full_clean(exclude=["project"], validate_unique=False)
    for row in changed:
        row.save()
    model.objects.bulk_create(new)
    removed = set(current) - kept
    if removed:
        model.objects.filter(pk__in=removed).delete()
    changes.created, changes.updated, changes.removed = len(new), len(changed), len(removed)
    return changes


@transaction.atomic
def project_data_replace(*, project: Project, datasets: Sequence[DatasetData] | None = None,
                         needs: Sequence[DataNeedData] | None = None) -> DataChanges:
    """Make the project's datasets and needs exactly the lists given (a list not given stays as it is).

    An entry with an `id` changes that row (it must be the project's); one without is new; the project's rows
    not in the list are removed. Rows whose values are already so are left alone (and counted unchanged).
    """
    changes = DataChanges(ListChanges(), ListChanges())
    # project.datasets.all() and .data_needs.all() use what the caller prefetched (the import does)
    if datasets is not None:
        changes.datasets = _replace(project, Dataset, {d.pk: d for d in project.datasets.all()},
                                    [(d.id, d.fields()) for d in datasets])
    if needs is not None:
        changes.needs = _replace(project, DataNeed, {n.pk: n for n in project.data_needs.all()},
                                 [(n.id, {"description": n.description.strip()}) for n in needs])
    prefetched = getattr(project, "_prefetched_objects_cache", {})
    for name, changed in (("datasets", changes.datasets.changed), ("data_needs", changes.needs.changed)):
        if changed:
            prefetched.pop(name, None)
    if changes.changed:
        announce_projects_changed([project.pk])
    return changes


@transaction.atomic
def dataset_create(*, project: Project, name: str, description: str = "", format: str = "",  # noqa: A002
                   update_frequency: str = "", openness: str = Openness.DELBAR) -> Dataset:
    dataset = Dataset(project=project, **DatasetData(name=name, description=description, format=format,
                                                     update_frequency=update_frequency, openness=openness).fields())
    dataset.full_clean()
    dataset.save()
    announce_projects_changed([project.pk])
    return dataset


@transaction.atomic
def dataset_update(*, dataset: Dataset, **changes: Any) -> Dataset:
    if set(changes) - set(_DATASET_FIELDS):
        raise TypeError(f"dataset_update() got unexpected fields: {sorted(set(changes) - set(_DATASET_FIELDS))}")
    for name, value in changes.items():
        setattr(dataset, name, value)
    dataset.full_clean()
    dataset.save()
    announce_projects_changed([dataset.project_id])
    return dataset


@transaction.atomic
def dataset_delete(*, dataset: Dataset) -> None:
    project_id = dataset.project_id
    dataset.delete()
    announce_projects_changed([project_id])


@transaction.atomic
def data_need_create(*, project: Project, description: str) -> DataNeed:
    need = DataNeed(project=project, description=description.strip())
    need.full_clean()
    need.save()
    announce_projects_changed([project.pk])
    return need


@transaction.atomic
def data_need_update(*, need: DataNeed, description: str) -> DataNeed:
    need.description = description.strip()
    need.full_clean()
    need.save()
    announce_projects_changed([need.project_id])
    return need


@transaction.atomic
def data_need_delete(*, need: DataNeed) -> None:
    project_id = need.project_id
    need.delete()
    announce_projects_changed([project_id])

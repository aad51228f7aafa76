"""Organisations: the departments, companies and others that own and join projects."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from motesplats.common.slugs import unique_slugs
from motesplats.registry.models import Organisation, OrganisationKind

from .rows import RowErrors


@dataclass(frozen=True)
class OrganisationData:
    name: str
    kind: str = OrganisationKind.ANNAN
    description: str = ""
    website: str = ""
    key: str | None = None  # a stable key for imports


@transaction.atomic
def organisation_bulk_create(*, organisations: Sequence[OrganisationData]) -> list[Organisation]:
    """New organisations, checked together (ValidationError names each bad row) and inserted together."""
    rows = list(organisations)
    names = [row.name.strip() for row in rows]
    objects = [Organisation(name=name, slug=slug, kind=row.kind, description=row.description,
                            website=row.website, key=row.key or None)
               for row, name, slug in zip(rows, names, unique_slugs(Organisation, names), strict=True)]
    errors = RowErrors(len(rows))
    for index, organisation in enumerate(objects):
        errors.clean(index, organisation)
    errors.unique(Organisation, "name", names)
    errors.unique(Organisation, "key", [o.key for o in objects])
    errors.raise_if_any()
    return Organisation.objects.bulk_create(objects)


def organisation_create(*, name: str, kind: str = OrganisationKind.ANNAN, description: str = "",
                        website: str = "", key: str | None = None) -> Organisation:
    return organisation_bulk_create(organisations=[
        OrganisationData(name=name, kind=kind, description=description, website=website, key=key)])[0]


_FIELDS = frozenset({"name", "kind", "description", "website", "key"})


@transaction.atomic
def organisation_update(*, organisation: Organisation, **changes: Any) -> Organisation:
    """Change the given fields (name, kind, description, website, key); the slug stays, so links keep working."""
    if set(changes) - _FIELDS:
        raise TypeError(f"organisation_update() got unexpected fields: {sorted(set(changes) - _FIELDS)}")
    for name, value in changes.items():
        setattr(organisation, name, value.strip() if name == "name" else value)
    organisation.key = organisation.key or None
    organisation.full_clean()
    organisation.save()
    return organisation

"""Writes to the registry by people through pages and the API: projects, their data, people, organisations.

(Imports and exports of whole portfolios live in `portfolio_io`.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motesplats.common import permissions
from motesplats.common.slugs import slug_base, unique_slug
from motesplats.registry.models import (
    DataNeed,
    Dataset,
    Organisation,
    Person,
    Project,
    ProjectStatus,
    Theme,
)


def parse_tags(text: str | Iterable[str]) -> list[str]:
    """'luft, IoT,  luft ' -> ['luft', 'IoT']: trimmed, without repeats (case-insensitively), order kept."""
    parts = text.split(",") if isinstance(text, str) else list(text)
    seen: set[str] = set()
    tags: list[str] = []
    for part in parts:
        tag = " ".join(str(part).split())[:80]
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags


def themes_get_or_create(*, names: Iterable[str]) -> list[Theme]:
    """The themes with these names (matched case-insensitively), created where missing."""
    themes: list[Theme] = []
    for name in parse_tags(list(names)):
        existing = next((t for t in Theme.objects.filter(name__iexact=name) if t.name.casefold() == name.casefold()),
                        None)
        if existing is None:
            existing = next((t for t in Theme.objects.filter(slug=slug_base(name, max_length=94))
                             if t.name.casefold() == name.casefold()), None)
        if existing is None:
            existing = Theme.objects.create(name=name, slug=unique_slug(Theme, name))
        themes.append(existing)
    return themes


def _validate_dates(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        raise ValidationError({"end_date": _("Slutdatum kan inte vara före startdatum.")})


# --- projects -------------------------------------------------------------------------------------


_PROJECT_FIELDS = ("title", "summary", "description", "status", "owner", "start_date", "end_date", "link",
                   "is_public")


@transaction.atomic
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
    by: Any = None,
) -> Project:
    """A new project. When a member creates it (`by`), they become one of its contacts, so they can edit it."""
    _validate_dates(start_date, end_date)
    project = Project(title=title.strip(), owner=owner, summary=summary, description=description, status=status,
                      start_date=start_date, end_date=end_date, link=link, is_public=is_public, key=key or None)
    project.slug = unique_slug(Project, project.title)
    project.full_clean()
    project.save()
    project.themes.set(themes_get_or_create(names=themes))
    project.partners.set([p for p in partners if p.pk != owner.pk])
    creator = permissions.person_of(by)
    contacts = list(contacts)
    if creator is not None and not permissions.is_organiser(by) and creator not in contacts:
        contacts.append(creator)
    project.contacts.set(contacts)
    return project


@transaction.atomic
def project_update(*, project: Project, themes: Sequence[str] | None = None,
                   partners: Iterable[Organisation] | None = None, contacts: Iterable[Person] | None = None,
                   **changes: Any) -> Project:
    """Change the given fields (and, when given, themes, partners and contacts).

    The slug stays as it was, so that links to the project keep working after a new title.
    """
    unknown = set(changes) - set(_PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"project_update() got unexpected fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(project, name, value.strip() if name == "title" else value)
    _validate_dates(project.start_date, project.end_date)
    project.full_clean()
    project.save()
    if themes is not None:
        project.themes.set(themes_get_or_create(names=themes))
    if partners is not None:
        project.partners.set([p for p in partners if p.pk != project.owner_id])
    if contacts is not None:
        project.contacts.set(list(contacts))
    return project


@transaction.atomic
def project_delete(*, project: Project) -> None:
    project.delete()


# --- what a project collects and needs ------------------------------------------------------------


@transaction.atomic
def dataset_create(*, project: Project, name: str, description: str = "", format: str = "",  # noqa: A002
                   update_frequency: str = "", openness: str = "delbar") -> Dataset:
    dataset = Dataset(project=project, name=name.strip(), description=description, format=format,
                      update_frequency=update_frequency, openness=openness)
    dataset.full_clean()
    dataset.save()
    return dataset


@transaction.atomic
def dataset_update(*, dataset: Dataset, **changes: Any) -> Dataset:
    allowed = {"name", "description", "format", "update_frequency", "openness"}
    if set(changes) - allowed:
        raise TypeError(f"dataset_update() got unexpected fields: {sorted(set(changes) - allowed)}")
    for name, value in changes.items():
        setattr(dataset, name, value)
    dataset.full_clean()
    dataset.save()
    return dataset


@transaction.atomic
def data_need_create(*, project: Project, description: str) -> DataNeed:
    need = DataNeed(project=project, description=description.strip())
    need.full_clean()
    need.save()
    return need


@transaction.atomic
def dataset_delete(*, dataset: Dataset) -> None:
    dataset.delete()


@transaction.atomic
def data_need_update(*, need: DataNeed, description: str) -> DataNeed:
    need.description = description.strip()
    need.full_clean()
    need.save()
    return need


@transaction.atomic
def data_need_delete(*, need: DataNeed) -> None:
    need.delete()


@transaction.atomic
def project_data_save(*, project: Project, forms: Iterable[Any]) -> None:
    """Save the rows of validated model formsets (datasets, needs) of one project: new, changed, deleted."""
    for formset in forms:
        for form in formset.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if formset.can_delete and formset._should_delete_form(form):  # noqa: SLF001
                if form.instance.pk:
                    form.instance.delete()
                continue
            instance = form.save(commit=False)
            instance.project = project
            instance.full_clean()
            instance.save()


# --- people ---------------------------------------------------------------------------------------


@transaction.atomic
def person_update(*, person: Person, **changes: Any) -> Person:
    allowed = {"name", "email", "title", "organisation", "interests", "languages"}
    if set(changes) - allowed:
        raise TypeError(f"person_update() got unexpected fields: {sorted(set(changes) - allowed)}")
    for name, value in changes.items():
        if name in {"interests", "languages"}:
            value = parse_tags(value)
        setattr(person, name, value)
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def person_create(*, name: str, organisation: Organisation, email: str = "", title: str = "",
                  interests: Iterable[str] = (), languages: Iterable[str] = (), user: Any = None) -> Person:
    person = Person(name=name.strip(), organisation=organisation, email=email, title=title,
                    interests=parse_tags(list(interests)), languages=parse_tags(list(languages)), user=user)
    person.full_clean()
    person.save()
    return person


def person_gdpr_export(user: Any, person: Person | None) -> dict[str, Any]:
    """What the registry stores about a person: the person row and the projects they are contact of."""
    if person is None:
        return {}
    return {
        "person": {
            "name": person.name, "email": person.email, "title": person.title,
            "organisation": person.organisation.name, "interests": person.interests,
            "languages": person.languages, "created": person.created.isoformat(),
            "updated": person.updated.isoformat(),
        },
        "projects_as_contact": [
            {"title": p.title, "slug": p.slug, "owner": p.owner.name}
            for p in person.projects.select_related("owner").order_by("title")
        ],
    }


ANONYMISED_NAME = "Anonymiserad person"


def person_anonymise(user: Any, person: Person | None) -> None:
    """Remove the personal data of the registry's person row; the row stays so that history keeps its shape."""
    if person is None:
        return
    person.name = ANONYMISED_NAME
    person.email = ""
    person.title = ""
    person.interests = []
    person.languages = []
    person.is_anonymised = True
    person.save()
    person.projects.clear()


# --- organisations --------------------------------------------------------------------------------


@transaction.atomic
def organisation_create(*, name: str, kind: str = "annan", description: str = "", website: str = "",
                        key: str | None = None) -> Organisation:
    organisation = Organisation(name=name.strip(), kind=kind, description=description, website=website,
                                key=key or None)
    organisation.slug = unique_slug(Organisation, organisation.name)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, **changes: Any) -> Organisation:
    allowed = {"name", "kind", "description", "website"}
    if set(changes) - allowed:
        raise TypeError(f"organisation_update() got unexpected fields: {sorted(set(changes) - allowed)}")
    for name, value in changes.items():
        setattr(organisation, name, value.strip() if name == "name" else value)
    organisation.full_clean()
    organisation.save()
    return organisation

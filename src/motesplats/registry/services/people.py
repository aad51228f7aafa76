"""People: who works on the projects; their account link, and what the GDPR export and erasure do to them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motesplats.registry import selectors
from motesplats.registry.models import Organisation, Person, interests_search_text
from motesplats.registry.signals import announce_projects_changed

from .email_change import person_email_change_request
from .rows import RowErrors
from .tags import parse_tags


@dataclass(frozen=True)
class PersonData:
    name: str
    organisation: Organisation | None = None
    email: str = ""
    title: str = ""
    interests: Sequence[str] = ()
    languages: Sequence[str] = ()
    user: Any = None  # the account, if the person has one
    key: str | None = None  # a stable key for imports


def _new_person(data: PersonData) -> Person:
    person = Person(name=data.name.strip(), organisation=data.organisation, email=data.email.strip().lower(),
                    title=data.title, interests=parse_tags(list(data.interests)),
                    languages=parse_tags(list(data.languages)), user=data.user, key=data.key or None)
    person.interests_search = interests_search_text(person.interests)  # what save() does; bulk inserts skip it
    return person


@transaction.atomic
def person_bulk_create(*, people: Sequence[PersonData]) -> list[Person]:
    """New people, checked together (ValidationError names each bad row) and inserted together."""
    rows = list(people)
    objects = [_new_person(data) for data in rows]
    errors = RowErrors(len(objects))
    for index, (data, person) in enumerate(zip(rows, objects, strict=True)):
        errors.clean(index, person, exclude=["organisation", "user"])
        if data.organisation is None or data.organisation.pk is None:
            errors.add(index, ValidationError({"organisation": _("Välj en organisation.")}))
    errors.unique(Person, "key", [p.key for p in objects])
    errors.unique_ci(Person.objects.filter(is_anonymised=False), "email", [p.email for p in objects],
                     _("Det finns redan en person med den e-postadressen."))
    errors.unique(Person, "user", [p.user_id for p in objects])
    errors.raise_if_any()
    return Person.objects.bulk_create(objects)


def person_create(*, name: str, organisation: Organisation, email: str = "", title: str = "",
                  interests: Iterable[str] = (), languages: Iterable[str] = (), user: Any = None,
                  key: str | None = None) -> Person:
    return person_bulk_create(people=[PersonData(name=name, organisation=organisation, email=email, title=title,
                                                 interests=list(interests), languages=list(languages), user=user,
                                                 key=key)])[0]


@transaction.atomic
def people_resolve(*, people: Sequence[PersonData]) -> list[tuple[Person, bool]]:
    """The registry's person for each entry, created where there is none; (person, created) in the given order.

    An entry is matched by its e-mail address (see `selectors.people_by_email`: case-insensitively, never an
    anonymised person, one with an account first). An entry that matches nobody becomes a new person, with
    the address in lower case; that needs a name and an organisation (ValidationError otherwise). Entries with
    the same new address make one person. One query to match and one insert, for any number of entries.
    """
    rows = list(people)
    found = selectors.people_by_email(data.email for data in rows)
    new: dict[str, int] = {}  # a new address -> its index in `creating`
    creating: list[PersonData] = []
    plan: list[Person | int] = []  # per entry: the person found, or the index of the one to create
    errors = RowErrors(len(rows))
    for index, data in enumerate(rows):
        address = data.email.strip().lower()
        if address in found:
            plan.append(found[address])
        elif address in new:
            plan.append(new[address])
        elif not data.name.strip() or data.organisation is None:
            errors.add(index, ValidationError({"name": _("Ange namn och organisation för en ny person.")}))
        else:
            if address:
                new[address] = len(creating)
            plan.append(len(creating))
            creating.append(PersonData(name=data.name, organisation=data.organisation, email=address,
                                       title=data.title, interests=data.interests, languages=data.languages))
    errors.raise_if_any()
    created = person_bulk_create(people=creating)
    resolved: list[tuple[Person, bool]] = []
    first: set[int] = set()
    for item in plan:
        if isinstance(item, Person):
            resolved.append((item, False))
        else:
            resolved.append((created[item], item not in first))
            first.add(item)
    return resolved


def person_resolve(*, data: PersonData) -> tuple[Person, bool]:
    """The registry's person with this e-mail address, or a new one made of `data`: see `people_resolve`."""
    return people_resolve(people=[data])[0]


_FIELDS = frozenset({"name", "email", "title", "organisation", "interests", "languages", "key"})


@transaction.atomic
def person_update(*, person: Person, **changes: Any) -> Person:
    """Change the given fields (name, email, title, organisation, interests, languages, key).

    A new e-mail address is not written here: the new address is asked to confirm it (see `email_change`);
    `person.pending_email` then holds it. Clearing the address needs no confirmation.
    """
    if set(changes) - _FIELDS:
        raise TypeError(f"person_update() got unexpected fields: {sorted(set(changes) - _FIELDS)}")
    person.pending_email = ""  # type: ignore[attr-defined]
    if person.pk:  # the stored address (a model form has already put the new one on the instance)
        person.email = Person.objects.filter(pk=person.pk).values_list("email", flat=True).first() or ""
    if "email" in changes:
        address = (changes.pop("email") or "").strip().lower()
        if address and address != (person.email or "").lower():
            person_email_change_request(person=person, email=address)
            person.pending_email = address  # type: ignore[attr-defined]
        elif not address:
            changes["email"] = ""
    for name, value in changes.items():
        if name in {"interests", "languages"}:
            value = parse_tags(value)
        setattr(person, name, value)
    person.key = person.key or None
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def person_link_user(*, person: Person, user: Any) -> Person:
    """Make `user` the account of `person` (an account belongs to one person at most)."""
    person.user = user
    person.full_clean()
    person.save(update_fields=["user", "updated"])
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
    announce_projects_changed(person.projects.values_list("pk", flat=True))
    person.projects.clear()

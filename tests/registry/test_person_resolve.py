"""person_resolve / people_resolve: how other apps (events: walk-ins, imported participants) find or add people."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motesplats.registry import services
from motesplats.registry.models import Organisation, Person
from motesplats.registry.services import PersonData

pytestmark = pytest.mark.django_db


def test_a_known_address_finds_the_person_whatever_its_case(member_person: Person) -> None:
    person, created = services.person_resolve(data=PersonData(name="Någon annan", email=" MAJA@Example.se "))
    assert (person, created) == (member_person, False)
    assert person.name == "Maja Medlem"  # resolving never changes the person found


def test_one_person_per_address_and_anonymised_people_are_never_found(org: Organisation, make_user: Any) -> None:
    first = services.person_create(name="Utan konto", organisation=org, email="delad@example.se")
    with pytest.raises(ValidationError) as caught:  # the registry holds each address once (issue 14)
        services.person_create(name="Med konto", organisation=org, email="Delad@example.se",
                               user=make_user("delad@example.se", role="member"))
    assert caught.value.messages == ["Det finns redan en person med den e-postadressen."]
    assert services.person_resolve(data=PersonData(name="x", email="delad@example.se"))[0] == first
    gone = services.person_create(name="Borta", organisation=org, email="borta@example.se")
    services.person_anonymise(None, gone)
    Person.objects.filter(pk=gone.pk).update(email="borta@example.se")  # even if an address were left behind
    person, created = services.person_resolve(data=PersonData(name="Ny Borta", email="borta@example.se",
                                                               organisation=org))
    assert created and person.pk != gone.pk


def test_an_unknown_address_makes_a_new_person_with_the_address_in_lower_case(org: Organisation) -> None:
    person, created = services.person_resolve(data=PersonData(name=" Ny Person ", email="Ny@Example.SE",
                                                              organisation=org))
    assert created and (person.name, person.email, person.organisation) == ("Ny Person", "ny@example.se", org)


def test_a_new_person_needs_a_name_and_an_organisation(org: Organisation) -> None:
    with pytest.raises(ValidationError) as caught:
        services.person_resolve(data=PersonData(name="", email="okand@example.se", organisation=org))
    assert caught.value.messages == ["Ange namn och organisation för en ny person."]
    with pytest.raises(ValidationError):
        services.person_resolve(data=PersonData(name="Namn", email="okand@example.se"))
    assert not Person.objects.filter(email="okand@example.se").exists()


def test_many_at_once_in_order_with_one_person_per_new_address_and_few_queries(org: Organisation,
                                                                              member_person: Person) -> None:
    entries = [PersonData(name=f"Person {n}", email=f"person{n}@example.se", organisation=org) for n in range(300)]
    entries += [PersonData(name="Maja igen", email="maja@example.se"),
                PersonData(name="Person 0 igen", email="PERSON0@example.se", organisation=org),
                PersonData(name="Utan adress", organisation=org)]
    with CaptureQueriesContext(connection) as queries:
        resolved = services.people_resolve(people=entries)
    reads = [q["sql"][:60] for q in queries.captured_queries if not q["sql"].startswith(("INSERT", "SAVEPOINT",
                                                                                          "RELEASE"))]
    assert len(reads) == 2, reads  # one lookup by address, one check that the new addresses are free; inserts batched
    assert [created for _person, created in resolved] == [True] * 300 + [False, False, True]
    assert resolved[301][0] == resolved[0][0] and resolved[300][0] == member_person
    assert resolved[302][0].email == "" and resolved[302][0].name == "Utan adress"
    assert Person.objects.filter(email__startswith="person").count() == 300

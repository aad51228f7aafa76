"""Events writes registry rows only through the registry's services (person_resolve / people_resolve)."""

from __future__ import annotations

from typing import Any

import pytest

from motesplats.events.enums import RegistrationStatus
from motesplats.events.models import Registration
from motesplats.events.services import EventsError, add_walk_in
from motesplats.events.services import imports as imports_module
from motesplats.events.services.imports import import_registrations
from motesplats.registry import services as registry_services
from motesplats.registry.models import Person

pytestmark = pytest.mark.django_db


def test_a_walk_in_with_a_known_address_in_another_case_is_that_person(event: Any, make_person: Any,
                                                                      organiser: Any, organisation: Any) -> None:
    known = make_person("Känd Person", email="kand@example.se")
    registration = add_walk_in(event=event, by=organiser, name="Annat Namn", email="KAND@Example.se",
                               organisation=organisation)
    assert registration.person == known and Person.objects.filter(email__iexact="kand@example.se").count() == 1


def test_a_new_walk_in_goes_through_the_registry_service(event: Any, organiser: Any, organisation: Any,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    real = registry_services.person_resolve

    def spy(**kwargs: Any) -> Any:
        calls.append(kwargs["data"])
        return real(**kwargs)

    monkeypatch.setattr(registry_services, "person_resolve", spy)
    registration = add_walk_in(event=event, by=organiser, name="Maya Miltell", email="Maya@Example.se",
                               organisation=organisation)
    assert [data.email for data in calls] == ["Maya@Example.se"]
    assert (registration.person.name, registration.person.email) == ("Maya Miltell", "maya@example.se")
    with pytest.raises(EventsError) as caught:
        add_walk_in(event=event, by=organiser, name="", email="ingen@example.se", organisation=organisation)
    assert str(caught.value) == "Ange namn och organisation för en ny person."


def test_an_import_adds_its_new_people_in_one_call_of_the_registry(event: Any, organiser: Any, organisation: Any,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = registry_services.people_resolve

    def spy(**kwargs: Any) -> Any:
        calls.append(len(kwargs["people"]))
        return real(**kwargs)

    monkeypatch.setattr(imports_module.registry_services, "people_resolve", spy)
    text = "email,name,organisation\n" + "".join(f"ny{n}@example.se,Ny {n},Stokab\n" for n in range(12))
    result = import_registrations(event=event, file=text.encode(), by=organiser, notify=False)
    assert calls == [12] and result.people_created == 12


@pytest.mark.slow
def test_an_import_of_two_thousand_people_keeps_whole_batches_only(make_event: Any, organiser: Any,
                                                                   organisation: Any,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """2,000 new people (the most a file may hold) are registered in short transactions of BATCH rows, so that
    others' registrations never wait long for the event row (issue 14). A failure at the last row rolls back
    its own batch: every earlier batch is whole, the failing one has left nothing, and no row is half-saved."""
    event = make_event(capacity=100)
    real = imports_module.register
    failing = "ny1999@example.se"

    def failing_last(**kwargs: Any) -> Any:
        if kwargs["person"].email == failing:
            raise RuntimeError("the database went away")
        return real(**kwargs)

    monkeypatch.setattr(imports_module, "register", failing_last)
    text = "email,name,organisation\n" + "".join(f"ny{n}@example.se,Ny {n},Stokab\n" for n in range(2000))
    with pytest.raises(RuntimeError):
        import_registrations(event=event, file=text.encode(), by=organiser, notify=False)
    batch = imports_module.BATCH
    whole_batches = (1999 // batch) * batch
    registered = set(Registration.objects.filter(event=event).values_list("person__email", flat=True))
    assert registered == {f"ny{n}@example.se" for n in range(whole_batches)}
    assert Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count() == 100

"""CSV import of registrations: every row validated first, errors name their line, nothing saved on error."""

from __future__ import annotations

from typing import Any

import pytest

from motesplats.events.models import Registration
from motesplats.events.services import ImportRejected, NotAllowed, register
from motesplats.events.services.imports import import_registrations
from motesplats.registry.models import Person

pytestmark = pytest.mark.django_db

HEADER = "email,name,organisation,project_key,dietary,accessibility\n"


def problems_of(error: pytest.ExceptionInfo[ImportRejected]) -> list[tuple[int, str]]:
    return [(problem.line, str(problem.message)) for problem in error.value.problems]


def test_a_clean_file_registers_everyone_and_adds_unknown_people(make_event: Any, make_person: Any, project: Any,
                                                                 organiser: Any) -> None:
    event = make_event(capacity=2)
    known = make_person("Känd Person", email="Kand@Example.se")
    text = HEADER + (
        "kand@example.se,,,iwater,vegetariskt,\n"
        "ny.person@example.se,Ny Person,Stokab,,,rullstol\n"
        "\n"
        "tredje@example.se,Tredje Person,stokab,,,\n"
    )
    result = import_registrations(event=event, file=text.encode(), by=organiser, notify=False)
    assert (result.confirmed, result.waitlisted, result.people_created) == (2, 1, 2)
    first = Registration.objects.get(event=event, person=known)
    assert first.project == project and first.dietary == "vegetariskt" and first.is_confirmed
    assert first.registered_by == organiser and first.consent_version.endswith("/ombud")
    new = Person.objects.get(email="ny.person@example.se")
    assert new.organisation.name == "Stokab"
    assert Registration.objects.get(person=new).accessibility == "rullstol"
    assert Registration.objects.get(person__email="tredje@example.se").is_waitlisted


def test_semicolons_and_a_bom_are_understood(event: Any, organiser: Any, organisation: Any) -> None:
    text = "\ufeffemail;name;organisation\nett@example.se;Ett Namn;Stokab\n"
    assert import_registrations(event=event, file=text.encode("utf-8"), by=organiser, notify=False).confirmed == 1


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_saved(event: Any, make_person: Any,
                                                                      organiser: Any) -> None:
    already = make_person("Redan Anmäld", email="redan@example.se")
    register(event=event, person=already, consent=True, notify=False)
    text = HEADER + (
        "ok@example.se,Okej Person,Stokab,,,\n"                 # line 2: fine
        "inte-en-adress,Fel Adress,Stokab,,,\n"                # line 3
        "ny@example.se,,Stokab,,,\n"                           # line 4: unknown person without name
        "okand@example.se,Okänd Org,Finns Inte AB,,,\n"        # line 5
        "ok@example.se,Dubblett,Stokab,,,\n"                   # line 6: same address as line 2
        "redan@example.se,,,,,\n"                              # line 7: already registered
        "proj@example.se,Projekt Fel,Stokab,finns-inte,,\n"    # line 8
    )
    people_before = Person.objects.count()
    with pytest.raises(ImportRejected) as error:
        import_registrations(event=event, file=text, by=organiser)
    problems = problems_of(error)
    assert [line for line, _message in problems] == [3, 4, 5, 6, 7, 8]
    assert "inte-en-adress" in problems[0][1]
    assert "ange namn" in problems[1][1]
    assert "Finns Inte AB" in problems[2][1]
    assert "rad 2" in problems[3][1]
    assert "redan anmäld" in problems[4][1]
    assert "finns-inte" in problems[5][1]
    assert Registration.objects.filter(event=event).count() == 1
    assert Person.objects.count() == people_before


def test_bad_header_extra_fields_and_encoding(event: Any, organiser: Any) -> None:
    with pytest.raises(ImportRejected) as error:
        import_registrations(event=event, file="e-post,namn\nx@example.se,X\n", by=organiser)
    assert problems_of(error)[0][0] == 1
    with pytest.raises(ImportRejected) as error:
        import_registrations(event=event, file=HEADER + "a@example.se,A,Stokab,,,,extra\n", by=organiser)
    assert problems_of(error)[0][0] == 2
    with pytest.raises(ImportRejected) as error:
        import_registrations(event=event, file=(HEADER + "å@example.se,Åsa,Stokab,,,\n").encode("latin-1"),
                             by=organiser)
    assert "UTF-8" in problems_of(error)[0][1]
    with pytest.raises(ImportRejected):
        import_registrations(event=event, file=HEADER, by=organiser)
    assert not Registration.objects.exists()


def test_only_organisers_import(event: Any, make_person: Any) -> None:
    member = make_person()
    with pytest.raises(NotAllowed):
        import_registrations(event=event, file=HEADER, by=member.user)

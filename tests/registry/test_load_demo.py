"""load_demo: the demo portfolio and accounts, idempotent, and the hooks of later apps."""

from __future__ import annotations

import io
import json
import sys
import types
from collections import Counter
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from motesplats.accounts.models import User
from motesplats.registry.demo import loader
from motesplats.registry.models import DataNeed, Dataset, Organisation, Person, Project

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (Organisation, Person, Project, Dataset, DataNeed, User)}


def test_demo_portfolio_file_meets_the_brief() -> None:
    data = json.loads(loader.PORTFOLIO_FILE.read_text(encoding="utf-8"))
    assert len(data["organisations"]) >= 15
    assert len({o["kind"] for o in data["organisations"]}) >= 5
    assert len(data["projects"]) >= 35
    assert len(data["people"]) >= 70
    for project in data["projects"]:
        assert 80 <= len(project["description"].split()) <= 200, project["key"]
        assert 2 <= len(project["contacts"]) <= 4, project["key"]
    assert all(p["email"].endswith(".motesplats.example") for p in data["people"])
    # several projects are shared across organisations, and contacts work in several projects
    assert sum(1 for p in data["projects"] if p.get("partners")) >= 30
    assert Counter(c for p in data["projects"] for c in p["contacts"])["p-sara-lindqvist"] in (2, 3)


def test_load_demo_creates_portfolio_and_accounts_and_is_idempotent() -> None:
    out = io.StringIO()
    call_command("load_demo", "--no-hooks", stdout=out)
    first = counts()
    assert first["Organisation"] >= 15 and first["Project"] >= 35 and first["Person"] >= 70
    assert "Demon är klar" in out.getvalue()
    assert "programkontoret@motesplats.example" in out.getvalue()

    roles = dict(User.objects.filter(email__endswith="@motesplats.example").values_list("email", "role"))
    assert roles == {"programkontoret@motesplats.example": "organiser",
                     "projektledare@motesplats.example": "member",
                     "ledning@motesplats.example": "reader"}
    for email in roles:
        assert authenticate(username=email, password="demo-password-1") is not None
    member = User.objects.get(email="projektledare@motesplats.example")
    assert 2 <= member.person.projects.count() <= 3
    # every demo person can sign in as themselves too
    anna = Person.objects.exclude(user=member).select_related("user").first()
    assert anna is not None and anna.user is not None and anna.user.role == "member"
    assert authenticate(username=anna.email, password="demo-password-1") is not None

    call_command("load_demo", "--no-hooks", stdout=io.StringIO())
    assert counts() == first


def test_data_matches_in_the_demo_use_different_words() -> None:
    loader.load_demo(hooks=False)
    need = DataNeed.objects.get(description="Antal fordon per timme på de gator där vi mäter")
    assert need.project.owner.key == "MF"
    collected = Dataset.objects.get(name__startswith="Trafikflöden per gata och timme")
    assert collected.project.owner.key == "TK"


def test_hooks_of_later_apps_are_called(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    module = types.ModuleType("motesplats.networking.demo")
    module.load = lambda stdout=None: calls.append(stdout) or {"plans": 0}  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "motesplats.networking.demo", module)
    monkeypatch.setattr(loader, "HOOK_APPS", ("networking", "no_such_app"))
    out = io.StringIO()
    summary = loader.load_demo(stdout=out)
    assert calls == [out]
    assert summary.hooks == {"networking": {"plans": 0}}


@pytest.mark.slow  # the demo loaded twice, with a flush in between
@pytest.mark.django_db(transaction=True)  # flush cannot run inside a test's transaction on PostgreSQL
def test_reset_empties_the_database_first() -> None:
    loader.load_demo(hooks=False)
    Organisation.objects.create(name="Inte i demon", slug="inte-i-demon")
    summary = loader.load_demo(reset=True, hooks=False, stdout=io.StringIO())
    assert not Organisation.objects.filter(slug="inte-i-demon").exists()
    assert summary.report.created["projects"] == Project.objects.count() >= 35


@pytest.mark.slow
def test_load_demo_with_the_hooks_of_the_other_apps() -> None:
    """The whole demo, as `make demo` loads it, twice."""
    call_command("load_demo", stdout=io.StringIO())
    first = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == first

"""Discovery test data: a small portfolio of our own, loaded through the ORM (not the demo data)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.utils.text import slugify

FIXTURE = Path(__file__).parent / "fixtures" / "portfolio.json"


def load_fixture_portfolio() -> dict[str, Any]:
    from motesplats.registry.models import DataNeed, Dataset, Organisation, Project, Theme

    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    orgs = {o["key"]: Organisation.objects.create(key=o["key"], name=o["name"], slug=slugify(o["name"]))
            for o in data["organisations"]}
    projects = {}
    for p in data["projects"]:
        project = Project.objects.create(key=p["key"], title=p["title"], slug=p["key"], summary=p["summary"],
                                         description=p["description"], owner=orgs[p["org"]],
                                         is_public=p.get("public", True))
        project.themes.set([Theme.objects.get_or_create(name=t, defaults={"slug": slugify(t)})[0] for t in p["themes"]])
        for item in p["data_collected"]:
            name, description = (item, "") if isinstance(item, str) else (item["name"], item.get("description", ""))
            Dataset.objects.create(project=project, name=name, description=description)
        for need in p["data_needed"]:
            DataNeed.objects.create(project=project, description=need)
        projects[p["key"]] = project
    return {"orgs": orgs, "projects": projects}


@pytest.fixture
def portfolio(db: Any) -> dict[str, Any]:
    return load_fixture_portfolio()

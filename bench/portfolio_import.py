"""Time and SQL queries of importing a large portfolio: new, again unchanged, and again with changes.

    .venv/bin/python -m bench.portfolio_import [--projects 5000] [--people 2000] [--repeat 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motesplats_bench .venv/bin/python -m bench.portfolio_import

Each repeat starts from an empty database (a fresh SQLite file, or Django's test database next to
DATABASE_URL) and imports a generated file (seed 7) three times through `import_portfolio`:
  new        every organisation, person and project is new
  unchanged  the same file again: nothing to write
  changed    a tenth of the projects with a new summary, a changed dataset and one more need
Printed: median wall and CPU seconds of the repeats, and the SQL queries of each import (the same every run).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.project_list import setup_django

WORDS = ("luft buller trafik parkering energi sol vind vatten dagvatten skyfall värme belysning cykel buss gång "
         "avfall återvinning skola vård äldre digital tvilling sensor iot öppna data ai karta träd grönska klimat "
         "mobilitet laddning el byggnad bostad turism handel säkerhet").split()


def portfolio(projects: int, people: int, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    organisations = [{"key": f"org-{n:03d}", "name": f"Organisation {n:03d}", "kind": "förvaltning",
                      "description": "En del av staden."} for n in range(max(10, projects // 50))]
    persons = [{"key": f"p-{n:05d}", "name": f"Person {n:05d}", "email": f"person{n}@example.se",
                "org": rng.choice(organisations)["key"], "interests": rng.sample(WORDS, 3)} for n in range(people)]
    rows = []
    for n in range(projects):
        words = rng.sample(WORDS, 4)
        owner = rng.choice(organisations)["key"]
        rows.append({
            "key": f"proj-{n:05d}", "org": owner, "title": f"{' '.join(words[:3]).capitalize()} {n}",
            "summary": f"Ett projekt om {words[0]} och {words[1]}.", "description": " ".join(rng.choices(WORDS, k=40)),
            "status": "pågående", "themes": [w.capitalize() for w in words[:3]],
            "partners": [o["key"] for o in rng.sample(organisations, 2) if o["key"] != owner],
            "contacts": [p["key"] for p in rng.sample(persons, 2)] if persons else [],
            "data_collected": [{"name": f"Mätningar av {words[0]}", "format": "CSV"},
                               {"name": f"Karta över {words[1]}", "openness": "öppen"}],
            "data_needed": [f"Data om {words[3]} per timme"],
        })
    return {"organisations": organisations, "people": persons, "projects": rows}


def changed(data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    for project in data["projects"][::10]:
        project["summary"] += " Nu utökat."
        project["data_collected"][0]["format"] = "CSV, API"
        project["data_needed"].append("Väder per timme")
    return data


def run_import(data: bytes) -> tuple[float, float, int]:
    from django.db import connection

    from motesplats.registry.portfolio_io import import_portfolio

    queries = 0

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        wall, cpu = time.perf_counter(), time.process_time()
        import_portfolio(data)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall, cpu, queries


def empty_registry() -> None:
    from motesplats.registry.models import Organisation, Person, Project, Theme

    Project.objects.all().delete()
    Person.objects.all().delete()
    Organisation.objects.all().delete()
    Theme.objects.all().delete()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ.setdefault("DISCOVERY_ENGINE", "lexical")
    with tempfile.TemporaryDirectory() as tmp:
        drop = setup_django(Path(tmp))
        from django.conf import settings
        from django.db import connection

        files = {"new": portfolio(args.projects, args.people)}
        files["unchanged"] = files["new"]
        files["changed"] = changed(files["new"])
        encoded = {name: json.dumps(data, ensure_ascii=False).encode() for name, data in files.items()}
        results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in files}
        try:
            print(f"database: {connection.vendor}; {args.projects} projects, {args.people} people, "
                  f"{len(files['new']['organisations'])} organisations; {args.repeat} repeats")
            for _ in range(args.repeat):
                empty_registry()
                for name in files:
                    results[name].append(run_import(encoded[name]))
            print(f"{'import':10} {'wall s':>8} {'cpu s':>8} {'queries':>8}")
            for name, runs in results.items():
                print(f"{name:10} {statistics.median(r[0] for r in runs):8.2f} "
                      f"{statistics.median(r[1] for r in runs):8.2f} {runs[-1][2]:8d}")
        finally:
            if drop:
                connection.creation.destroy_test_db(settings.DATABASES["default"]["NAME"], verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())

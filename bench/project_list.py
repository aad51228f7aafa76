"""Time of the project list page with 2,000 projects, and its SQL queries per page.

    .venv/bin/python -m bench.project_list [--projects 2000] [--repeat 30]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motesplats_bench .venv/bin/python -m bench.project_list

Without DATABASE_URL the database is a fresh SQLite file in a temporary directory; with it, Django's test
database next to it (test_<name>) is created and dropped afterwards. The page is requested through Django's
test client (no network), so the figures are server time: URL resolution, middleware, queries, templates.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path


def setup_django(tmp: Path) -> bool:
    """Configure Django; returns True when a test database was created (and must be dropped)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motesplats.settings.test")
    os.environ.setdefault("MOTESPLATS_VAR", str(tmp))
    own_database = "DATABASE_URL" in os.environ
    if not own_database:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if own_database:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    else:
        call_command("migrate", verbosity=0)
    return own_database


def fill(projects: int, seed: int = 7) -> None:
    from django.db import transaction

    from motesplats.accounts.models import User
    from motesplats.registry.models import (
        Dataset,
        Openness,
        Organisation,
        OrganisationKind,
        Person,
        Project,
        ProjectStatus,
        Theme,
    )

    rng = random.Random(seed)
    words = ("luft buller trafik parkering energi sol vind vatten dagvatten skyfall värme belysning cykel "
             "buss gång avfall återvinning skola vård äldre digital tvilling sensor iot öppna data ai karta "
             "träd grönska klimat mobilitet laddning el byggnad bostad turism handel säkerhet").split()
    with transaction.atomic():
        kinds = [value for value, _ in OrganisationKind.choices]
        organisations = Organisation.objects.bulk_create(
            Organisation(name=f"Organisation {n:02d}", slug=f"organisation-{n:02d}", kind=kinds[n % len(kinds)])
            for n in range(40))
        themes = Theme.objects.bulk_create(Theme(name=word.capitalize(), slug=word) for word in words)
        statuses = [value for value, _ in ProjectStatus.choices]
        rows = []
        for n in range(projects):
            title_words = rng.sample(words, 3)
            rows.append(Project(
                title=f"{' '.join(title_words).capitalize()} {n:04d}", slug=f"projekt-{n:04d}",
                summary=f"Ett projekt om {title_words[0]} och {title_words[1]} i stadens kvarter.",
                description=" ".join(rng.choices(words, k=60)), status=statuses[n % 4],
                owner=organisations[n % len(organisations)], is_public=n % 5 != 0))
        created = Project.objects.bulk_create(rows, batch_size=500)
        through = Project.themes.through
        through.objects.bulk_create(
            (through(project_id=p.pk, theme_id=t.pk) for p in created for t in rng.sample(themes, 3)),
            batch_size=2000)
        partners = Project.partners.through
        partners.objects.bulk_create(
            (partners(project_id=p.pk, organisation_id=o.pk) for p in created
             for o in rng.sample(organisations, 2) if o.pk != p.owner_id), batch_size=2000)
        people = Person.objects.bulk_create(
            Person(name=f"Person {n:04d}", organisation=organisations[n % len(organisations)]) for n in range(400))
        contacts = Project.contacts.through
        contacts.objects.bulk_create(
            (contacts(project_id=p.pk, person_id=rng.choice(people).pk) for p in created), batch_size=2000)
        openness = [value for value, _ in Openness.choices]
        Dataset.objects.bulk_create(
            (Dataset(project=p, name=f"Data {i} om {rng.choice(words)}", openness=rng.choice(openness))
             for p in created for i in range(2)), batch_size=2000)
        User.objects.create_user(email="bench@example.se", role="reader")


def measure(client, url: str, repeat: int) -> tuple[list[float], int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm up: templates, translations, connection
    timings = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        queries = len(captured)
        assert response.status_code == 200, (url, response.status_code)
    return timings, queries, len(response.content)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        drop = setup_django(Path(tmp))
        from django.conf import settings
        from django.db import connection
        from django.test import Client

        try:
            started = time.perf_counter()
            fill(args.projects)
            print(f"database: {connection.vendor} ({settings.DATABASES['default']['NAME']})")
            print(f"filled {args.projects} projects in {time.perf_counter() - started:.1f} s; "
                  f"{args.repeat} requests per row; times in ms")
            anonymous = Client()
            reader = Client()
            from motesplats.accounts.models import User

            reader.force_login(User.objects.get(email="bench@example.se"))
            cases = [
                ("anonymous, page 1", anonymous, "/projects/"),
                ("anonymous, page 40", anonymous, "/projects/?page=40"),
                ("signed in, page 1", reader, "/projects/"),
                ("signed in, page 90", reader, "/projects/?page=90"),
                ("signed in, theme filter, page 2", reader, "/projects/?theme=luft&page=2"),
                ("signed in, search 'Trafik'", reader, "/projects/?q=Trafik"),
                ("signed in, htmx results only", reader, "/projects/?status=pågående&page=3"),
            ]
            print(f"{'case':34} {'median':>8} {'p95':>8} {'queries':>8} {'rows':>5} {'bytes':>8}")
            for label, client, url in cases:
                headers = {"HX-Request": "true", "HX-Target": "results"} if "htmx" in label else {}
                client.defaults.update({f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()})
                timings, queries, size = measure(client, url, args.repeat)
                for key in headers:
                    client.defaults.pop(f"HTTP_{key.upper().replace('-', '_')}", None)
                rows = client.get(url).content.count(b'class="card"')
                print(f"{label:34} {statistics.median(timings):8.1f} {percentile(timings, 0.95):8.1f} "
                      f"{queries:8d} {rows:5d} {size:8d}")
        finally:
            if drop:
                connection.creation.destroy_test_db(settings.DATABASES["default"]["NAME"], verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Time of the insight page and the PDF reports on the demo data (server time, through Django's test client).

    .venv/bin/python -m bench.insight [--repeat 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motesplats_bench .venv/bin/python -m bench.insight

The demo is loaded into a fresh database (see bench.project_list for where); each URL is requested once to
warm up, then `--repeat` times; the median, the spread and the SQL queries of one request are printed.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench.project_list import setup_django


def measure(repeat: int) -> list[tuple[str, float, float, float, int, int]]:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from motesplats.accounts.models import User
    from motesplats.events.models import Event

    call_command("load_demo", verbosity=0)
    client = Client()
    client.force_login(User.objects.get(email="ledning@motesplats.example"))
    held = Event.objects.filter(status="avslutad").order_by("starts_at").first()
    urls = ["/insight/", "/insight/report.pdf", "/insight/seminars.csv"]
    if held is not None:
        urls.append(f"/events/{held.slug}/report.pdf")
    rows = []
    for url in urls:
        client.get(url)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        rows.append((url, statistics.median(times), min(times), max(times), len(queries), len(response.content)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        own_database = setup_django(Path(tmp))
        try:
            rows = measure(args.repeat)
        finally:
            if own_database:
                from django.db import connection

                connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
    print(f"{'url':<40} {'median s':>9} {'min':>7} {'max':>7} {'queries':>8} {'bytes':>8}")
    for url, median, low, high, queries, size in rows:
        print(f"{url:<40} {median:>9.3f} {low:>7.3f} {high:>7.3f} {queries:>8} {size:>8}")


if __name__ == "__main__":
    main()

"""Mail to 2,000 people is queued in batches and does not block the request (issue 12, item 3).

    .venv/bin/python -m bench.mailing_queue [--people 2000] [--runs 5] [--workers 2] [--sink-ms 5]
        [--database motesplats_outreach_bench] [--redis redis://127.0.0.1:6379/6]
        [--out bench/results/mailing_queue.txt]

What it does:
1. creates (drops first) the PostgreSQL database `--database`, migrates it and fills it with `--people` people
   (with addresses, over 40 organisations), a published seminar and an organiser;
2. starts a Celery worker (`celery -A motesplats worker`, `--workers` processes) on the Redis broker, with a
   mail backend that takes `--sink-ms` per message (bench.mail_sink: an SMTP round trip, nothing kept);
3. per run: the organiser POSTs the invitation form ("everyone in the registry") through Django's test client
   in this process (the whole request: form, recipient query, 2,000 delivery rows, one queued task per batch
   of 100); measured: the page time (request to response), the queue time (the service's own measure: from
   the POST's mailing row to the last batch handed to the broker, the worker having written the delivery rows)
   and, while the workers send, the
   time of the delivery-log page; then the time until the workers have sent every mail (drain);
4. stops the worker, drops the database and writes medians (and every run) with `uptime` before and after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
PG = "postgres://postgres@127.0.0.1:5432"
STHLM = ZoneInfo("Europe/Stockholm")


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, env={**os.environ, "TZ": "UTC"}).stdout.strip()


def recreate_database(name: str, *, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')


def setup_django(database: str, redis: str, sink_ms: float) -> dict[str, str]:
    env = {
        "DATABASE_URL": f"{PG}/{database}",
        "DJANGO_SETTINGS_MODULE": "motesplats.settings.dev",
        "CELERY_BROKER_URL": redis,
        "EMAIL_BACKEND": "bench.mail_sink.SlowSinkBackend",
        "MAIL_SINK_MS": str(sink_ms),
        "LOG_LEVEL": "ERROR",
        "MOTESPLATS_VAR": str(ROOT / "var" / "bench-mailing"),
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(env)
    import django

    django.setup()
    return env


def fill(people: int) -> tuple[object, object]:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from motesplats.accounts.models import User
    from motesplats.events.models import Series
    from motesplats.events.services import event_create, event_publish
    from motesplats.registry.models import Organisation, Person

    organisations = Organisation.objects.bulk_create(
        [Organisation(name=f"Organisation {i}", slug=f"organisation-{i}") for i in range(40)])
    Person.objects.bulk_create([Person(name=f"Person {i:04d}", email=f"person{i}@bench.example",
                                       organisation=organisations[i % 40]) for i in range(people)])
    organiser = User.objects.create_user(email="kontoret@bench.example", password=None, role="organiser")
    series = Series.objects.create(name="Serien", slug="serien")
    day = dt.datetime.now(tz=STHLM).date() + dt.timedelta(days=30)
    event = event_publish(event=event_create(
        series=series, title="Seminariet", theme="", capacity=300,
        starts_at=dt.datetime.combine(day, dt.time(13), tzinfo=STHLM),
        ends_at=dt.datetime.combine(day, dt.time(17), tzinfo=STHLM)))
    return organiser, event


def start_worker(env: dict[str, str], workers: int) -> subprocess.Popen[bytes]:
    worker = subprocess.Popen(
        [str(ROOT / ".venv/bin/celery"), "-A", "motesplats", "worker", "--loglevel", "WARNING",
         "--concurrency", str(workers), "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    from motesplats.celery import app

    for _ in range(120):  # wait until the worker answers
        if app.control.ping(timeout=0.5):
            return worker
        time.sleep(0.5)
    worker.terminate()
    raise SystemExit("the Celery worker did not start")


def one_run(client: object, event: object, people: int) -> dict[str, float]:
    from motesplats.mailings.models import Delivery, DeliveryStatus, Mailing

    started = time.perf_counter()
    response = client.post(f"/mailings/events/{event.slug}/invite/",  # type: ignore[attr-defined]
                           {"subject": "Inbjudan", "body": "Välkommen!", "send": "1"})
    page = time.perf_counter() - started
    assert response.status_code == 302, response.status_code
    mailing = Mailing.objects.latest("created")
    log_started = time.perf_counter()
    log = client.get(mailing.get_absolute_url())  # type: ignore[attr-defined]
    log_page = time.perf_counter() - log_started
    assert log.status_code == 200
    waiting = Delivery.objects.filter(mailing=mailing, status__in=[DeliveryStatus.QUEUED, DeliveryStatus.SENDING])
    sent_when_page_answered = Delivery.objects.filter(mailing=mailing, status=DeliveryStatus.SENT).count()
    while Mailing.objects.filter(pk=mailing.pk, queued_at__isnull=True).exists() or waiting.exists():
        time.sleep(0.2)
        if time.perf_counter() - started > 900:
            raise SystemExit("the workers did not finish within 15 minutes")
    drain = time.perf_counter() - started
    sent = Delivery.objects.filter(mailing=mailing, status=DeliveryStatus.SENT).count()
    mailing.refresh_from_db()
    return {"page_s": page, "queue_s": mailing.queue_seconds or 0.0, "log_page_s": log_page,
            "drain_s": drain, "sent": sent, "batches": mailing.batches,
            "sent_before_answer": sent_when_page_answered, "recipients": people}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sink-ms", type=float, default=5.0)
    parser.add_argument("--database", default="motesplats_outreach_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/6")
    parser.add_argument("--out", default=str(ROOT / "bench/results/mailing_queue.txt"))
    args = parser.parse_args()

    load_before = uptime()
    recreate_database(args.database)
    env = setup_django(args.database, args.redis, args.sink_ms)
    organiser, event = fill(args.people)
    from django.test import Client

    client = Client()
    client.force_login(organiser)
    client.get(f"/mailings/events/{event.slug}/invite/")  # warm up: a serving process has loaded its code
    worker = start_worker(env, args.workers)
    runs = []
    try:
        for index in range(args.runs):
            run = one_run(client, event, args.people)
            runs.append(run)
            print(f"run {index + 1}: " + ", ".join(f"{key}={value:.3f}" if isinstance(value, float) else
                                                   f"{key}={value}" for key, value in run.items()), flush=True)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        recreate_database(args.database, drop_only=True)
    load_after = uptime()

    def median(key: str) -> float:
        return statistics.median(run[key] for run in runs)

    lines = [
        "# Mail to many people: queued in batches, the request does not wait for the sending (issue 12)",
        "# page: the request writes the mailing and queues one task; a worker writes the delivery rows and queues",
        "# one task per batch of 100; queue: from the mailing row to the last batch on the broker",
        f"command: .venv/bin/python -m bench.mailing_queue --people {args.people} --runs {args.runs} "
        f"--workers {args.workers} --sink-ms {args.sink_ms}",
        f"date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; python {platform.python_version()}; "
        f"PostgreSQL 127.0.0.1; broker {args.redis}; Celery worker x{args.workers} (prefork)",
        f"uptime before: {load_before}",
        f"uptime after:  {load_after}",
        "",
        f"recipients per mailing: {args.people}; batches of 100; mail backend: {args.sink_ms} ms per message",
        "",
        "median over runs (seconds):",
        f"  page (POST 'send' -> response):   {median('page_s'):.3f}",
        f"  queue (mailing row -> delivery rows written -> last batch on the broker): {median('queue_s'):.3f}",
        f"  delivery-log page while sending:  {median('log_page_s'):.3f}",
        f"  all mail sent by the workers (from the POST): {median('drain_s'):.1f}",
        "",
        "runs:",
        *[f"  {index + 1}: page {run['page_s']:.3f} s, queue {run['queue_s']:.3f} s, log page "
          f"{run['log_page_s']:.3f} s, drained {run['drain_s']:.1f} s, sent {run['sent']}/{run['recipients']}, "
          f"batches {run['batches']}, sent before the page answered {run['sent_before_answer']}"
          for index, run in enumerate(runs)],
    ]
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Latency of "Min dag" and of check-in under concurrent clients, against the site served by gunicorn on
PostgreSQL (issue 4). Run by a command, never as a timed test:

    .venv/bin/python -m bench.checkin_load [--clients 50] [--requests 1000] [--seconds 120]
        [--workers 3] [--threads 4] [--database motesplats_checkin_bench] [--out bench/results/checkin_load.txt]

What it does, all on the loopback interface:
1. creates (drops first) the PostgreSQL database `--database` at 127.0.0.1:5432, migrates it and fills it
   with a demo-like data set: 35 organisations, 70 projects, 600 people, the series with its next seminar
   (the demo agenda: talks with speakers, speed dating, round tables, panel) and `--requests` + 100 confirmed
   registrations (a distinct QR code for every check-in request);
2. starts `.venv/bin/gunicorn motesplats.wsgi` (production settings, gthread workers) on a free port;
3. phase "Min dag": `--clients` threads send GET /events/<slug>/my-day/ as 50 different signed-in
   participants until `--requests` requests are done or `--seconds` have passed;
4. phase "check-in": `--clients` threads POST the signed codes of distinct registrations to the check-in
   endpoint as the check-in page does (htmx, CSRF), each code once, with the same bounds;
   then the database is checked: exactly as many people checked in as requests answered "checked in";
   both phases are also run with one client at a time (100 requests) for the service time without queueing;
5. stops gunicorn, drops the database and writes median, p95, p99 and max latency per phase.

Latency is measured by the client (connect + request + full response), one new connection per request
(gunicorn's sync-style workers close connections). The client threads run on the same machine as the server.
Each phase also reports the CPU time per request of gunicorn, of PostgreSQL's backends and of the load client
(from /proc): on a machine shared with other work, latency says more about the neighbours than about the code,
while CPU per request changes much less, and bounds the throughput the machine could give us alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import platform
import secrets
import socket
import statistics
import string
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
STHLM = ZoneInfo("Europe/Stockholm")
PG = "postgres://postgres@127.0.0.1:5432"
UNUSABLE = "!"  # Django's mark of an unusable password: sessions are made directly, nobody logs in


# --- database and data ----------------------------------------------------------------------------


def recreate_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_environment(database: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"{PG}/{database}",
        "DJANGO_SETTINGS_MODULE": "motesplats.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "MOTESPLATS_VAR": str(ROOT / "var" / "bench-checkin"),
        "LOG_LEVEL": "ERROR",
    }


@dataclass
class DataSet:
    event_slug: str
    participant_sessions: list[str]
    organiser_sessions: list[str]
    codes: list[str]


def fill(registrations: int, clients: int) -> DataSet:
    """Demo-like data: organisations, projects, people, the series and its next seminar with an agenda."""
    import random
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db import transaction
    from django.utils import timezone

    from motesplats.accounts.models import User
    from motesplats.events.enums import RegistrationStatus
    from motesplats.events.models import Registration, Series
    from motesplats.events.services import AgendaItemData, agenda_replace, event_create, event_publish
    from motesplats.registry.models import Organisation, Person, Project

    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore  # noqa: N806 - the configured engine's
    rng = random.Random(4)
    people_count = max(600, registrations + 20)
    with transaction.atomic():
        organisations = Organisation.objects.bulk_create(
            Organisation(name=f"Förvaltning {i:02d}", slug=f"forvaltning-{i:02d}") for i in range(35))
        projects = Project.objects.bulk_create(
            Project(title=f"Projekt {i:02d}", slug=f"projekt-{i:02d}", key=f"p{i:02d}", owner=organisations[i % 35])
            for i in range(70))
        users = User.objects.bulk_create(
            User(email=f"person{i:04d}@bench.example", role="member", password=UNUSABLE) for i in range(clients))
        organisers = User.objects.bulk_create(
            User(email=f"org{i}@bench.example", role="organiser", password=UNUSABLE) for i in range(5))
        people = Person.objects.bulk_create(
            Person(name=f"Person {i:04d}", email=f"person{i:04d}@bench.example", organisation=organisations[i % 35],
                   user=users[i] if i < clients else None) for i in range(people_count))
        Project.contacts.through.objects.bulk_create(
            Project.contacts.through(project=projects[i % 70], person=people[i]) for i in range(people_count))
        series = Series.objects.create(name="Mötesplats Smart stad", slug="motesplats-smart-stad")
        day = timezone.localdate() + dt.timedelta(days=14)

        def at(hour: int, minute: int = 0) -> dt.datetime:
            return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=STHLM)

        event = event_create(series=series, title="Säkerhet i den smarta staden", theme="säkerhet",
                             starts_at=at(13), ends_at=at(17), capacity=registrations, venue_name="Stokab",
                             venue_address="Stockholm", venue_accessibility="Hiss, hörslinga.")
        speakers = [p.pk for p in people[-6:]]
        agenda_replace(event=event, items=[
            AgendaItemData(start=at(13), end=at(13, 20), title="Välkommen", speaker_ids=speakers[:1]),
            AgendaItemData(start=at(13, 20), end=at(14), title="Hotbilden mot uppkopplad infrastruktur",
                           speaker_ids=speakers[1:3]),
            AgendaItemData(start=at(14), end=at(14, 40), title="Fika och speed dating", kind="speed_dating",
                           rounds=4, round_minutes=8),
            AgendaItemData(start=at(14, 40), end=at(15, 40), title="Rundabordssamtal", kind="round_tables",
                           tables=9, questions=["Vilka risker ser ni?", "Vad hindrar säker delning av data?"]),
            AgendaItemData(start=at(15, 40), end=at(16, 40), title="Panelsamtal", kind="panel",
                           speaker_ids=speakers[2:6]),
            AgendaItemData(start=at(16, 40), end=at(17), title="Avslutning", kind="other"),
        ])
        event = event_publish(event=event)
        now = timezone.now()
        Registration.objects.bulk_create(
            Registration(event=event, person=people[i], project=projects[i % 70], status=RegistrationStatus.CONFIRMED,
                         confirmed_at=now, consent_at=now, consent_version="2026-11",
                         dietary=rng.choice(["", "", "vegetariskt"]))
            for i in range(registrations))
    registrations_qs = Registration.objects.filter(event=event).order_by("id")
    codes = [registration.check_in_code for registration in registrations_qs]

    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore  # noqa: N806 - the configured engine's

    def session_for(user: User) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key or ""

    rng.shuffle(codes)
    return DataSet(event_slug=event.slug, participant_sessions=[session_for(user) for user in users],
                   organiser_sessions=[session_for(organisers[i % 5]) for i in range(clients)], codes=codes)


# --- the server -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(env: dict[str, str], port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "motesplats.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
               "--backlog", "256", "--timeout", "60", "--log-level", "warning"]
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _body = request(port, "GET", "/events/")
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 60 s")


def request(port: int, method: str, path: str, headers: dict[str, str] | None = None,
            body: str | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# --- CPU time, which a shared machine's load does not inflate as much as latency -----------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_tree(pid: int) -> list[int]:
    """`pid` and its descendants (gunicorn's master and workers), from /proc."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo.extend(int(child) for child in task.read_text().split())
            except OSError:
                pass
    return found


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU seconds of each live process (Linux /proc; empty elsewhere)."""
    seconds = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return seconds


def database_backends(database: str) -> list[int]:
    """The PostgreSQL server processes serving `database` (the web workers' kept connections)."""
    import psycopg

    try:
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
            return [row[0] for row in connection.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", [database]).fetchall()]
    except psycopg.Error:
        return []


class CpuMeter:
    """CPU seconds spent by gunicorn (master and workers), by PostgreSQL's backends for the bench database and
    by this load client, between `start()` and `stop()`."""

    def __init__(self, server_pid: int, database: str) -> None:
        self.server_pid, self.database = server_pid, database
        self.web = self.db = self.client = 0.0

    def _sample(self) -> tuple[dict[int, float], dict[int, float], float]:
        return (cpu_seconds(process_tree(self.server_pid)), cpu_seconds(database_backends(self.database)),
                time.process_time())

    def start(self) -> None:
        self._before = self._sample()

    def stop(self) -> None:
        web, db, client = self._sample()
        web0, db0, client0 = self._before
        self.web = sum(value - web0.get(pid, 0.0) for pid, value in web.items())
        self.db = sum(value - db0.get(pid, 0.0) for pid, value in db.items())
        self.client = client - client0


# --- load -----------------------------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    outcomes: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    stopped_by_time: bool = False
    cpu: CpuMeter | None = None

    def summary(self) -> str:
        values = sorted(self.latencies)
        if not values:
            return f"{self.name}: no requests completed"

        def pct(p: float) -> float:
            return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] * 1000

        return (f"{self.name}: {len(values)} requests in {self.seconds:.1f} s ({len(values) / self.seconds:.1f}/s)"
                f"{' (stopped by the time bound)' if self.stopped_by_time else ''}\n"
                f"  median {statistics.median(values) * 1000:.1f} ms, p95 {pct(95):.1f} ms, p99 {pct(99):.1f} ms, "
                f"max {values[-1] * 1000:.1f} ms, mean {statistics.fmean(values) * 1000:.1f} ms\n"
                f"  HTTP statuses {dict(sorted(self.statuses.items()))}"
                + (f"; outcomes {dict(sorted(self.outcomes.items()))}" if self.outcomes else "")
                + (f"\n  CPU per request: web {self.cpu.web / len(values) * 1000:.1f} ms, PostgreSQL "
                   f"{self.cpu.db / len(values) * 1000:.1f} ms, load client {self.cpu.client / len(values) * 1000:.1f} ms"
                   f" (all three: {(self.cpu.web + self.cpu.db + self.cpu.client) / len(values) * 1000:.1f} ms; "
                   f"{os.cpu_count() or 1} CPUs to ourselves would serve at most "
                   f"{(os.cpu_count() or 1) * len(values) / max(self.cpu.web + self.cpu.db + self.cpu.client, 1e-9):.0f}/s)"
                   if self.cpu else ""))


def run_phase(name: str, clients: int, total: int, seconds: float, send: object,
              cpu: CpuMeter | None = None) -> Phase:
    """`clients` threads call send(i) for i = 0..total-1 until done or the time bound passes."""
    phase = Phase(name, cpu=cpu)
    lock = threading.Lock()
    counter = iter(range(total))
    deadline = time.monotonic() + seconds

    def worker() -> None:
        while True:
            with lock:
                if time.monotonic() >= deadline:
                    phase.stopped_by_time = True
                    return
                index = next(counter, None)
            if index is None:
                return
            started = time.perf_counter()
            status, outcome = send(index)  # type: ignore[operator]
            elapsed = time.perf_counter() - started
            with lock:
                phase.latencies.append(elapsed)
                phase.statuses[status] = phase.statuses.get(status, 0) + 1
                if outcome:
                    phase.outcomes[outcome] = phase.outcomes.get(outcome, 0) + 1

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    if cpu is not None:
        cpu.start()
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    phase.seconds = time.perf_counter() - started
    if cpu is not None:
        cpu.stop()
    return phase


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=1000, help="per phase (and number of registrations)")
    parser.add_argument("--seconds", type=float, default=120.0, help="time bound per phase")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database", default="motesplats_checkin_bench")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "checkin_load.txt"))
    args = parser.parse_args(argv)

    load_before = os.getloadavg()
    recreate_database(args.database)
    env = server_environment(args.database)
    (Path(env["MOTESPLATS_VAR"]) / "staticfiles").mkdir(parents=True, exist_ok=True)
    os.environ.update({key: env[key] for key in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY",
                                                 "SECURE_SSL_REDIRECT", "ALLOWED_HOSTS", "MOTESPLATS_VAR")})
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    conn_max_age = settings.DATABASES["default"].get("CONN_MAX_AGE", 0)
    server = None
    try:
        call_command("migrate", verbosity=0)
        t0 = time.perf_counter()
        data = fill(args.requests + 100, args.clients)
        fill_seconds = time.perf_counter() - t0
        connections.close_all()
        port = free_port()
        server = start_server(env, port, args.workers, args.threads)
        my_day = f"/events/{data.event_slug}/my-day/"
        check_in = f"/events/{data.event_slug}/check-in/code/"
        csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))

        def get_my_day(index: int) -> tuple[int, str]:
            session = data.participant_sessions[index % len(data.participant_sessions)]
            status, body = request(port, "GET", my_day, {"Cookie": f"sessionid={session}"})
            return status, "qr" if b"<svg" in body else "no-qr"

        def post_code(index: int) -> tuple[int, str]:
            session = data.organiser_sessions[index % len(data.organiser_sessions)]
            from urllib.parse import urlencode

            status, body = request(port, "POST", check_in, {
                "Cookie": f"sessionid={session}; csrftoken={csrf}", "X-CSRFToken": csrf, "HX-Request": "true",
                "Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://127.0.0.1:{port}/"},
                urlencode({"code": data.codes[index]}))
            outcome = body.split(b'data-outcome="', 1)[1].split(b'"', 1)[0].decode() if b"data-outcome" in body \
                else "none"
            return status, outcome

        def meter() -> CpuMeter:
            return CpuMeter(server.pid, args.database)  # type: ignore[union-attr]

        run_phase("warm-up", min(args.clients, 10), 50, 30, get_my_day)
        baseline = [run_phase("Min dag, one client at a time", 1, 100, 30, get_my_day, meter())]
        phases = [
            run_phase("Min dag (GET /events/<slug>/my-day/)", args.clients, args.requests, args.seconds, get_my_day,
                      meter()),
            run_phase("Check-in (POST code, htmx)", args.clients, min(args.requests, len(data.codes)), args.seconds,
                      post_code, meter()),
        ]
        codes_left = data.codes[min(args.requests, len(data.codes)):]
        if codes_left:
            data.codes = codes_left
            baseline.append(run_phase("Check-in, one client at a time", 1, min(100, len(codes_left)), 30, post_code,
                                      meter()))
        from motesplats.events.models import Registration

        checked_in = Registration.objects.filter(event__slug=data.event_slug, checked_in_at__isnull=False).count()
        connections.close_all()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        connections.close_all()
        drop_database(args.database)

    lines = [
        f"Check-in and Min dag under load — {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"Command: .venv/bin/python -m bench.checkin_load --clients {args.clients} --requests {args.requests} "
        f"--seconds {args.seconds:g} --workers {args.workers} --threads {args.threads}"
        f"{' (REDIS_URL set: cache and sessions in Redis)' if os.environ.get('REDIS_URL') else ''}",
        f"Server: gunicorn {args.workers} gthread workers x {args.threads} threads, production settings, "
        f"PostgreSQL at 127.0.0.1 (database {args.database}, CONN_MAX_AGE {conn_max_age}), loopback only",
        f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
        "the load client runs on the same machine and the machine was shared with other engineers' work "
        "(timings taken on a loaded machine): 1-minute load average "
        f"{load_before[0]:.1f} before the run, {os.getloadavg()[0]:.1f} after it",
        f"Data: {args.requests + 100} confirmed registrations, 6 agenda items, {args.clients} signed-in participants, "
        f"5 organisers ({fill_seconds:.1f} s to fill)",
        "",
        *[phase.summary() for phase in phases],
        "",
        "Baseline without concurrency (service time on the same loaded machine):",
        *[phase.summary() for phase in baseline],
        "",
        f"Check: {checked_in} registrations checked in in the database; "
        f"{sum(phase.outcomes.get('ok', 0) for phase in phases[1:] + baseline[1:])} requests answered "
        "'checked in'.",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(report, encoding="utf-8")
    ok = checked_in == sum(phase.outcomes.get("ok", 0) for phase in phases[1:] + baseline[1:]) and all(
        set(phase.statuses) == {200} for phase in phases + baseline)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""One locked event row and the rest of the site (issue 14, item 1), against gunicorn on PostgreSQL. Run by a
command, never as a timed test:

    .venv/bin/python -m bench.lock_stall [--hold 20] [--registrants 36] [--lock-timeout-ms 2000]
        [--import-rows 2000] [--workers 3] [--threads 4] [--database motesplats_lock_bench]
        [--out bench/results/lock_stall.txt]

1. creates (drops first) the database, fills it as `bench.checkin_load` does (organisations, projects, people,
   a published seminar with free seats), starts gunicorn (production settings, gthread workers) with
   DB_LOCK_TIMEOUT_MS=`--lock-timeout-ms` (0: no lock timeout, the behaviour before issue 14);
2. holds the event row (`SELECT ... FOR UPDATE` in an open transaction of its own) for `--hold` seconds while
   `--registrants` signed-in people POST the registration form (each once, again after Retry-After on a 503) and
   4 clients GET the home page without pause; records the home page's p50/p95/max and the registrations'
   status codes and latencies;
3. imports `--import-rows` participants (new people, one file) through the service the background task runs
   (`events.services.imports.import_registrations`, batches of `BATCH` rows, mail queued after each commit),
   timing the whole import (mails built in-process: no broker) and each batch's hold of the event-row lock
   (from its first registration to its commit), while a client
   registers other people once a second and records how long they waited.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import string
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.checkin_load import (
    ROOT,
    drop_database,
    fill,
    free_port,
    recreate_database,
    request,
    server_environment,
    start_server,
)


def quantile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def summary(values: list[float]) -> str:
    if not values:
        return "no requests"
    return (f"n={len(values)} p50={1000 * statistics.median(values):.0f} ms "
            f"p95={1000 * quantile(values, 0.95):.0f} ms max={1000 * max(values):.0f} ms")


def hold_event_lock(database: str, event_slug: str, seconds: float, ready: threading.Event) -> None:
    import psycopg

    with psycopg.connect(f"postgres://postgres@127.0.0.1:5432/{database}") as connection:
        connection.execute("SELECT id FROM events_event WHERE slug = %s FOR UPDATE", [event_slug])
        ready.set()
        time.sleep(seconds)
        connection.rollback()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hold", type=float, default=20.0)
    parser.add_argument("--registrants", type=int, default=36)
    parser.add_argument("--lock-timeout-ms", type=int, default=2000)
    parser.add_argument("--import-rows", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database", default="motesplats_lock_bench")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "lock_stall.txt"))
    args = parser.parse_args(argv)

    load_before = os.getloadavg()
    recreate_database(args.database)
    env = {**server_environment(args.database), "DB_LOCK_TIMEOUT_MS": str(args.lock_timeout_ms),
           "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}  # mails are built, not sent
    (Path(env["MOTESPLATS_VAR"]) / "staticfiles").mkdir(parents=True, exist_ok=True)
    os.environ.update({key: env[key] for key in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY",
                                                 "SECURE_SSL_REDIRECT", "ALLOWED_HOSTS", "MOTESPLATS_VAR",
                                                 "DB_LOCK_TIMEOUT_MS", "EMAIL_BACKEND")})
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    lines: list[str] = []
    server = None
    try:
        call_command("migrate", verbosity=0)
        data = fill(1, args.registrants + 11)  # person 0 holds the one registration fill() makes
        from motesplats.events.models import Event

        Event.objects.filter(slug=data.event_slug).update(capacity=args.import_rows + 1000)
        connections.close_all()
        port = free_port()
        server = start_server(env, port, args.workers, args.threads)
        csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        register_path = f"/events/{data.event_slug}/register/"

        def register(session: str) -> tuple[int, float, str]:
            started = time.perf_counter()
            status, _body = request(port, "POST", register_path, {
                "Cookie": f"sessionid={session}; csrftoken={csrf}", "X-CSRFToken": csrf,
                "Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://127.0.0.1:{port}/"},
                urlencode({"consent": "on", "csrfmiddlewaretoken": csrf}))
            return status, time.perf_counter() - started, ""

        # --- phase 1: the event row held, registrations pile up, the home page is read ---
        home: list[float] = []
        registrations: list[tuple[int, float]] = []
        ready, stop = threading.Event(), threading.Event()
        holder = threading.Thread(target=hold_event_lock, args=(args.database, data.event_slug, args.hold, ready))
        holder.start()
        ready.wait(30)
        held_from = time.perf_counter()

        def registrant(session: str) -> None:
            for _attempt in range(20):
                status, seconds, _ = register(session)
                registrations.append((status, seconds))
                if status != 503 or stop.is_set():
                    return
                time.sleep(5)  # the Retry-After the 503 gave (DB_BUSY_RETRY_AFTER)

        status, body = request(port, "GET", "/events/", {"Cookie": f"sessionid={data.participant_sessions[1]}"})
        signed_in = status == 200 and b"accounts/logout" in body
        assert signed_in, "the bench's sessions are not signed in"

        def reader() -> None:
            while not stop.is_set():
                started = time.perf_counter()
                status, _ = request(port, "GET", "/")
                if status == 200:
                    home.append(time.perf_counter() - started)

        threads = [threading.Thread(target=registrant, args=(session,))
                   for session in data.participant_sessions[1:args.registrants + 1]]
        readers = [threading.Thread(target=reader) for _ in range(4)]
        for thread in threads + readers:
            thread.start()
        holder.join()
        stop.set()
        for thread in threads + readers:
            thread.join(120)
        statuses: dict[int, int] = {}
        for status, _seconds in registrations:
            statuses[status] = statuses.get(status, 0) + 1
        lines += [
            f"Event row held for {args.hold:.0f} s (DB_LOCK_TIMEOUT_MS={args.lock_timeout_ms}), "
            f"{args.registrants} registrants, gunicorn {args.workers}x{args.threads} gthread",
            f"  home page GET / while held: {summary(home)}",
            f"  registration POSTs: statuses {dict(sorted(statuses.items()))}; latency "
            f"{summary([s for _st, s in registrations])}",
            f"  phase length {time.perf_counter() - held_from:.1f} s",
        ]
        print("\n".join(lines), flush=True)

        # --- phase 2: the import of many rows, with registrations of others alongside ---
        lines += import_phase(args, data, register)
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
        connections.close_all()
        drop_database(args.database)
    report = "\n".join([
        f"command: python -m bench.lock_stall {' '.join(argv if argv is not None else sys.argv[1:])}",
        f"load before: {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}; "
        f"after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        *lines, ""])
    print(report)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "a") as out:
        out.write(report + "\n")
    return 0


def import_phase(args: argparse.Namespace, data: object, register: object) -> list[str]:
    from motesplats.accounts.models import User
    from motesplats.events.models import Event
    from motesplats.events.services import imports
    from motesplats.registry.models import Organisation

    event = Event.objects.get(slug=data.event_slug)  # type: ignore[attr-defined]
    organisation = Organisation.objects.order_by("pk").first()
    organiser = User.objects.filter(role="organiser").first()
    rows = ["email,name,organisation"] + [f"import{i:05d}@bench.example,Importerad {i:05d},{organisation.name}"
                                          for i in range(args.import_rows)]
    holds: list[float] = []
    state: dict[str, float] = {}
    original = imports.register

    def register_spy(**kwargs: object) -> object:
        """The first registration of a batch takes the event lock; the first callback after its commit (when
        the lock is released, before the mails are built) records how long the batch held it."""
        from django.db import transaction

        if "start" not in state:
            state["start"] = time.perf_counter()
            transaction.on_commit(lambda: holds.append(time.perf_counter() - state.pop("start")))
        return original(**kwargs)  # type: ignore[arg-type]

    imports.register = register_spy  # type: ignore[assignment]
    waits: list[tuple[int, float]] = []
    stop = threading.Event()
    sessions = data.participant_sessions[args.registrants + 1:]  # type: ignore[attr-defined]

    def other_registrations() -> None:
        for session in sessions:
            if stop.is_set():
                return
            status, seconds, _ = register(session)  # type: ignore[operator]
            waits.append((status, seconds))
            time.sleep(1)

    side = threading.Thread(target=other_registrations)
    side.start()
    started = time.perf_counter()
    try:
        result = imports.import_registrations(event=event, file="\n".join(rows), by=organiser)
    finally:
        imports.register = original  # type: ignore[assignment]
        stop.set()
        side.join(60)
    total = time.perf_counter() - started
    return [
        f"Import of {args.import_rows} new participants (batches of {imports.BATCH}): {total:.1f} s; "
        f"{result.confirmed} confirmed, {result.waitlisted} waitlisted, {len(result.problems)} rows refused",
        f"  event-row lock held per batch transaction: {summary(holds)}",
        f"  registrations of others during the import: statuses {[s for s, _ in waits]}; "
        f"latency {summary([s for _st, s in waits])}",
    ]


if __name__ == "__main__":
    raise SystemExit(main())

"""Scale figures (issue 15, item 7): the site with a national programme's data, served by gunicorn on
PostgreSQL (and Redis), under concurrent clients, on 1 and on 2 web processes. Run by a command, never as a test:

    .venv/bin/python -m bench.scale [--projects 10000] [--people 5000] [--seminars 50] [--per-seminar 500]
        [--clients 50] [--requests 500] [--seconds 60] [--web 1,2] [--threads 4] [--database motesplats_scale]
        [--redis redis://127.0.0.1:6379/9 | --redis ''] [--port 8171] [--keep] [--out bench/results/scale-<date>.txt]

What it does, all on the loopback interface:
1. creates (drops first) the PostgreSQL database `--database`, migrates it and fills it with bulk_create:
   `--projects` projects (9 in 10 public) of `--projects`/20 organisations with three themes, a data set and one or
   two contacts each; `--people` people; `--seminars` published seminars of one series, each with the demo agenda
   (talks, speed dating 4 rounds, round tables with one table per 10 people, panel) and `--per-seminar` confirmed
   registrations drawn from the people; `--clients` participants of the first seminar can sign in (sessions made
   directly), and 5 organisers;
2. plans the first seminar's networking day as the `plan_networking` command does (`services.day_compute`: speed
   dating then round tables, `planning.solve_day`, the product's default budget), times it, and publishes it so
   that "Min dag" shows seats;
3. for each number of web processes in `--web`: starts `gunicorn motesplats.wsgi` (production settings, gthread,
   `--threads` threads per process, as bench.checkin_load) on `--port` (+1 for the next run), and runs four
   phases of `--clients` client threads, each until `--requests` requests are done or `--seconds` passed:
   the project list (random pages, anonymous), a project page (random public projects, anonymous), the related
   projects fragment that the project page loads with htmx (discovery's index, one per web process), "Min dag"
   (the signed-in participants) and check-in (the organisers post distinct codes: the first seminar's for the
   first run, the second seminar's for the next, so every code is checked in once); then reads the resident
   memory (VmRSS, /proc) of each web process after the load, and stops gunicorn;
4. drops the database (unless `--keep`) and writes median, p95, p99, throughput and CPU per request per phase.

The load client shares the 2-core machine with the server and with other work: latency under load says as much
about the machine as about the code; the CPU per request (bench.checkin_load.CpuMeter) is steadier.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import secrets
import string
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.checkin_load import (
    STHLM,
    UNUSABLE,
    CpuMeter,
    Phase,
    drop_database,
    process_tree,
    recreate_database,
    request,
    run_phase,
    server_environment,
    start_server,
)

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("luft buller trafik parkering energi sol vind vatten dagvatten skyfall värme belysning cykel buss gång "
         "avfall återvinning skola vård äldre digital tvilling sensor iot öppna data ai karta träd grönska klimat "
         "mobilitet laddning el byggnad bostad turism handel säkerhet").split()


# --- progress -------------------------------------------------------------------------------------


class Progress:
    """A terminal progress bar on stderr (one line, redrawn), for the long steps."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.done, self.started = label, max(total, 1), 0, time.perf_counter()
        self._draw()

    def advance(self, step: int = 1) -> None:
        self.done = min(self.total, self.done + step)
        self._draw()

    def _draw(self) -> None:
        width = 30
        filled = int(width * self.done / self.total)
        elapsed = time.perf_counter() - self.started
        sys.stderr.write(f"\r{self.label:28} [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
                         f"{elapsed:6.1f} s")
        sys.stderr.flush()

    def close(self) -> float:
        self.done = self.total
        self._draw()
        sys.stderr.write("\n")
        return time.perf_counter() - self.started


def batches(rows: list[Any], size: int) -> list[list[Any]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def bulk(model: Any, rows: list[Any], label: str, size: int = 1000) -> list[Any]:
    """bulk_create in batches, with a progress bar."""
    bar = Progress(label, len(rows))
    created: list[Any] = []
    for chunk in batches(rows, size):
        created += model.objects.bulk_create(chunk)
        bar.advance(len(chunk))
    bar.close()
    return created


# --- data -----------------------------------------------------------------------------------------


class Data:
    def __init__(self) -> None:
        self.project_slugs: list[str] = []
        self.list_pages = 1
        self.event_slugs: list[str] = []
        self.participant_sessions: list[str] = []
        self.organiser_sessions: list[str] = []
        self.codes: dict[str, list[str]] = {}
        self.counts: dict[str, int] = {}


def fill(args: argparse.Namespace) -> Data:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db import transaction
    from django.utils import timezone

    from motesplats.accounts.models import User
    from motesplats.events.enums import RegistrationStatus
    from motesplats.events.models import Registration, Series
    from motesplats.events.services import AgendaItemData, agenda_replace, event_create, event_publish
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

    rng = random.Random(15)
    data = Data()
    n_orgs = max(35, args.projects // 20)
    kinds = [value for value, _ in OrganisationKind.choices]
    statuses = [value for value, _ in ProjectStatus.choices]
    openness = [value for value, _ in Openness.choices]
    with transaction.atomic():
        organisations = bulk(Organisation, [
            Organisation(name=f"Organisation {n:04d}", slug=f"organisation-{n:04d}", kind=kinds[n % len(kinds)])
            for n in range(n_orgs)], "organisations")
        themes = Theme.objects.bulk_create(Theme(name=word.capitalize(), slug=word) for word in WORDS)
        rows = []
        for n in range(args.projects):
            title = rng.sample(WORDS, 3)
            rows.append(Project(
                title=f"{' '.join(title).capitalize()} {n:05d}", slug=f"projekt-{n:05d}", key=f"p{n:05d}",
                summary=f"Ett projekt om {title[0]} och {title[1]} i stadens kvarter.",
                description=" ".join(rng.choices(WORDS, k=60)), status=statuses[n % len(statuses)],
                owner=organisations[n % n_orgs], is_public=n % 10 != 0))
        projects = bulk(Project, rows, "projects", 500)
        data.project_slugs = [p.slug for p in projects if p.is_public]
        bulk(Project.themes.through, [Project.themes.through(project_id=p.pk, theme_id=t.pk)
                                      for p in projects for t in rng.sample(themes, 3)], "project themes", 5000)
        bulk(Project.partners.through, [Project.partners.through(project_id=p.pk, organisation_id=o.pk)
                                        for p in projects for o in rng.sample(organisations, 2)
                                        if o.pk != p.owner_id], "project partners", 5000)
        bulk(Dataset, [Dataset(project=p, name=f"Data om {rng.choice(WORDS)}", openness=rng.choice(openness))
                       for p in projects], "data sets", 2000)
        users = User.objects.bulk_create(
            User(email=f"person{i:05d}@bench.example", role="member", password=UNUSABLE) for i in range(args.clients))
        organisers = User.objects.bulk_create(
            User(email=f"org{i}@bench.example", role="organiser", password=UNUSABLE) for i in range(5))
        people = bulk(Person, [
            Person(name=f"Person {i:05d}", email=f"person{i:05d}@bench.example", organisation=organisations[i % n_orgs],
                   user=users[i] if i < len(users) else None) for i in range(args.people)], "people")
        bulk(Project.contacts.through, [Project.contacts.through(project_id=p.pk, person_id=person.pk)
                                        for p in projects for person in rng.sample(people, rng.randint(1, 2))],
             "project contacts", 5000)
        # the people's own project: one of their organisation's projects
        projects_by_org: dict[int, list[Any]] = {}
        for p in projects:
            projects_by_org.setdefault(p.owner_id, []).append(p)

        series = Series.objects.create(name="Mötesplats Smart stad", slug="motesplats-smart-stad")
        bar = Progress("seminars and registrations", args.seminars)
        now = timezone.now()
        for k in range(args.seminars):
            day = timezone.localdate() + dt.timedelta(days=14 + 7 * k)

            def at(hour: int, minute: int = 0, day: dt.date = day) -> dt.datetime:
                return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=STHLM)

            event = event_create(series=series, title=f"Seminarium {k + 1:02d}", theme=WORDS[k % len(WORDS)],
                                 starts_at=at(13), ends_at=at(17), capacity=args.per_seminar, venue_name="Stokab",
                                 venue_address="Stockholm", venue_accessibility="Hiss, hörslinga.")
            speakers = [people[(k * 7 + j) % len(people)].pk for j in range(6)]
            agenda_replace(event=event, items=[
                AgendaItemData(start=at(13), end=at(13, 20), title="Välkommen", speaker_ids=speakers[:1]),
                AgendaItemData(start=at(13, 20), end=at(14), title="Hotbilden", speaker_ids=speakers[1:3]),
                AgendaItemData(start=at(14), end=at(14, 40), title="Fika och speed dating", kind="speed_dating",
                               rounds=4, round_minutes=8),
                AgendaItemData(start=at(14, 40), end=at(15, 40), title="Rundabordssamtal", kind="round_tables",
                               tables=max(2, args.per_seminar // 10),
                               questions=["Vilka risker ser ni?", "Vad hindrar säker delning av data?"]),
                AgendaItemData(start=at(15, 40), end=at(16, 40), title="Panelsamtal", kind="panel",
                               speaker_ids=speakers[2:6]),
                AgendaItemData(start=at(16, 40), end=at(17), title="Avslutning", kind="other"),
            ])
            event = event_publish(event=event)
            # the first seminar has the signed-in participants; every seminar draws the rest at random
            chosen = list(range(len(users))) if k == 0 else []
            chosen += rng.sample(range(len(users), len(people)), args.per_seminar - len(chosen))
            Registration.objects.bulk_create(
                Registration(event=event, person=people[i],
                             project=rng.choice(projects_by_org.get(people[i].organisation_id) or projects),
                             status=RegistrationStatus.CONFIRMED, confirmed_at=now, consent_at=now,
                             consent_version="2026-11", dietary=rng.choice(["", "", "vegetariskt"]))
                for i in chosen)
            data.event_slugs.append(event.slug)
            bar.advance()
        bar.close()
    for slug in data.event_slugs[:2]:
        codes = [r.check_in_code for r in Registration.objects.filter(event__slug=slug).order_by("id")]
        rng.shuffle(codes)
        data.codes[slug] = codes

    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore  # noqa: N806 - the configured engine's

    def session_for(user: User) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key or ""

    data.participant_sessions = [session_for(user) for user in users]
    data.organiser_sessions = [session_for(organisers[i % 5]) for i in range(args.clients)]
    data.counts = {"organisations": n_orgs, "projects": len(projects), "public projects": len(data.project_slugs),
                   "people": len(people), "seminars": len(data.event_slugs),
                   "registrations": Registration.objects.count()}
    return data


def plan_day(event_slug: str) -> list[str]:
    """Plan the seminar's networking day as `manage.py plan_networking SLUG` does, time it, publish it."""
    from motesplats.discovery import index_store
    from motesplats.events.models import Event
    from motesplats.networking import services
    from optimiser.rounds import warm_up

    event = Event.objects.get(slug=event_slug)
    sys.stderr.write(f"building this process's discovery index ({index_store.engine_name()}) ...\n")
    index_seconds = time.perf_counter()
    index_store.get_index()
    index_seconds = time.perf_counter() - index_seconds
    sys.stderr.write("loading the engine's compiled kernels (as `manage.py warm_engine` at deploy) ...\n")
    warm = time.perf_counter()
    warm_up()
    warm = time.perf_counter() - warm
    sys.stderr.write("planning the first seminar's day (speed dating + round tables) ...\n")
    wall, cpu = time.perf_counter(), time.process_time()
    plans = services.day_compute(event=event, seed=1)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    lines = [f"Discovery index ({index_store.engine_name()}) built in this process before planning (planning asks "
             f"it for related projects; a process without it builds it on first use): {index_seconds:.1f} s wall",
             f"Plan a {event.registrations.count()}-person seminar day (services.day_compute, as "
             f"`manage.py plan_networking {event_slug} --seed 1`; default budget): wall {wall:.1f} s, "
             f"CPU of this process {cpu:.1f} s (engine warmed first, not counted: {warm:.1f} s wall)"]
    for plan in plans:
        stats = plan.stats
        lines.append(f"  {plan.agenda_item.title} ({plan.kind}, {plan.status}): {stats.get('participants')} people, "
                     f"{stats.get('repeat_pairs')} repeats, {stats.get('same_org_pairs')} same-organisation pairs, "
                     f"engine {stats.get('seconds')} s" + (f"; error {plan.error}" if plan.error else ""))
        if not plan.is_failed:
            services.plan_publish(plan=plan)
    return lines


# --- load -----------------------------------------------------------------------------------------


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def measure(args: argparse.Namespace, env: dict[str, str], data: Data, workers: int, port: int,
            codes: list[str]) -> list[str]:
    server = start_server(env, port, workers, args.threads)
    csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    rng = random.Random(workers)
    my_day = f"/events/{data.event_slugs[0]}/my-day/"
    check_in_event = data.event_slugs[min(workers - 1, len(data.event_slugs) - 1)]
    check_in = f"/events/{check_in_event}/check-in/code/"

    def get(path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
        status, _body = request(port, "GET", path, headers)
        return status, ""

    def project_list(index: int) -> tuple[int, str]:
        return get(f"/projects/?page={rng.randint(1, data.list_pages)}")

    def project_page(index: int) -> tuple[int, str]:
        return get(f"/projects/{rng.choice(data.project_slugs)}/")

    def related(index: int) -> tuple[int, str]:
        return get(f"/discovery/projects/{rng.choice(data.project_slugs)}/related/", {"HX-Request": "true"})

    def get_my_day(index: int) -> tuple[int, str]:
        session = data.participant_sessions[index % len(data.participant_sessions)]
        status, body = request(port, "GET", my_day, {"Cookie": f"sessionid={session}"})
        return status, "seat" if b"Rundabordssamtal" in body else "no-seat"

    def post_code(index: int) -> tuple[int, str]:
        session = data.organiser_sessions[index % len(data.organiser_sessions)]
        status, body = request(port, "POST", check_in, {
            "Cookie": f"sessionid={session}; csrftoken={csrf}", "X-CSRFToken": csrf, "HX-Request": "true",
            "Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://127.0.0.1:{port}/"},
            urlencode({"code": codes[index]}))
        outcome = body.split(b'data-outcome="', 1)[1].split(b'"', 1)[0].decode() if b"data-outcome" in body \
            else "none"
        return status, outcome

    def meter() -> CpuMeter:
        return CpuMeter(server.pid, args.database)

    phases: list[Phase] = []
    try:
        warm = [run_phase("warm-up", min(args.clients, 8), 24, 120, send)
                for send in (project_list, project_page, related, get_my_day)]
        plan = [("Project list (GET /projects/?page=N, anonymous)", project_list, args.requests),
                ("Project page (GET /projects/<slug>/, anonymous)", project_page, args.requests),
                ("Related projects (GET /discovery/projects/<slug>/related/, htmx fragment the project page loads)",
                 related, args.requests),
                ("Min dag (GET /events/<slug>/my-day/, signed in)", get_my_day, args.requests),
                ("Check-in (POST code, htmx, organiser)", post_code, min(args.requests, len(codes)))]
        for label, send, total in plan:
            sys.stderr.write(f"  {workers} web process(es): {label} ...\n")
            phases.append(run_phase(label, args.clients, total, args.seconds, send, meter()))
        pids = process_tree(server.pid)
        web = [pid for pid in pids if pid != server.pid]
        rss = [rss_mb(pid) for pid in web]
        master = rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return [f"== {workers} gunicorn web process(es) x {args.threads} threads (gthread), {args.clients} clients ==",
            f"Warm-up (8 clients, 24 requests per page; the first related-projects requests wait while each web process "
            f"builds its discovery index): slowest {max(warm[2].latencies, default=0):.1f} s, statuses "
            f"{dict(sorted(warm[2].statuses.items()))}",
            *[phase.summary() for phase in phases],
            f"Memory after the load (VmRSS): web process(es) {', '.join(f'{m:.0f} MB' for m in rss)}; "
            f"gunicorn master {master:.0f} MB", ""]


def _uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, timeout=5,
                              env={**os.environ, "TZ": "UTC"}).stdout.strip()
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=10000)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--seminars", type=int, default=50)
    parser.add_argument("--per-seminar", type=int, default=500)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=500, help="per phase")
    parser.add_argument("--seconds", type=float, default=60.0, help="time bound per phase")
    parser.add_argument("--web", default="1,2", help="numbers of gunicorn web processes to measure, comma-separated")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database", default="motesplats_scale")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/9",
                        help="REDIS_URL for cache and sessions (the stateless web tier); '' for none")
    parser.add_argument("--discovery", default="lexical",
                        help="DISCOVERY_ENGINE for this process and the web processes (see the note in the README)")
    parser.add_argument("--port", type=int, default=8171)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / f"scale-{dt.datetime.now(dt.UTC):%Y%m%d}.txt"))
    args = parser.parse_args(argv)
    if args.per_seminar + args.clients > args.people or args.clients > args.per_seminar:
        parser.error("--people must exceed --per-seminar + --clients, and --clients must not exceed --per-seminar")
    command = "python -m bench.scale " + " ".join(sys.argv[1:] if argv is None else argv)
    uptime_before = _uptime()
    print(f"# command: {command}\n# uptime before: {uptime_before}", flush=True)

    if args.redis:
        os.environ["REDIS_URL"] = args.redis
        import redis

        redis.Redis.from_url(args.redis).flushdb()
    else:
        os.environ.pop("REDIS_URL", None)
    os.environ["DISCOVERY_ENGINE"] = args.discovery
    recreate_database(args.database)
    env = server_environment(args.database)
    env["MOTESPLATS_VAR"] = str(ROOT / "var" / "bench-scale")
    (Path(env["MOTESPLATS_VAR"]) / "staticfiles").mkdir(parents=True, exist_ok=True)
    os.environ.update({key: env[key] for key in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY",
                                                 "SECURE_SSL_REDIRECT", "ALLOWED_HOSTS", "MOTESPLATS_VAR")})
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    lines: list[str] = []
    try:
        sys.stderr.write("migrating ...\n")
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        data = fill(args)
        fill_seconds = time.perf_counter() - started
        from motesplats.registry.views import PAGE_SIZE

        data.list_pages = max(1, -(-len(data.project_slugs) // PAGE_SIZE))
        with connections["default"].cursor() as cursor:
            cursor.execute("ANALYZE")
        plan_lines = plan_day(data.event_slugs[0])
        connections.close_all()
        for n, workers in enumerate(int(w) for w in args.web.split(",")):
            slug = data.event_slugs[min(n, len(data.event_slugs) - 1)]
            lines += measure(args, env, data, workers, args.port + n, data.codes[slug])
        connections.close_all()
    finally:
        connections.close_all()
        if not args.keep:
            drop_database(args.database)

    uptime_after = _uptime()
    header = [
        f"Scale figures (issue 15, item 7) — {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"Command: .venv/bin/{command}",
        f"uptime before: {uptime_before}",
        f"uptime after:  {uptime_after}",
        f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; shared with "
        "other engineers' work and CI (timings taken on a loaded machine); the load client runs on the same machine",
        f"Server: gunicorn gthread, production settings, PostgreSQL at 127.0.0.1 (database {args.database}, "
        f"CONN_MAX_AGE {settings.DATABASES['default'].get('CONN_MAX_AGE', 0)}), "
        + (f"cache and sessions in Redis ({args.redis})" if args.redis else "no Redis (local-memory cache)")
        + f", DISCOVERY_ENGINE={args.discovery}",
        "Data: " + ", ".join(f"{value} {key}" for key, value in data.counts.items())
        + f"; {args.clients} signed-in participants of the first seminar, 5 organisers ({fill_seconds:.0f} s to fill,"
        f" bulk_create); project list: {data.list_pages} pages",
        f"Phases: {args.clients} concurrent clients, up to {args.requests} requests or {args.seconds:g} s each; "
        "latency measured by the client, one new connection per request",
        "",
        *plan_lines,
        "",
    ]
    report = "\n".join(header + lines) + "\n"
    print(report)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

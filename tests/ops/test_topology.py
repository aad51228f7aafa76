"""`make topology-test`: the compose.yaml topology as processes on one machine, on PostgreSQL and Redis.

Two gunicorn web processes on two ports, two Celery workers and beat, each started with the command its
container runs (the Makefile's `web`, `worker` and `beat`, read with `make -n`). Then:
- pages and a signed-in session are served by both web processes (sessions in Redis);
- a project edited through one web process is in the other's discovery results within 5 s;
- networking for a 500-person seminar is planned, and the worker running it is killed with SIGKILL: the plan
  completes on the other worker, with every person seated once per round (nothing lost or doubled);
- registrations go through both web processes while one of them is killed: the other keeps serving, and every
  registration is stored exactly once.

It needs PostgreSQL and Redis (TOPOLOGY_DATABASE_URL, TOPOLOGY_REDIS_URL; defaults in the Makefile) and fails,
never skips, without them. It runs under `make topology-test` (and `pytest -k topology`), not in the plain suite.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("TOPOLOGY_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/motesplats_topology")
REDIS_URL = os.environ.get("TOPOLOGY_REDIS_URL", "redis://127.0.0.1:6379/9")
PORTS = [int(port) for port in os.environ.get("TOPOLOGY_PORTS", "8108,8118").split(",")]
PEOPLE = 500
GUESTS = 40
PASSWORD = "demo-password-1"
pytestmark = [pytest.mark.slow, pytest.mark.topology]

SEED = f"""
import datetime as dt, django; django.setup()
from django.utils import timezone
from motesplats.accounts.models import User
from motesplats.events.models import AgendaItem, Event, Registration, Series
from motesplats.registry.models import Organisation, Person, Project
hashed = User(email="x@example.se"); hashed.set_password({PASSWORD!r})
User.objects.create_user(email="arrangor@example.se", password={PASSWORD!r}, role="organiser")
orgs = Organisation.objects.bulk_create([Organisation(name=f"Organisation {{i}}", slug=f"org-{{i}}") for i in range(50)])
users = User.objects.bulk_create([User(email=f"p{{i}}@example.se", password=hashed.password, role="member")
                                  for i in range({PEOPLE + GUESTS})])
people = Person.objects.bulk_create([Person(name=f"Person {{i}}", email=u.email, organisation=orgs[i % 50], user=u)
                                     for i, u in enumerate(users)])
projects = Project.objects.bulk_create([Project(title=f"Projekt {{i}}", slug=f"projekt-{{i}}", owner=orgs[i])
                                        for i in range(50)])
Project.objects.create(title="Luftkvalitet i Årsta", slug="luftkvalitet", owner=orgs[0],
                       description="Sensorer mäter luftkvalitet, partiklar och kvävedioxid vid skolor i Årsta.")
for i in range(6):  # close to the first: they fill its top five until the edit below
    Project.objects.create(title=f"Luftmätning {{i}}", slug=f"luftmatning-{{i}}", owner=orgs[2 + i],
                           description=f"Sensorer mäter luftkvalitet och partiklar vid skola {{i}} i Årsta.")
Project.objects.create(title="Cykelparkering", slug="cykelparkering", owner=orgs[1],
                       description="Säkra cykelställ vid pendeltågsstationer och bytespunkter.")
series = Series.objects.create(name="Serien", slug="serien")
start = timezone.now() + dt.timedelta(days=10)
def event(slug, title):
    return Event.objects.create(series=series, title=title, slug=slug, date=start.date(), starts_at=start,
                                ends_at=start + dt.timedelta(hours=4), capacity=1000, status="publicerad")
day = event("natverksdag", "Nätverksdag")
AgendaItem.objects.create(event=day, order=1, starts_at=start, ends_at=start + dt.timedelta(hours=1),
                          kind="round_tables", title="Rundabord", tables=50, questions=["Vad saknas?"])
Registration.objects.bulk_create([Registration(event=day, person=p, project=projects[i % 50], status="confirmed",
                                               consent_at=timezone.now()) for i, p in enumerate(people[:{PEOPLE}])])
event("seminarium", "Seminarium")
"""


def _env(tmp: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTEST", "DJANGO_ALLOW_ASYNC")) and key != "DJANGO_SETTINGS_MODULE"}
    return {**env, "DJANGO_SETTINGS_MODULE": "motesplats.settings.topology", "DATABASE_URL": DATABASE_URL,
            "REDIS_URL": REDIS_URL, "CELERY_BROKER_URL": REDIS_URL, "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1,localhost", "MOTESPLATS_VAR": str(tmp), "DISCOVERY_ENGINE": "lexical",
            "LOG_FORMAT": "json", "LOG_LEVEL": "INFO", "NETWORKING_PLAN_STALE_SECONDS": "6",
            "NETWORKING_WATCHDOG_SECONDS": "2", "DB_CONN_MAX_AGE": "60", "STATIC_ROOT": str(tmp / "static"), "SITE_URL": f"http://127.0.0.1:{PORTS[0]}"}


def make_command(target: str, **variables: str) -> str:
    """The target's commands, as `make -n` prints them (the same that compose.yaml's containers run)."""
    assignments = [f"{name}={value}" for name, value in variables.items()]
    result = subprocess.run(["make", "-n", "--no-print-directory", target, *assignments], cwd=ROOT,
                            capture_output=True, text=True, timeout=60, check=True)
    return " && ".join(line.strip() for line in result.stdout.splitlines() if line.strip())


@dataclass
class Topology:
    tmp: Path
    env: dict[str, str]
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start(self, name: str, command: str) -> None:
        log = (self.tmp / f"{name}.log").open("wb")
        self.processes[name] = subprocess.Popen(["sh", "-c", command], cwd=ROOT, env=self.env, stdout=log,
                                                stderr=subprocess.STDOUT, start_new_session=True)

    def kill(self, name: str) -> None:
        """SIGKILL to the process and everything it started (a gunicorn master and its workers, a Celery
        worker and its pool): what a crashed machine or an OOM kill does."""
        process = self.processes[name]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def alive(self, name: str) -> bool:
        return self.processes[name].poll() is None

    def log(self, name: str) -> str:
        return (self.tmp / f"{name}.log").read_text(encoding="utf-8", errors="replace")

    def stop_all(self) -> None:
        for _name, process in self.processes.items():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def run_manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def fresh_database() -> None:
    import psycopg

    url = urlparse(DATABASE_URL)
    name = url.path.lstrip("/")
    with psycopg.connect(host=url.hostname, port=url.port or 5432, user=url.username or "postgres",
                         password=url.password, dbname="postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def wait_for(predicate: Any, timeout: float, what: str, every: float = 0.3) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except (requests.RequestException, OSError):
            value = None
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def celery_control() -> Any:
    from celery import Celery

    return Celery("topology-probe", broker=REDIS_URL).control


@pytest.fixture(scope="module")
def topology(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Topology]:
    import redis

    tmp = tmp_path_factory.mktemp("topology")
    fresh_database()  # fails (does not skip) when PostgreSQL is not there
    redis.Redis.from_url(REDIS_URL).flushdb()  # likewise for Redis
    top = Topology(tmp, _env(tmp))
    (tmp / "static").mkdir()
    run_manage(top.env, "manage.py", "migrate", "--noinput", "-v0")
    run_manage(top.env, "-c", SEED)
    run_bin = f"{Path(sys.executable).parent}/"
    for number, port in enumerate(PORTS, start=1):
        top.start(f"web{number}", make_command("web", RUN=run_bin, WEB_BIND=f"127.0.0.1:{port}", WEB_WORKERS="2",
                                               WEB_THREADS="4"))
    for number in (1, 2):
        top.start(f"worker{number}", make_command("worker", RUN=run_bin, WORKER_CONCURRENCY="1",
                                                  WORKER_NAME=f"w{number}@topology"))
    top.start("beat", make_command("beat", RUN=run_bin, BEAT_SCHEDULE=str(tmp / "beat-schedule")))
    def started(check: Any) -> Any:
        for name in top.processes:
            assert top.alive(name), f"{name} stopped:\n{top.log(name)[-3000:]}"
        return check()

    try:
        for port in PORTS:
            wait_for(lambda port=port: started(lambda: requests.get(url(port, "/readyz"), timeout=5).status_code == 200),
                     180, f"/readyz on port {port}")
        wait_for(lambda: started(lambda: len(celery_control().ping(timeout=1.0) or []) == 2), 180,
                 "both Celery workers")
        yield top
    finally:
        top.stop_all()


def url(port: int, path: str) -> str:
    return f"http://127.0.0.1:{port}{path}"


def csrf(session: requests.Session, page: str) -> str:
    response = session.get(page, timeout=30)
    response.raise_for_status()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
    assert match, page
    return match.group(1)


def sign_in(session: requests.Session, port: int, email: str) -> None:
    token = csrf(session, url(port, "/accounts/login/"))
    response = session.post(url(port, "/accounts/login/"), data={"username": email, "password": PASSWORD,
                                                                 "csrfmiddlewaretoken": token},
                            headers={"Referer": url(port, "/accounts/login/")}, timeout=30, allow_redirects=False)
    assert response.status_code == 302, response.text[:500]


def test_topology_both_web_processes_serve_pages_and_share_sessions(topology: Topology) -> None:
    for port in PORTS:
        for path in ("/", "/projects/", "/events/", "/events/natverksdag/", "/healthz"):
            response = requests.get(url(port, path), timeout=30)
            assert response.status_code == 200, (port, path)
            assert response.headers["X-Request-ID"]
    session = requests.Session()
    sign_in(session, PORTS[0], "p0@example.se")
    profile = session.get(url(PORTS[1], "/accounts/profile/"), timeout=30, allow_redirects=False)
    assert profile.status_code == 200, "signed in through one process, known to the other (sessions in Redis)"
    metrics = requests.get(url(PORTS[1], "/metrics"), timeout=30).text
    assert 'motesplats_registrations{status="confirmed"} 500.0' in metrics
    lines = [json.loads(line) for line in topology.log("web1").splitlines() if line.startswith("{")]
    access = [line for line in lines if line["name"] == "motesplats.request" and line["path"] == "/projects/"]
    assert access and all(len(line["request_id"]) == 32 and line["status"] == 200 for line in access), \
        "JSON access lines with a request id"


def test_topology_a_project_edited_through_one_process_is_discovered_by_the_other_within_5_s(
        topology: Topology) -> None:
    def related_on_second() -> str:
        return requests.get(url(PORTS[1], "/discovery/projects/luftkvalitet/related/"), timeout=30).text

    assert 'href="/projects/luftmatning-0/"' in related_on_second()
    assert 'href="/projects/cykelparkering/"' not in related_on_second()
    organiser = requests.Session()
    sign_in(organiser, PORTS[0], "arrangor@example.se")
    edit = url(PORTS[0], "/projects/cykelparkering/edit/")
    page = organiser.get(edit, timeout=30).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    owner = re.search(r'<option value="(\d+)"[^>]*selected[^>]*>\s*Organisation 1\s*<', page).group(1)  # type: ignore[union-attr]
    response = organiser.post(edit, data={
        "csrfmiddlewaretoken": token, "title": "Luftkvalitet vid cykelstråk",
        "summary": "Sensorer mäter luftkvalitet och partiklar.", "status": "pågående", "owner": owner,
        "description": "Sensorer mäter luftkvalitet, partiklar och kvävedioxid vid skolor och cykelstråk i Årsta.",
        "themes_text": "luftkvalitet, sensorer", "is_public": "on", "datasets-TOTAL_FORMS": "0",
        "datasets-INITIAL_FORMS": "0", "needs-TOTAL_FORMS": "0", "needs-INITIAL_FORMS": "0"}, headers={"Referer": edit}, timeout=30,
        allow_redirects=False)
    assert response.status_code == 302, re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]+)', response.text)[:5]
    saved = time.monotonic()
    wait_for(lambda: 'href="/projects/cykelparkering/"' in related_on_second(), 5.0, "the edited project in the other's results")
    assert time.monotonic() - saved <= 5.0


@pytest.fixture(scope="module")
def plan_state() -> dict[str, Any]:
    return {}


def test_topology_planning_survives_kill_9_of_the_worker_running_it(topology: Topology,
                                                                    plan_state: dict[str, Any]) -> None:
    organiser = requests.Session()
    sign_in(organiser, PORTS[0], "arrangor@example.se")
    page = url(PORTS[0], "/networking/events/natverksdag/")
    html = organiser.get(page, timeout=60).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    item = re.search(r'name="item" value="(\d+)"', html).group(1)  # type: ignore[union-attr]
    response = organiser.post(url(PORTS[0], "/networking/events/natverksdag/compute/"), data={
        "csrfmiddlewaretoken": token, "item": item, "rounds": "1", "tables": "50", "w_organisation": "1.0",
        "w_related": "0.5", "w_role": "0.3"}, headers={"Referer": page}, timeout=60, allow_redirects=False)
    assert response.status_code == 302, response.text[:500]

    def running_on() -> str | None:
        active = celery_control().inspect(timeout=1.0).active() or {}
        for host, tasks in active.items():
            if any(task["name"].endswith("compute_plan") for task in tasks):
                return str(host)
        return None

    host = wait_for(running_on, 60, "a worker to start the plan")
    victim = "worker1" if host.startswith("w1@") else "worker2"
    time.sleep(2.0)  # well into the search
    topology.kill(victim)
    plan_state.update(victim=victim, survivor="worker2" if victim == "worker1" else "worker1", item=item,
                      killed_at=time.monotonic())
    assert not topology.alive(victim)


def test_topology_registrations_survive_killing_a_web_process_during_load(topology: Topology) -> None:
    emails = [f"p{i}@example.se" for i in range(PEOPLE, PEOPLE + GUESTS)]
    live = list(PORTS)
    statuses: list[int] = []

    def request(method: str, session: requests.Session, preferred: int, path: str, **kwargs: Any) -> Any:
        """A client behind the proxy: a refused or dropped connection is tried on the other process."""
        for port in [preferred, *[p for p in PORTS if p != preferred]]:
            try:
                return port, session.request(method, url(port, path), timeout=30, **kwargs)
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
                continue  # refused, or cut off in the middle of the answer
        raise AssertionError("no web process answered")

    def register(index: int) -> int:
        session = requests.Session()
        first, second = PORTS[index % 2], PORTS[(index + 1) % 2]
        port, page = request("GET", session, first, "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        port, response = request("POST", session, first, "/accounts/login/", data={
            "username": emails[index], "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": url(port, "/accounts/login/")}, allow_redirects=False)
        assert response.status_code == 302, response.status_code
        for _attempt in range(3):
            port, page = request("GET", session, second, "/events/seminarium/register/")
            match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
            if match is None and "/register/done/" in page.url:
                return 200  # the earlier attempt was stored; the page says so
            assert match, page.text[:300]
            try:
                response = session.post(url(port, "/events/seminarium/register/"), data={
                    "csrfmiddlewaretoken": match.group(1), "consent": "on"},
                    headers={"Referer": url(port, "/events/seminarium/register/")}, timeout=30,
                    allow_redirects=False)
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
                continue  # the process died under us: ask again (the register page knows if it was stored)
            return int(response.status_code)
        raise AssertionError(f"registration {index} failed")

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(register, index) for index in range(GUESTS)]
        wait_for(lambda: sum(f.done() for f in futures) >= GUESTS // 4, 120, "the first registrations")
        topology.kill("web1")
        live.remove(PORTS[0])
        statuses = [future.result() for future in futures]
    assert not topology.alive("web1")
    assert all(status == 302 or status == 200 for status in statuses), statuses
    for path in ("/", "/events/seminarium/"):
        assert requests.get(url(PORTS[1], path), timeout=30).status_code == 200, "the other keeps serving"

    check = ("import django, json; django.setup(); from motesplats.events.models import Registration; "
             "from django.db.models import Count; "
             "rows = Registration.objects.filter(event__slug='seminarium'); "
             "print(json.dumps([rows.count(), rows.values('person').distinct().count(), "
             "sorted(rows.values_list('person__email', flat=True))]))")
    count, people, stored = json.loads(run_manage(topology.env, "-c", check).strip().splitlines()[-1])
    assert count == people == GUESTS, "every registration stored, none twice"
    assert stored == sorted(emails)


def test_topology_the_plan_completes_on_the_other_worker_with_nothing_lost_or_doubled(
        topology: Topology, plan_state: dict[str, Any]) -> None:
    assert plan_state, "the planning step ran first"
    check = ("import django, json; django.setup(); from motesplats.networking.models import Plan; "
             "p = Plan.objects.get(agenda_item_id={}); s = p.seats.all(); "
             "print(json.dumps([p.status, s.count(), s.values('person', 'round').distinct().count(), "
             "s.values('person').distinct().count()]))".format(plan_state["item"]))

    def done() -> list[Any] | None:
        status = json.loads(run_manage(topology.env, "-c", check).strip().splitlines()[-1])
        return status if status[0] in ("ready", "published", "failed") else None

    status, seats, distinct_seats, people = wait_for(done, 150, "the plan to complete on the other worker", 3.0)
    assert status == "ready", topology.log(plan_state["survivor"])[-3000:]
    assert seats == distinct_seats == people == PEOPLE, "everyone seated once: nothing lost, nothing doubled"
    finished = [line for line in topology.log(plan_state["survivor"]).splitlines() if line.startswith("{")
                and (record := json.loads(line))["name"] == "celery.app.trace"
                and record.get("data", {}).get("name", "").endswith(".compute_plan")
                and record["data"].get("return_value") == "'ready'"]
    assert len(finished) == 1, "the surviving worker computed the plan, once (a later delivery is a no-op)"
    assert "compute_plan" not in "".join(line for line in topology.log(plan_state["victim"]).splitlines()
                                         if "succeeded" in line), "the killed worker never finished it"
    assert topology.alive(plan_state["survivor"]) and topology.alive("web2") and topology.alive("beat")

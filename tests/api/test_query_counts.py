"""N+1 guards for every list endpoint of the API: the same number of SQL queries for 3 rows as for 30.

Each size builds a world where every list has that many rows (with every relation a row shows), and each
endpoint is called as an organiser after one warm-up call (which fills caches such as the discovery index and
notes when the session was used). The counts are literals: the same for both sizes, and a change shows here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .conftest import STHLM

pytestmark = pytest.mark.django_db

QUERIES = {  # path -> SQL queries per call (session and user lookups included)
    "/api/problems": 2,
    "/api/registry/organisations": 4,
    "/api/registry/projects": 5,
    "/api/registry/datasets": 4,
    "/api/registry/needs": 4,
    "/api/registry/people": 4,
    "/api/events/series": 3,
    "/api/events/events": 3,
    "/api/events/events/{slug}/agenda": 5,
    "/api/events/events/{slug}/registrations": 4,
    "/api/events/registrations/mine": 4,
    "/api/networking/plans": 3,
    "/api/networking/plans/{plan_id}/rounds": 4,
    "/api/networking/plans/{plan_id}/assignments": 4,
    "/api/networking/my-seats": 10,  # + the plan versions that mark a changed seat (one query)
    "/api/networking/series/{slug}/picture": 6,  # + who checked in (only they met)
    "/api/discovery/projects/{slug}/similar": 8,  # + the verdicts the engine learns from (one query)
    "/api/discovery/projects/{slug}/data-matches": 9,
    "/api/datasharing/requests": 4,
    "/api/datasharing/agreements": 4,
}


FIXED_LENGTH = {"/api/problems", "/api/networking/plans/{plan_id}/rounds", "/api/networking/my-seats",
                "/api/discovery/projects/{slug}/similar", "/api/discovery/projects/{slug}/data-matches"}


def build(size: int) -> dict[str, Any]:
    """`size` rows in every list; returns the organiser and the path parameters."""
    from django.utils import timezone

    from motesplats.accounts.models import User
    from motesplats.events.models import AgendaItem, Event, Registration, Series
    from motesplats.networking.models import Encounter, Plan, Seat
    from motesplats.registry.models import DataNeed, Dataset, Organisation, Person, Project, Theme

    organiser = User.objects.create_user(email="arrangor@example.se", password="demo-password-1", role="organiser")
    orgs = [Organisation.objects.create(name=f"Organisation {i:02d}", slug=f"org-{i}", kind="bolag")
            for i in range(size)]
    me = Person.objects.create(name="Arrangören", email=organiser.email, organisation=orgs[0], user=organiser)
    people = [Person.objects.create(name=f"Person {i:02d}", email=f"p{i}@example.se", organisation=orgs[i],
                                    interests=["luft", f"intresse {i}"]) for i in range(size)]
    projects = []
    for i in range(size):
        project = Project.objects.create(title=f"Projekt om luft {i:02d}", slug=f"projekt-{i}", owner=orgs[i],
                                         summary="Luftkvalitet och trafik")
        project.themes.add(Theme.objects.create(name=f"Tema {i}", slug=f"tema-{i}"))
        project.partners.add(orgs[(i + 1) % size])
        project.contacts.add(people[i], me)
        Dataset.objects.create(project=project, name=f"Luftdata {i}", description="partiklar", openness="öppen")
        DataNeed.objects.create(project=project, description=f"Luftdata och trafik {i}")
        projects.append(project)

    series = Series.objects.create(name="Serien", slug="serien")
    day = timezone.localdate() + dt.timedelta(days=20)
    events = []
    for i in range(size):
        start = dt.datetime.combine(day + dt.timedelta(days=i), dt.time(13), tzinfo=STHLM)
        events.append(Event.objects.create(series=series, title=f"Träff {i}", slug=f"traff-{i}",
                                           date=start.date(), starts_at=start, ends_at=start + dt.timedelta(hours=4),
                                           capacity=size // 2, status="publicerad"))
    Series.objects.bulk_create([Series(name=f"Serie {i}", slug=f"serie-{i}") for i in range(size - 1)])
    event = events[0]
    items = []
    for i in range(size):
        start = event.starts_at + dt.timedelta(minutes=5 * i)
        item = AgendaItem.objects.create(event=event, order=i, starts_at=start, ends_at=start + dt.timedelta(minutes=5),
                                         kind="round_tables", title=f"Punkt {i}", tables=2, allow_overlap=True)
        item.speakers.add(people[i], me)
        items.append(item)
    now = timezone.now()
    for i, person in enumerate(people):  # half confirmed, half waitlisted: every row has a waitlist position
        confirmed = i < size // 2
        Registration.objects.create(event=event, person=person, project=projects[i], consent_at=now,
                                    status="confirmed" if confirmed else "waitlisted",
                                    waitlisted_at=None if confirmed else now + dt.timedelta(seconds=i))
    for other in events:
        Registration.objects.create(event=other, person=me, project=projects[0], status="confirmed", consent_at=now)
    plans = [Plan.objects.create(agenda_item=item, kind="tables", status="published", published_at=now,
                                 options={"rounds": 1, "tables_count": 2}) for item in items]
    for plan in plans[:2]:
        for i, person in enumerate([me, *people]):
            Seat.objects.create(plan=plan, round=0, table=i % 2, person=person)
    for i, person in enumerate(people):
        Encounter.objects.create(series=series, event=events[i % size], plan=plans[0], kind="tables",
                                 person_a=me if me.pk < person.pk else person,
                                 person_b=person if me.pk < person.pk else me)
    # The network picture counts only seminars that took place, with people who checked in: a series of them.
    memory = Series.objects.create(name="Minnet", slug="minnet")
    for i in range(size):
        start = dt.datetime.combine(timezone.localdate() - dt.timedelta(days=400 - i), dt.time(13), tzinfo=STHLM)
        held = Event.objects.create(series=memory, title=f"Hållen {i}", slug=f"hallen-{i}", date=start.date(),
                                    starts_at=start, ends_at=start + dt.timedelta(hours=4), capacity=size,
                                    status="avslutad")
        pair = sorted((people[i], people[(i + 1) % size]), key=lambda p: p.pk)
        for person in pair:
            Registration.objects.create(event=held, person=person, project=projects[0], status="confirmed",
                                        consent_at=now, checked_in_at=start)
        Encounter.objects.create(series=memory, event=held, kind="tables", person_a=pair[0], person_b=pair[1])

    from motesplats.datasharing.models import Agreement, DataRequest

    datasets = list(Dataset.objects.order_by("pk"))
    for i in range(size):  # each project asks the next one for its data, and gets it
        request = DataRequest.objects.create(dataset=datasets[(i + 1) % size], requester=people[i], project=projects[i],
                                             purpose="Luftdata", status="accepted", idempotency_key=f"q{i}")
        Agreement.objects.create(request=request, producer=orgs[(i + 1) % size], consumer=orgs[i], licence="CC0",
                                 delivery_route="api")
    return {"organiser": organiser, "slug": event.slug, "plan_id": str(plans[0].pk), "project": projects[0].slug,
            "series": memory.slug}


def url_of(path: str, world: dict[str, Any]) -> tuple[str, dict[str, str]]:
    if path.startswith(("/api/discovery/projects/", "/api/registry/projects/")):
        path = path.replace("{slug}", world["project"])
    if path.startswith("/api/networking/series/"):
        path = path.replace("{slug}", world["series"])
    url = path.replace("{slug}", world["slug"]).replace("{plan_id}", world["plan_id"])
    query = {"event": world["slug"]} if path == "/api/networking/my-seats" else {}
    if path.startswith(("/api/registry/", "/api/datasharing/")):
        query["limit"] = "100"  # every row on one page
    return url, query


def count(client: Client, url: str, query: dict[str, str]) -> tuple[int, Any]:
    client.get(url, query)  # warm-up: caches (the discovery index), the session's first use
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
    assert response.status_code == 200, (url, response.content[:300])
    return len(captured), response.json()


def rows(body: Any) -> int:
    if isinstance(body, dict):
        return len(body.get("items", [])) or sum(len(v) for v in body.values() if isinstance(v, list))
    return len(body)


@pytest.mark.parametrize("size", [3, 30])
def test_every_list_endpoint_runs_the_same_number_of_queries_for_3_and_30_rows(size: int) -> None:
    world = build(size)
    client = Client()
    client.force_login(world["organiser"])
    measured, shown = {}, {}
    for path in QUERIES:
        url, query = url_of(path, world)
        measured[path], body = count(client, url, query)
        shown[path] = rows(body)
    assert measured == QUERIES
    # the lists really had `size` rows (those of a fixed length grow inside: partners, seats, producers)
    assert {path for path, n in shown.items() if n < size} <= FIXED_LENGTH, shown


def test_the_registrations_list_answers_with_waitlist_positions_and_no_n_plus_one() -> None:
    world = build(30)
    client = Client()
    client.force_login(world["organiser"])
    url, query = url_of("/api/events/events/{slug}/registrations", world)
    queries, body = count(client, url, query)
    assert len(body) == 31 and queries == QUERIES["/api/events/events/{slug}/registrations"]  # 30 and "me"
    waiting = [row["waitlist_position"] for row in body if row["status"] == "waitlisted"]
    assert sorted(waiting) == list(range(1, 16))
    assert {row["event"] for row in body} == {world["slug"]}


def test_every_list_endpoint_is_guarded(client: Client) -> None:
    """A new list endpoint must be added to QUERIES (and so to the test above)."""
    schema = client.get("/api/openapi.json").json()
    lists = set()
    for path, methods in schema["paths"].items():
        operation = methods.get("get")
        if operation is None:
            continue
        ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
        ref = ok.get("$ref", "")
        if ok.get("type") == "array" or ref.rsplit("/", 1)[-1].startswith("Paged") or ref.endswith("MatchesOut"):
            lists.add(path)
    assert lists == set(QUERIES)

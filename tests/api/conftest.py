"""A small world every API operation can be called on: registry, a series with events and registrations,
published networking plans; an organiser with a token, and the path parameters that point at real rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import pytest

STHLM = ZoneInfo("Europe/Stockholm")


@dataclass
class ApiWorld:
    organiser: Any
    organiser_token: str
    member: Any
    member_token: str
    person: Any  # the member's person
    params: dict[str, str] = field(default_factory=dict)  # path parameter values by path template name
    paths: dict[str, dict[str, str]] = field(default_factory=dict)  # per path template, when names mean more


def build_api_world(people: int = 6) -> ApiWorld:
    from django.utils import timezone

    from motesplats.accounts import services as account_services
    from motesplats.accounts.models import User
    from motesplats.events.models import AgendaItem, Event, Registration, Series
    from motesplats.networking.models import Encounter, Plan, Seat
    from motesplats.registry.models import DataNeed, Dataset, Organisation, Person, Project, Theme

    orgs = [Organisation.objects.create(name=f"Organisation {i}", slug=f"organisation-{i}", kind="bolag")
            for i in range(3)]
    organiser = User.objects.create_user(email="arrangor@example.se", password="demo-password-1", role="organiser")
    Person.objects.create(name="Arrangören", email=organiser.email, organisation=orgs[0], user=organiser)
    member = User.objects.create_user(email="medlem@example.se", password="demo-password-1", role="member")
    person = Person.objects.create(name="Maja Medlem", email=member.email, organisation=orgs[1], user=member,
                                   interests=["luft"])
    others = [Person.objects.create(name=f"Deltagare {i}", email=f"d{i}@example.se", organisation=orgs[i % 3])
              for i in range(people)]
    theme = Theme.objects.create(name="Luft", slug="luft")
    public = Project.objects.create(title="Luftkvalitet", slug="luftkvalitet", owner=orgs[0], is_public=True)
    public.themes.add(theme)
    public.partners.add(orgs[2])
    public.contacts.add(person)
    private = Project.objects.create(title="Intern studie", slug="intern-studie", owner=orgs[1], is_public=False)
    dataset = Dataset.objects.create(project=public, name="Partiklar", openness="öppen")
    need = DataNeed.objects.create(project=public, description="Trafikflöden")

    series = Series.objects.create(name="Serien", slug="serien")
    day = timezone.localdate() + dt.timedelta(days=20)
    start = dt.datetime.combine(day, dt.time(13), tzinfo=STHLM)
    event = Event.objects.create(series=series, title="Träffen", slug="traffen", date=day, starts_at=start,
                                 ends_at=start + dt.timedelta(hours=4), capacity=len(others), status="publicerad")
    Event.objects.create(series=series, title="Utkast", slug="utkast", date=day, starts_at=start,
                         ends_at=start + dt.timedelta(hours=4), capacity=10, status="utkast")
    item = AgendaItem.objects.create(event=event, order=1, starts_at=start, ends_at=start + dt.timedelta(hours=1),
                                     kind="round_tables", title="Rundabord", tables=2, questions=["Hinder?"])
    item.speakers.add(others[0])
    registrations = [Registration.objects.create(event=event, person=p, project=public, status="confirmed",
                                                 consent_at=timezone.now()) for p in [person, *others]]
    waiting = Person.objects.create(name="Väntande", email="vantar@example.se", organisation=orgs[2])
    Registration.objects.create(event=event, person=waiting, status="waitlisted", waitlisted_at=timezone.now(),
                                consent_at=timezone.now())
    plan = Plan.objects.create(agenda_item=item, kind="tables", status="published", published_at=timezone.now(),
                               options={"rounds": 1, "tables_count": 2})
    seated = [person, *others]
    for index, someone in enumerate(seated):
        Seat.objects.create(plan=plan, round=0, table=index % 2, person=someone)
    for a in seated:
        for b in seated:
            if a.pk < b.pk:
                Encounter.objects.create(series=series, event=event, plan=plan, kind="tables", person_a=a, person_b=b)

    from motesplats.datasharing.models import Agreement, DataRequest

    data_request = DataRequest.objects.create(dataset=dataset, requester=others[1], purpose="Partiklar per gata",
                                              status="accepted", idempotency_key="api-world")
    agreement = Agreement.objects.create(request=data_request, producer=orgs[0], consumer=others[1].organisation,
                                         licence="CC0", delivery_route="api")

    _token, organiser_token = account_services.api_token_create(user=organiser, name="test")
    _token, member_token = account_services.api_token_create(user=member, name="test")
    params = {"slug": event.slug, "pk": str(registrations[0].pk), "plan_id": str(plan.pk), "code": "not_found"}
    paths = {
        "/api/registry/organisations/{slug}": {"slug": orgs[0].slug},
        "/api/registry/projects/{slug}": {"slug": public.slug},
        "/api/registry/projects/{slug}/datasets": {"slug": public.slug},
        "/api/registry/projects/{slug}/needs": {"slug": public.slug},
        "/api/registry/people/{pk}": {"pk": str(person.pk)},
        "/api/registry/datasets/{pk}": {"pk": str(dataset.pk)},
        "/api/registry/needs/{pk}": {"pk": str(need.pk)},
        "/api/discovery/projects/{slug}/similar": {"slug": public.slug},
        "/api/discovery/projects/{slug}/data-matches": {"slug": public.slug},
        "/api/events/series/{slug}": {"slug": series.slug},
        "/api/networking/series/{slug}/picture": {"slug": series.slug},
        "/api/datasharing/requests/{pk}": {"pk": str(data_request.pk)},
        "/api/datasharing/requests/{pk}/steps": {"pk": str(data_request.pk)},
        "/api/datasharing/agreements/{pk}": {"pk": str(agreement.pk)},
        "/api/datasharing/agreements/{pk}/steps": {"pk": str(agreement.pk)},
    }
    world = ApiWorld(organiser=organiser, organiser_token=organiser_token, member=member,
                     member_token=member_token, person=person, params=params, paths=paths)
    world.private_project = private  # type: ignore[attr-defined]
    return world


@pytest.fixture
def api_world(db: Any) -> ApiWorld:
    return build_api_world()


def fill_path(world: ApiWorld, path: str) -> str:
    """The path template with the world's values: `/api/events/events/{slug}` -> `/api/events/events/traffen`."""
    values = {**world.params, **world.paths.get(path, {})}
    for name, value in values.items():
        path = path.replace("{" + name + "}", value)
    return path


def required_query(operation: dict[str, Any], world: ApiWorld) -> dict[str, str]:
    """Values for the operation's required query parameters (e.g. `event` of /networking/my-seats)."""
    return {p["name"]: world.params["slug"] for p in operation.get("parameters", [])
            if p["in"] == "query" and p.get("required")}


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method, path, operation) for path, methods in schema["paths"].items()
            for method, operation in methods.items()]


def call(client: Any, method: str, url: str, *, query: dict[str, str] | None = None, body: str = "{}",
         **headers: str) -> Any:
    """GET with a query, anything else with a JSON body."""
    if method == "get":
        return client.get(url, query or {}, headers=headers)
    return getattr(client, method)(url, data=body, content_type="application/json", headers=headers)

"""Every page and API call of data sharing, for every role: who gets in, who is sent to log in, who is refused.
One row per URL; a route under /data/ or an operation under /api/datasharing/ without a row fails the guards.

Roles: member (asked for the data: contact of the requesting project), owner (contact of the project that
collects it), third (a member of a third project), reader, organiser (programme office), anonymous. The
request is not public: only the parties and the programme office see it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from motesplats.datasharing import services
from motesplats.datasharing.models import Agreement, DataRequest, Step

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "reader", "member", "owner", "third", "organiser")
OK, LOGIN, DENIED, GONE, HIDDEN = 200, "login", 403, 405, 404

PAGES: dict[str, tuple[object, ...]] = {
    "/data/": (OK, OK, OK, OK, OK, OK),
    "/data/catalog.ttl": (OK, OK, OK, OK, OK, OK),
    "/data/catalog.rdf": (OK, OK, OK, OK, OK, OK),
    "/data/catalog.jsonld": (OK, OK, OK, OK, OK, OK),
    "/data/{open}/": (OK, OK, OK, OK, OK, OK),
    "/data/{shared}/": (HIDDEN, OK, OK, OK, OK, OK),  # not open: the public does not see it
    "/data/{shared}/request/": (HIDDEN, DENIED, OK, DENIED, OK, DENIED),  # organiser has no person here
    "/data/{shared}/contact/": (HIDDEN, DENIED, OK, DENIED, OK, DENIED),
    "/data/requests/": (LOGIN, OK, OK, OK, OK, OK),
    "/data/requests/history.csv": (LOGIN, DENIED, DENIED, DENIED, DENIED, OK),
    "/data/requests/notices/": (LOGIN, GONE, GONE, GONE, GONE, GONE),
    "/data/requests/{request}/": (LOGIN, HIDDEN, OK, OK, HIDDEN, OK),
    "/data/requests/{request}/accept/": (GONE, GONE, GONE, GONE, GONE, GONE),  # POST only (refusals below)
    "/data/requests/{request}/history.csv": (LOGIN, HIDDEN, OK, OK, HIDDEN, OK),
    "/data/agreements/{agreement}/": (LOGIN, HIDDEN, OK, OK, HIDDEN, OK),
    "/data/agreements/{agreement}/history.csv": (LOGIN, HIDDEN, OK, OK, HIDDEN, OK),
    "/data/flows/": (LOGIN, OK, OK, OK, OK, OK),
}

API = "/api/datasharing"
API_CALLS: dict[tuple[str, str], tuple[int, ...]] = {
    ("get", f"{API}/requests"): (401, 200, 200, 200, 200, 200),
    ("post", f"{API}/requests"): (401, 403, 201, 403, 201, 403),
    ("get", f"{API}/requests/{{request}}"): (401, 404, 200, 200, 404, 200),
    ("post", f"{API}/requests/{{request}}/steps"): (401, 404, 403, 200, 404, 403),  # an owner's question
    ("get", f"{API}/agreements"): (401, 200, 200, 200, 200, 200),
    ("get", f"{API}/agreements/{{agreement}}"): (401, 404, 200, 200, 404, 200),
    ("post", f"{API}/agreements/{{agreement}}/steps"): (401, 404, 200, 200, 404, 403),  # "end": either side
    ("get", f"{API}/flows"): (401, 200, 200, 200, 200, 200),
}
PAYLOADS = {
    f"{API}/requests": lambda names: {"dataset": names["shared"], "purpose": "Trafik för luften"},
    f"{API}/requests/{{request}}/steps": lambda names: {"step": "ask", "text": "Vilka gator?"},
    f"{API}/agreements/{{agreement}}/steps": lambda names: {"step": "end", "note": "Klart"},
}


@pytest.fixture
def names(world: dict[str, Any]) -> dict[str, Any]:
    from motesplats.registry.models import Dataset

    request, _ = services.data_request_create(by=world["member"], dataset=world["dataset"], purpose="Koppla",
                                              project=world["projects"]["luft"])
    other, _ = services.data_request_create(by=world["member"], dataset=Dataset.objects.get(
        project=world["projects"]["parkering"]), purpose="Beläggning", project=world["projects"]["luft"])
    agreement = services.data_request_accept(request=other, by=_owner_of_parking(world), licence="CC0",
                                             delivery_route="file")
    return {"open": Dataset.objects.get(project=world["projects"]["luft"]).pk, "shared": world["dataset"].pk,
            "request": request.pk, "agreement": agreement.pk}


def _owner_of_parking(world: dict[str, Any]) -> Any:
    """The trafik owner is also a contact of the parking project (same organisation)."""
    world["projects"]["parkering"].contacts.add(world["owner"].person)
    return world["owner"]


def _client(world: dict[str, Any], role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world[role])
    return client


@pytest.mark.parametrize("url", list(PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_page_access(world, names, url, role):
    expected = PAGES[url][ROLES.index(role)]
    response = _client(world, role).get(url.format(**names))
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next="), \
            (response.status_code, response.get("Location"))
    else:
        assert response.status_code == expected, response.content[:300]


@pytest.mark.parametrize("call", list(API_CALLS), ids=lambda call: f"{call[0]} {call[1]}")
@pytest.mark.parametrize("role", ROLES)
def test_api_access(world, names, call, role):
    from motesplats.accounts import services as account_services

    method, url = call
    expected = API_CALLS[call][ROLES.index(role)]
    headers = {}
    if role != "anonymous":
        _token, raw = account_services.api_token_create(user=world[role], name="matrix")
        headers["Authorization"] = f"Bearer {raw}"
    payload = PAYLOADS[url](names) if url in PAYLOADS and method == "post" else None
    kwargs = {"data": json.dumps(payload), "content_type": "application/json"} if payload else {}
    response = getattr(Client(), method)(url.format(**names), headers=headers, **kwargs)
    assert response.status_code == expected, response.content[:300]


STEP_POSTS = [("accept", {"licence": "CC0", "delivery_route": "api"}), ("ask", {"question": "?"}),
              ("decline", {"reason": "nej"}), ("reply", {"answer": "svar"}), ("withdraw", {"reason": ""})]


@pytest.mark.parametrize("role", ["anonymous", "reader", "third", "organiser"])
@pytest.mark.parametrize(("step", "data"), STEP_POSTS)
def test_refused_steps_change_nothing(world, names, role, step, data):
    before = (list(DataRequest.objects.values_list("pk", "status")), Step.objects.count(), Agreement.objects.count())
    response = _client(world, role).post(f"/data/requests/{names['request']}/{step}/", data)
    assert response.status_code in {302, 403, 404}
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    after = (list(DataRequest.objects.values_list("pk", "status")), Step.objects.count(), Agreement.objects.count())
    assert after == before


def _routes(patterns: list[Any], prefix: str = "") -> Any:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def test_every_url_has_a_row():
    """A data-sharing route added without a row above fails here (every step route is one pattern)."""
    covered = {url.replace("{open}", "<int:pk>").replace("{shared}", "<int:pk>").replace("{request}", "<int:pk>")
               .replace("{agreement}", "<int:pk>").replace("/accept/", "/<slug:step>/").lstrip("/") for url in PAGES}
    ours = {route for route in _routes(get_resolver().url_patterns) if route.startswith("data/")}
    assert ours and ours - covered == set()


def test_every_api_operation_has_a_row(client):
    schema = client.get("/api/openapi.json").json()
    operations = {(method, path) for path, item in schema["paths"].items() if path.startswith(API)
                  for method in item}
    covered = {(method, url.replace("{request}", "{pk}").replace("{agreement}", "{pk}")) for method, url in API_CALLS}
    assert operations and operations - covered == set()

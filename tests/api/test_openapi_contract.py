"""The API's contract, checked by walking its own OpenAPI document: tokens, security markings, schema names,
bounded inputs and documented problems."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from motesplats.accounts import services as account_services

from .conftest import call, fill_path, operations, required_query

pytestmark = pytest.mark.django_db

ANONYMOUS_READS = {  # the operations anonymous callers may use, as the pages allow
    "/api/problems", "/api/problems/{code}",
    "/api/registry/organisations", "/api/registry/organisations/{slug}", "/api/registry/projects",
    "/api/registry/projects/{slug}", "/api/registry/datasets", "/api/registry/needs",
    "/api/discovery/projects/{slug}/similar", "/api/discovery/projects/{slug}/data-matches",
    "/api/events/consent", "/api/events/series", "/api/events/series/{slug}", "/api/events/events",
    "/api/events/events/{slug}", "/api/events/events/{slug}/agenda", "/api/networking/series/{slug}/picture",
}


@pytest.fixture
def schema(client: Client) -> dict[str, Any]:
    return client.get("/api/openapi.json").json()


def test_an_organiser_token_is_accepted_by_every_get_operation(api_world: Any, schema: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    headers = {"Authorization": f"Bearer {api_world.organiser_token}"}
    answers = {}
    for method, path, operation in operations(schema):
        if method != "get":
            continue
        response = client.get(fill_path(api_world, path), required_query(operation, api_world), headers=headers)
        answers[path] = response.status_code
    assert len(answers) >= 25
    assert {path: status for path, status in answers.items() if status != 200} == {}


def test_an_unknown_or_revoked_token_is_refused_by_every_operation(api_world: Any, schema: dict[str, Any],
                                                                  settings: Any) -> None:
    settings.API_TOKEN_FAILURE_LIMIT = 10**6  # the throttle of unknown tokens: tests/accounts/test_throttling.py
    token, raw = account_services.api_token_create(user=api_world.organiser, name="gammal")
    account_services.api_token_revoke(token=token)
    client = Client(enforce_csrf_checks=True)
    for header in ("Bearer mp_finns-inte", f"Bearer {raw}", "Bearer", "Basic dXNlcjpwdw==", "skräp"):
        for method, path, _operation in operations(schema):
            response = call(client, method, fill_path(api_world, path), Authorization=header)
            assert response.status_code == 401, (header, method, path, response.content)
            assert response.json()["code"] == "invalid_token"
            assert response["WWW-Authenticate"].startswith("Bearer")


def test_anonymous_reads_are_marked_and_everything_else_needs_credentials(schema: dict[str, Any]) -> None:
    schemes = schema["components"]["securitySchemes"]
    assert schemes["ApiTokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert schemes["SessionCookieAuth"]["in"] == "cookie"
    anonymous = set()
    for method, path, operation in operations(schema):
        security = operation["security"]
        assert {"ApiTokenAuth": []} in security and {"SessionCookieAuth": []} in security, (method, path)
        if {} in security:
            anonymous.add(path)
            assert method == "get", path
        assert "401" in operation["responses"], (method, path)
    assert anonymous == ANONYMOUS_READS


def test_anonymous_reads_answer_and_the_rest_asks_for_credentials(api_world: Any, schema: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    for method, path, operation in operations(schema):
        url = fill_path(api_world, path)
        response = call(client, method, url, query=required_query(operation, api_world))
        if method == "get" and path in ANONYMOUS_READS:
            assert response.status_code == 200, (method, path, response.content)
        else:
            assert response.status_code == 401, (method, path)
            assert response.json()["code"] == "not_authenticated"


def test_every_schema_has_its_own_name() -> None:
    """Two schema classes with one name would overwrite each other in the document (generated clients break);
    the document generator refuses them, and every component here belongs to exactly one class."""
    from ninja import Schema

    from motesplats.api import api

    document = api.get_openapi_schema(path_prefix="/api/")
    names: dict[str, set[str]] = {}
    pending = list(Schema.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("motesplats.") and cls.__name__ in document["components"]["schemas"]:
            names.setdefault(cls.__name__, set()).add(f"{cls.__module__}.{cls.__qualname__}")
    assert {name: owners for name, owners in names.items() if len(owners) > 1} == {}


def test_the_document_generator_refuses_two_schemas_with_one_name() -> None:
    from ninja import Router, Schema
    from ninja.errors import ConfigError

    from motesplats.common.api import MotesplatsAPI

    def schema_named(name: str, field: str) -> type[Schema]:
        return type(name, (Schema,), {"__annotations__": {field: int}})

    first, second = schema_named("Twin", "a"), schema_named("Twin", "b")
    router = Router()

    def one(request: Any) -> dict[str, int]:
        return {"a": 1}

    def two(request: Any) -> dict[str, int]:
        return {"b": 2}

    router.get("/one", response=first)(one)
    router.get("/two", response=second)(two)
    api = MotesplatsAPI(urls_namespace="twins")
    api.add_router("/", router)
    with pytest.raises(ConfigError, match="Twin"):
        api.get_openapi_schema(path_prefix="/")


def _walk(schema: Any, components: dict[str, Any], seen: set[str] | None = None) -> list[dict[str, Any]]:
    """Every leaf schema (type string/integer) reachable from `schema`, following $refs once."""
    seen = set() if seen is None else seen
    found: list[dict[str, Any]] = []
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if ref:
            name = ref.rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                found += _walk(components[name], components, seen)
            return found
        if schema.get("type") in {"string", "integer"}:
            found.append(schema)
        for key in ("properties", "items", "anyOf", "allOf", "oneOf"):
            value = schema.get(key)
            children = value.values() if isinstance(value, dict) and key == "properties" else \
                value if isinstance(value, list) else [value] if isinstance(value, dict) else []
            for child in children:
                found += _walk(child, components, seen)
    return found


def test_every_input_is_bounded(schema: dict[str, Any]) -> None:
    """No integer the database cannot hold and no text of unlimited length reaches the services."""
    components = schema["components"]["schemas"]
    unbounded = []
    for method, path, operation in operations(schema):
        inputs = [p["schema"] for p in operation.get("parameters", [])]
        body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
        if body:
            inputs.append(body)
        for leaf in (leaf for item in inputs for leaf in _walk(item, components)):
            if leaf["type"] == "integer" and "maximum" not in leaf:
                unbounded.append((method, path, leaf))
            if leaf["type"] == "string" and not ({"maxLength", "enum", "const", "format"} & set(leaf)):
                unbounded.append((method, path, leaf))
    assert unbounded == []


def test_every_error_is_a_documented_problem(schema: dict[str, Any]) -> None:
    for method, path, operation in operations(schema):
        responses = operation["responses"]
        assert {"401", "503"} <= set(responses), (method, path)
        if operation.get("parameters") or operation.get("requestBody"):
            assert "422" in responses, (method, path)
        for status, response in responses.items():
            if int(status) >= 400:
                assert list(response["content"]) == ["application/problem+json"], (method, path, status)
                assert response["content"]["application/problem+json"]["schema"] == {
                    "$ref": "#/components/schemas/Problem"}
    problem = schema["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "code"} <= set(problem["required"])


def test_the_problem_types_are_listed_with_translated_titles(client: Client) -> None:
    listed = {p["code"]: p for p in client.get("/api/problems?lang=en").json()}
    assert listed["not_found"] == {"code": "not_found", "status": 404, "title": "Not found."}
    assert listed["registration_closed"]["status"] == 409 and listed["invalid_input"]["status"] == 422
    assert listed["try_again"]["status"] == 503 and listed["invalid_token"]["status"] == 401
    assert Client().get("/api/problems/registration_closed").json()["title"] == "Anmälan till seminariet är stängd."
    unknown = client.get("/api/problems/finns-inte")
    assert unknown.status_code == 404 and unknown.json()["type"] == "http://testserver/api/problems/not_found"


def test_session_writes_need_the_csrf_token(api_world: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(api_world.organiser)
    response = client.post("/api/events/events/traffen/publish", data=json.dumps({}),
                           content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "csrf_failed"

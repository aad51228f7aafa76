"""Errors of the API: RFC 7807 problems in the caller's language, and 4xx (never 5xx) for hostile input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from motesplats.events.models import Event
from motesplats.registry.models import Project

from .conftest import call, fill_path, operations

pytestmark = pytest.mark.django_db


def bearer(token: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def test_a_problem_has_type_title_status_detail_and_code_in_the_callers_language(api_world: Any) -> None:
    swedish = Client().get("/api/events/events/finns-inte")
    assert swedish.status_code == 404
    assert swedish["Content-Type"] == "application/problem+json; charset=utf-8"
    assert swedish.json() == {"type": "http://testserver/api/problems/not_found", "title": "Hittades inte.",
                              "status": 404, "detail": "Det du söker finns inte, eller så får du inte se det.",
                              "code": "not_found"}
    for english in (Client().get("/api/events/events/finns-inte?lang=en"),
                    Client().get("/api/events/events/finns-inte", headers={"Accept-Language": "en-GB,en;q=0.8"})):
        assert english.json()["title"] == "Not found." and english["Content-Language"] == "en"


def test_a_token_owner_gets_problems_in_the_language_of_their_account(api_world: Any) -> None:
    api_world.organiser.language = "en"
    api_world.organiser.save(update_fields=["language"])
    client = bearer(api_world.organiser_token)
    assert client.get("/api/events/events/finns-inte").json()["title"] == "Not found."
    assert client.get("/api/events/events/finns-inte?lang=sv").json()["title"] == "Hittades inte."


def test_invalid_input_names_each_field_with_a_translated_message(api_world: Any) -> None:
    client = bearer(api_world.organiser_token)
    response = client.patch("/api/events/events/traffen?lang=en", json.dumps({"title": "", "capacity": 0}),
                            content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input" and body["title"] == "The input contains errors."
    assert {(e["field"], e["code"]) for e in body["errors"]} == {("title", "string_too_short"),
                                                                  ("capacity", "greater_than_equal")}
    assert "capacity: Must be at least 1." in body["detail"]


def test_domain_errors_use_409_for_state_and_422_for_input(api_world: Any) -> None:
    client = bearer(api_world.organiser_token)
    url = "/api/events/events/traffen/registrations"
    again = client.post(url, json.dumps({"consent": True, "person_id": api_world.person.pk}),
                        content_type="application/json")
    assert (again.status_code, again.json()["code"]) == (409, "already_registered")
    unconsented = client.post(url, json.dumps({"consent": False}), content_type="application/json")
    assert (unconsented.status_code, unconsented.json()["code"]) == (422, "consent_required")
    published = client.post("/api/events/events/traffen/publish")
    assert (published.status_code, published.json()["code"]) == (409, "invalid_transition")


@pytest.mark.parametrize("body", ['"hello world"', "0.0", "[]", "null", "true", '[{"title": "x"}]'])
def test_a_body_that_is_not_a_json_object_is_refused_and_changes_nothing(api_world: Any, body: str) -> None:
    client = bearer(api_world.organiser_token)
    schema = client.get("/api/openapi.json").json()
    before = list(Event.objects.order_by("pk").values()), list(Project.objects.order_by("pk").values())
    for method, path, operation in operations(schema):
        content = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
        if not content or content["schema"].get("type") == "array":
            continue  # no body, or a body that is a list (the agenda)
        response = call(client, method, fill_path(api_world, path), body=body)
        assert response.status_code == 422, (method, path, body, response.content)
        assert response.json()["errors"][0]["code"] in {"model_type", "missing"}
    assert (list(Event.objects.order_by("pk").values()), list(Project.objects.order_by("pk").values())) == before


def test_the_agenda_body_must_be_a_list_of_objects(api_world: Any) -> None:
    client = bearer(api_world.organiser_token)
    for body in ('"hello world"', "0.0", '{"title": "x"}', '["x"]'):
        response = client.put("/api/events/events/traffen/agenda", body, content_type="application/json")
        assert response.status_code == 422, body
    assert Event.objects.get(slug="traffen").agenda_items.count() == 1


def test_garbage_json_is_a_clear_400_or_422(api_world: Any) -> None:
    client = bearer(api_world.organiser_token)
    url = "/api/events/events/traffen"
    cases = {'{"title": "x': (400, "bad_request"), '{"capacity": 1' + "0" * 5000 + "}": (422, "number_too_long"),
             "[" * 5000 + "]" * 5000: (422, "json_too_deep"), '{"title": NaN}': (400, "bad_request"),
             '{"title": "a\\u0000b"}': (422, "control_characters"), '{"title": "\\ud800"}': (422, "control_characters")}
    for body, (status, code) in cases.items():
        response = client.patch(url, body, content_type="application/json")
        assert response.status_code == status, (body[:40], response.content)
        problem = response.json()
        assert problem.get("errors", [{"code": problem["code"]}])[0]["code"] == code or problem["code"] == code
    assert Event.objects.get(slug="traffen").title == "Träffen"


@pytest.mark.parametrize("path", ["/api/registry/projects", "/api/registry/organisations", "/api/registry/people",
                                  "/api/registry/datasets", "/api/registry/needs",
                                  "/api/events/events/traffen/registrations"])
def test_nul_bytes_and_huge_numbers_in_query_strings_are_422(api_world: Any, path: str) -> None:
    client = bearer(api_world.organiser_token)
    for query in ("q=a%00b", "q=%01", "limit=99999999999999999999999", "offset=99999999999999999999999",
                  "offset=-1", "limit=0"):
        response = client.get(f"{path}?{query}")
        if path.endswith("registrations") and query.startswith(("limit", "offset")):
            assert response.status_code == 200  # not paginated: unknown parameters are ignored
            continue
        assert response.status_code == 422, (path, query, response.content)
        assert response["Content-Type"].startswith("application/problem+json")


def test_integers_and_datetimes_the_database_cannot_hold_are_422(api_world: Any) -> None:
    client = bearer(api_world.organiser_token)
    url = "/api/events/events/traffen"
    bad = [{"capacity": 2**31}, {"capacity": 2**63}, {"capacity": -1},
           {"starts_at": "2026-12-20T13:00:00+23:59"}, {"starts_at": "0001-01-01T00:00:00+01:00"},
           {"ends_at": "9999-12-31T23:59:59-11:00"}, {"registration_opens_at": "2026-13-01T00:00:00Z"}]
    for body in bad:
        response = client.patch(url, json.dumps(body), content_type="application/json")
        assert response.status_code == 422, (body, response.content)
        assert response.json()["errors"][0]["field"] == next(iter(body))
    for path in ("/api/events/registrations/99999999999999999999", "/api/registry/people/0",
                 "/api/networking/plans/9223372036854775808", "/api/registry/datasets/-5"):
        response = client.get(path) if "datasets" not in path else client.patch(path, "{}",
                                                                                content_type="application/json")
        assert response.status_code == 422, path
    agenda = [{"start": "13:00", "end": "13:30", "title": "x", "rounds": 2**15, "speaker_ids": [2**63]}]
    response = client.put(f"{url}/agenda", json.dumps(agenda), content_type="application/json")
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"0.rounds", "0.speaker_ids.0"}
    event = Event.objects.get(slug="traffen")
    assert event.capacity == 6 and event.agenda_items.count() == 1


def test_a_service_unavailable_error_becomes_503_with_retry_after(api_world: Any, monkeypatch: Any) -> None:
    from motesplats.common.errors import ServiceUnavailable
    from motesplats.events import selectors

    def busy(event: Any) -> Any:
        raise ServiceUnavailable(retry_after=7)

    monkeypatch.setattr(selectors, "event_counts", busy)
    response = bearer(api_world.organiser_token).get("/api/events/events/traffen/counts?lang=en")
    assert response.status_code == 503 and response["Retry-After"] == "7"
    assert response.json() | {"type": ""} == {
        "type": "", "title": "Try again in a moment.", "status": 503, "code": "try_again", "retry_after": 7,
        "detail": "The service is busy right now. Nothing was saved; try again in a moment."}


def test_a_bug_stays_a_server_error_and_is_not_disguised(api_world: Any, monkeypatch: Any) -> None:
    from motesplats.events import selectors

    def broken(event: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(selectors, "event_counts", broken)
    with pytest.raises(RuntimeError):
        bearer(api_world.organiser_token).get("/api/events/events/traffen/counts")

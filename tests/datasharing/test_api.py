"""The API: a request made twice with the same key is made once (201, then 200), steps answer 409 when the state
does not allow them, and the flows answer the figures the leadership view reuses."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from motesplats.accounts import services as account_services
from motesplats.datasharing import selectors
from motesplats.datasharing.models import DataRequest

pytestmark = pytest.mark.django_db


def _api(user) -> tuple[Client, dict[str, str]]:
    _token, raw = account_services.api_token_create(user=user, name="test")
    return Client(), {"Authorization": f"Bearer {raw}"}


def _post(user, url, body):
    client, headers = _api(user)
    return client.post(url, data=json.dumps(body), content_type="application/json", headers=headers)


def test_the_same_key_makes_one_request(world):
    body = {"dataset": world["dataset"].pk, "purpose": "Koppla", "project": "luft", "idempotency_key": "k"}
    first = _post(world["member"], "/api/datasharing/requests", body)
    second = _post(world["member"], "/api/datasharing/requests", body)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"] and DataRequest.objects.count() == 1
    assert first.json()["steps"][0]["by"] == "Maja Medlem"


def test_steps_through_the_api(world, make_request):
    request = make_request()
    url = f"/api/datasharing/requests/{request.pk}/steps"
    declined = _post(world["owner"], url, {"step": "decline", "text": "Inte nu"})
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    again = _post(world["owner"], url, {"step": "accept", "licence": "CC0", "delivery_route": "api"})
    assert again.status_code == 409 and again.json()["code"] == "data_move_not_allowed"
    missing = _post(world["owner"], f"/api/datasharing/requests/{make_request(project=None).pk}/steps",
                    {"step": "accept", "delivery_route": "api"})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "licence"


def test_flow_figures_count_by_month_and_take_the_median(world, make_request):
    now = timezone.now()
    first, second = make_request(), make_request(project=None)
    DataRequest.objects.filter(pk=first.pk).update(created=now - dt.timedelta(days=4), answered_at=now,
                                                   status="accepted")
    DataRequest.objects.filter(pk=second.pk).update(created=now - dt.timedelta(days=2), answered_at=now,
                                                    status="declined")
    figures = selectors.flow_figures(user=world["organiser"])
    assert (figures.total_made, figures.total_answered, figures.total_accepted) == (2, 2, 1)
    assert figures.median_days_to_answer == 3.0 and sum(figures.made) == 2 and len(figures.months) == 12
    client, headers = _api(world["organiser"])
    body = client.get("/api/datasharing/flows", headers=headers).json()
    assert body["total_made"] == 2 and body["median_days_to_answer"] == 3.0 and body["edges"] == []
    assert selectors.flow_figures(user=world["third"]).total_made == 2  # counts name no one
    assert selectors.flows(user=world["third"]) == []  # but the arrows are the parties' own

"""What a project collects and needs, through the API: create, change, delete; bad input saves nothing."""

import json

import pytest
from django.test import Client

from motesplats.accounts import services as account_services
from motesplats.registry.models import DataNeed, Dataset, Project

pytestmark = pytest.mark.django_db
BASE = "/api/registry"


@pytest.fixture
def script(member):
    _token, raw = account_services.api_token_create(user=member, name="data")
    client = Client(enforce_csrf_checks=True)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


def send(client, method, url, payload=None):
    if payload is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, json.dumps(payload), content_type="application/json")


def test_member_adds_changes_and_removes_a_dataset(script, public_project):
    created = send(script, "post", f"{BASE}/projects/{public_project.slug}/datasets",
                   {"name": "Partiklar PM10", "format": "JSON", "openness": "öppen", "update_frequency": "dygn"})
    assert created.status_code == 201
    body = created.json()
    assert body["project"] == public_project.slug and body["openness"] == "öppen"
    changed = send(script, "patch", f"{BASE}/datasets/{body['id']}", {"description": "Per station", "format": None})
    assert changed.status_code == 200
    dataset = Dataset.objects.get(pk=body["id"])
    assert (dataset.description, dataset.format, dataset.name) == ("Per station", "", "Partiklar PM10")
    assert send(script, "delete", f"{BASE}/datasets/{body['id']}").status_code == 204
    assert not Dataset.objects.filter(pk=body["id"]).exists()


@pytest.mark.parametrize("payload", [{"name": ""}, {"name": "X", "openness": "hemlig"}, {"description": "utan namn"}])
def test_a_bad_dataset_is_refused_and_nothing_is_saved(script, public_project, payload):
    before = Dataset.objects.count()
    response = send(script, "post", f"{BASE}/projects/{public_project.slug}/datasets", payload)
    assert response.status_code == 422
    assert Dataset.objects.count() == before


def test_a_dataset_cannot_lose_its_name_or_openness(script, public_project):
    dataset = public_project.datasets.get()
    for field in ("name", "openness"):
        response = send(script, "patch", f"{BASE}/datasets/{dataset.pk}", {field: None})
        assert response.status_code == 422 and [e["field"] for e in response.json()["errors"]] == [field]
    response = send(script, "patch", f"{BASE}/datasets/{dataset.pk}", {"openness": "hemlig"})
    assert response.status_code == 422
    dataset.refresh_from_db()
    assert dataset.openness == "öppen"


def test_member_adds_changes_and_removes_a_need(script, public_project):
    created = send(script, "post", f"{BASE}/projects/{public_project.slug}/needs",
                   {"description": "  Cykelräkningar per vecka "})
    assert created.status_code == 201 and created.json()["description"] == "Cykelräkningar per vecka"
    pk = created.json()["id"]
    assert send(script, "patch", f"{BASE}/needs/{pk}", {"description": "Cykelflöden per timme"}).status_code == 200
    assert DataNeed.objects.get(pk=pk).description == "Cykelflöden per timme"
    assert send(script, "patch", f"{BASE}/needs/{pk}", {"description": ""}).status_code == 422
    assert send(script, "delete", f"{BASE}/needs/{pk}").status_code == 204
    assert not DataNeed.objects.filter(pk=pk).exists()


def test_unknown_rows_are_404(script):
    for method, url in (("patch", f"{BASE}/datasets/999999"), ("delete", f"{BASE}/needs/999999"),
                        ("post", f"{BASE}/projects/finns-inte/needs")):
        payload = {"description": "x"} if method != "delete" else None
        assert send(script, method, url, payload).status_code == 404


def test_only_organisers_delete_projects(script, organiser, public_project):
    assert send(script, "delete", f"{BASE}/projects/{public_project.slug}").status_code == 403
    _token, raw = account_services.api_token_create(user=organiser, name="städ")
    response = Client().delete(f"{BASE}/projects/{public_project.slug}", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 204
    assert not Project.objects.filter(pk=public_project.pk).exists()
    assert not Dataset.objects.exists() and not DataNeed.objects.exists()

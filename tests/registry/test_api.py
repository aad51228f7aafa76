import json

import pytest
from django.test import Client

from motesplats.registry.models import Project
from tests.registry.conftest import make_projects

pytestmark = pytest.mark.django_db

BASE = "/api/registry"


def test_openapi_lists_the_registry_paths(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/organisations", "/organisations/{slug}", "/projects", "/projects/{slug}", "/datasets",
                 "/needs", "/people", "/people/{pk}"):
        assert BASE + path in paths
    assert {"get", "post"} <= set(paths[BASE + "/projects"])
    assert "patch" in paths[BASE + "/projects/{slug}"]


def test_anonymous_lists_public_projects_with_filters(client, public_project, private_project):
    body = client.get(f"{BASE}/projects").json()
    assert body["count"] == 1
    assert body["items"][0]["slug"] == public_project.slug
    assert sorted(body["items"][0]["themes"]) == ["IoT", "Luft"]
    assert client.get(f"{BASE}/projects", {"q": "ÄNGEN"}).json()["count"] == 1
    assert client.get(f"{BASE}/projects", {"status": "idé"}).json()["count"] == 0


def test_signed_in_lists_private_projects_too(client, reader, public_project, private_project):
    client.force_login(reader)
    assert client.get(f"{BASE}/projects").json()["count"] == 2
    assert client.get(f"{BASE}/projects", {"theme": "parkering"}).json()["count"] == 1


def test_project_detail_hides_emails_and_private_projects_from_anonymous(client, reader, public_project,
                                                                         private_project):
    detail = client.get(f"{BASE}/projects/{public_project.slug}").json()
    assert detail["datasets"][0]["openness"] == "öppen"
    assert detail["data_needs"][0]["description"] == "Trafikflöden per timme"
    assert detail["contacts"][0]["email"] is None
    hidden, unknown = client.get(f"{BASE}/projects/{private_project.slug}"), client.get(f"{BASE}/projects/finns-inte")
    assert hidden.status_code == unknown.status_code == 404  # a private project answers as an unknown one
    assert hidden.json() == unknown.json() and hidden.headers["Content-Type"].startswith("application/problem+json")
    client.force_login(reader)
    assert client.get(f"{BASE}/projects/{public_project.slug}").json()["contacts"][0]["email"] == "maja@example.se"


def test_datasets_needs_and_organisations(client, public_project, private_project):
    assert [d["name"] for d in client.get(f"{BASE}/datasets").json()["items"]] == ["Halter av NO2 per timme"]
    assert client.get(f"{BASE}/datasets", {"openness": "intern"}).json()["count"] == 0
    assert client.get(f"{BASE}/needs").json()["items"][0]["project"] == public_project.slug
    organisations = client.get(f"{BASE}/organisations").json()
    assert [o["name"] for o in organisations["items"]] == ["Miljöförvaltningen", "Trafikkontoret"]
    assert client.get(f"{BASE}/organisations/trafikkontoret").json()["kind"] == "förvaltning"


def test_people_only_for_signed_in(client, reader, member_person):
    assert client.get(f"{BASE}/people").status_code == 401
    assert client.get(f"{BASE}/people/{member_person.pk}").status_code == 401
    client.force_login(reader)
    assert client.get(f"{BASE}/people").json()["items"][0]["name"] == "Maja Medlem"
    assert client.get(f"{BASE}/people/{member_person.pk}").json()["organisation"]["slug"] == "miljoforvaltningen"


@pytest.mark.parametrize("count", [1, 30])
def test_project_list_queries_are_constant(client, org, django_assert_num_queries, count):
    make_projects(org, count)
    with django_assert_num_queries(3):  # count, page with owners, themes
        assert client.get(f"{BASE}/projects", {"limit": 50}).json()["count"] == count


def _csrf_client(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/")  # sets the csrftoken cookie
    return client, client.cookies["csrftoken"].value


def test_member_creates_a_project_with_session_and_csrf(member, member_person, org, other_org):
    client, token = _csrf_client(member)
    payload = {"title": "Digital tvilling", "owner": org.slug, "themes": ["3D", "Planering"],
               "partners": [other_org.slug], "start_date": "2026-01-01", "end_date": "2027-01-01"}
    refused = client.post(f"{BASE}/projects", json.dumps(payload), content_type="application/json")
    assert refused.status_code == 403  # no CSRF token
    response = client.post(f"{BASE}/projects", json.dumps(payload), content_type="application/json",
                           headers={"X-CSRFToken": token})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "digital-tvilling"
    assert body["partners"] == [{"slug": other_org.slug, "name": other_org.name}]
    assert [c["name"] for c in body["contacts"]] == ["Maja Medlem"]


def test_api_create_validates_and_saves_nothing(member, org):
    client, token = _csrf_client(member)
    for payload in ({"title": "X", "owner": "finns-inte"},
                    {"title": "X", "owner": org.slug, "start_date": "2026-02-01", "end_date": "2026-01-01"},
                    {"title": "X", "owner": org.slug, "status": "okänd"}):
        response = client.post(f"{BASE}/projects", json.dumps(payload), content_type="application/json",
                               headers={"X-CSRFToken": token})
        assert response.status_code == 422, payload
    assert not Project.objects.exists()


def test_api_write_permissions(client, reader, other_member, member, public_project):
    payload = json.dumps({"title": "Kapad"})
    url = f"{BASE}/projects/{public_project.slug}"
    assert client.patch(url, payload, content_type="application/json").status_code == 401
    for user in (reader, other_member):
        client.force_login(user)
        assert client.patch(url, payload, content_type="application/json").status_code == 403
    client.force_login(reader)
    assert client.post(f"{BASE}/projects", json.dumps({"title": "X", "owner": "miljoforvaltningen"}),
                       content_type="application/json").status_code == 403
    client.force_login(member)
    response = client.patch(url, json.dumps({"summary": "Ny sammanfattning", "themes": ["Luft"]}),
                            content_type="application/json")
    assert response.status_code == 200
    assert response.json()["themes"] == ["Luft"]
    public_project.refresh_from_db()
    assert public_project.title == "Luftkvalitet på Ängen" and public_project.summary == "Ny sammanfattning"
    assert client.patch(url, json.dumps({"owner": None}), content_type="application/json").status_code == 422

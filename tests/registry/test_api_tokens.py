"""Scripts call the registry API with a personal token (`Authorization: Bearer ...`) and its owner's rights."""

import json

import pytest
from django.test import Client

from motesplats.accounts import services as account_services
from motesplats.accounts.models import ApiToken
from motesplats.registry.models import Project

pytestmark = pytest.mark.django_db
BASE = "/api/registry"


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def scripted() -> Client:
    """A client like a script: no session, and CSRF enforced as for a browser."""
    return Client(enforce_csrf_checks=True)


def test_a_member_token_creates_and_edits_own_project_without_csrf(member, member_person, org, public_project):
    _token, raw = account_services.api_token_create(user=member, name="Synk-skript")
    client = scripted()
    response = client.post(f"{BASE}/projects", json.dumps({"title": "Skriptat projekt", "owner": org.slug}),
                           content_type="application/json", headers=bearer(raw))
    assert response.status_code == 201, response.content
    assert [c["name"] for c in response.json()["contacts"]] == ["Maja Medlem"]
    response = client.patch(f"{BASE}/projects/{public_project.slug}", json.dumps({"summary": "Via skript"}),
                            content_type="application/json", headers=bearer(raw))
    assert response.status_code == 200
    public_project.refresh_from_db()
    assert public_project.summary == "Via skript"
    assert ApiToken.objects.get(user=member).last_used is not None


def test_a_token_has_exactly_its_owners_rights(reader, other_member, public_project, org):
    for user in (reader, other_member):
        _token, raw = account_services.api_token_create(user=user, name="x")
        response = scripted().patch(f"{BASE}/projects/{public_project.slug}", json.dumps({"title": "Kapad"}),
                                    content_type="application/json", headers=bearer(raw))
        assert response.status_code == 403
    _token, raw = account_services.api_token_create(user=reader, name="läsare")
    response = scripted().post(f"{BASE}/projects", json.dumps({"title": "X", "owner": org.slug}),
                               content_type="application/json", headers=bearer(raw))
    assert response.status_code == 403
    assert not Project.objects.filter(title="X").exists()


def test_a_reader_token_reads_private_projects_and_people(reader, public_project, private_project, member_person):
    _token, raw = account_services.api_token_create(user=reader, name="Rapport")
    client = scripted()
    slugs = {p["slug"] for p in client.get(f"{BASE}/projects", headers=bearer(raw)).json()["items"]}
    assert slugs == {public_project.slug, private_project.slug}
    assert client.get(f"{BASE}/projects/{private_project.slug}", headers=bearer(raw)).status_code == 200
    people = client.get(f"{BASE}/people", headers=bearer(raw))
    assert people.status_code == 200 and people.json()["count"] == 1
    assert client.get(f"{BASE}/people/{member_person.pk}", headers=bearer(raw)).status_code == 200


def test_anonymous_reads_public_data_only(public_project, private_project, member_person):
    client = scripted()
    slugs = {p["slug"] for p in client.get(f"{BASE}/projects").json()["items"]}
    assert slugs == {public_project.slug}
    assert client.get(f"{BASE}/projects/{private_project.slug}").status_code == 404
    assert client.get(f"{BASE}/people").status_code == 401
    assert client.get(f"{BASE}/people/{member_person.pk}").status_code == 401
    assert client.post(f"{BASE}/projects", "{}", content_type="application/json").status_code in {401, 403}


@pytest.mark.parametrize("header", ["Bearer mp_finns-inte", "Bearer ", "Token abc", "Basic dXNlcjpwdw=="])
def test_an_unknown_or_malformed_token_is_refused_even_for_public_reads(header, public_project):
    client = scripted()
    assert client.get(f"{BASE}/projects", headers={"Authorization": header}).status_code == 401
    response = client.patch(f"{BASE}/projects/{public_project.slug}", json.dumps({"title": "Kapad"}),
                            content_type="application/json", headers={"Authorization": header})
    assert response.status_code == 401


def test_a_revoked_token_and_a_deactivated_owner_are_refused(organiser, public_project):
    token, raw = account_services.api_token_create(user=organiser, name="Gammal")
    url = f"{BASE}/projects/{public_project.slug}"
    payload = json.dumps({"summary": "Ändrad"})
    assert scripted().patch(url, payload, content_type="application/json", headers=bearer(raw)).status_code == 200
    account_services.api_token_revoke(token=token)
    assert scripted().patch(url, payload, content_type="application/json", headers=bearer(raw)).status_code == 401
    _token, fresh = account_services.api_token_create(user=organiser, name="Ny")
    organiser.is_active = False
    organiser.save()
    assert scripted().patch(url, payload, content_type="application/json", headers=bearer(fresh)).status_code == 401


def test_the_session_still_needs_the_csrf_token(member, public_project):
    client = scripted()
    client.force_login(member)
    url = f"{BASE}/projects/{public_project.slug}"
    assert client.patch(url, json.dumps({"summary": "x"}), content_type="application/json").status_code == 403


def test_only_a_hash_is_stored(member):
    token, raw = account_services.api_token_create(user=member, name="Hemlig")
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw.startswith("mp_") and len(raw) > 40
    assert raw not in {stored.token_hash, stored.prefix, stored.name}
    assert stored.token_hash == account_services.api_token_hash(raw)
    assert raw.startswith(stored.prefix)


def test_openapi_documents_the_bearer_scheme(client):
    schema = client.get("/api/openapi.json").json()
    assert schema["components"]["securitySchemes"]["ApiTokenAuth"] == {"type": "http", "scheme": "bearer"}
    create = schema["paths"][f"{BASE}/projects"]["post"]
    assert {"ApiTokenAuth": []} in create["security"]

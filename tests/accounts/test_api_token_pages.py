"""'Mitt konto' -> API-nycklar: create a token (shown once), see it, revoke it; only one's own."""

import re

import pytest
from django.urls import reverse

from motesplats.accounts import services
from motesplats.accounts.models import ApiToken

pytestmark = pytest.mark.django_db
URL = "/accounts/api-tokens/"


def test_the_page_needs_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert client.post(URL, {"name": "x"}).status_code == 302
    assert not ApiToken.objects.exists()


def test_create_shows_the_token_once_and_stores_only_its_hash(client, reader):
    client.force_login(reader)
    response = client.post(URL, {"name": "  Veckorapport  "})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    raw = re.search(r'value="(mp_[A-Za-z0-9_-]+)"', response.content.decode()).group(1)
    token = ApiToken.objects.get(user=reader)
    assert token.name == "Veckorapport" and token.token_hash == services.api_token_hash(raw)
    again = client.get(URL).content.decode()
    assert "Veckorapport" in again and raw not in again and token.prefix in again
    assert services.api_token_user(raw=raw) == reader


def test_a_name_is_required(client, reader):
    client.force_login(reader)
    response = client.post(URL, {"name": "   "})
    assert response.status_code == 400
    assert "Formuläret innehåller fel" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoke_own_token_but_not_someone_elses(client, reader, organiser):
    own, raw = services.api_token_create(user=reader, name="Mitt")
    theirs, their_raw = services.api_token_create(user=organiser, name="Deras")
    client.force_login(reader)
    assert client.post(f"/accounts/api-tokens/{theirs.pk}/revoke/").status_code == 404
    assert client.get(f"/accounts/api-tokens/{own.pk}/revoke/").status_code == 405
    response = client.post(f"/accounts/api-tokens/{own.pk}/revoke/", follow=True)
    assert "återkallad" in response.content.decode()
    assert services.api_token_user(raw=raw) is None
    assert services.api_token_user(raw=their_raw) == organiser


def test_the_page_in_english(client, reader):
    client.force_login(reader)
    services.api_token_create(user=reader, name="Script")
    html = client.get(URL + "?lang=en").content.decode()
    assert "API tokens" in html and "Revoke" in html


def test_tokens_are_in_the_gdpr_export_and_removed_on_erasure(reader):
    services.api_token_create(user=reader, name="Export-skript")
    assert [t["name"] for t in services.gdpr_export(user=reader)["api_tokens"]] == ["Export-skript"]
    services.account_erase(user=reader)
    assert not ApiToken.objects.exists()


def test_profile_links_to_the_tokens(client, reader):
    client.force_login(reader)
    assert URL in client.get(reverse("accounts:profile")).content.decode()

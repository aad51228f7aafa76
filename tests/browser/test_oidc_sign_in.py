"""Single sign-on against a real OpenID Connect provider: django-oidc-provider, started here as its own process
on its own port and SQLite file (tests/oidc_provider). The browser goes through the whole authorisation code
flow with PKCE: our login page → the provider's login form → its consent page → back, signed in with the role
and organisation of the claims. Nothing of the protocol is mocked."""

import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from motesplats.accounts.models import Role, User
from motesplats.registry.models import Person
from tests.conftest import assert_accessible, set_language
from tests.oidc_provider import server

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Provider:
    url: str

    @property
    def discovery_url(self) -> str:
        return f"{self.url}/openid/.well-known/openid-configuration"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    port = free_port()
    folder = tmp_path_factory.mktemp("oidc-provider")
    log = (folder / "provider.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.server", "--port", str(port),
         "--db", str(folder / "provider.sqlite3"),
         "--redirect-uri", f"{live_server.url}/accounts/oidc/callback/",
         "--post-logout-uri", f"{live_server.url}/"],
        cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    found = Provider(url=f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError("the test provider stopped:\n" + (folder / "provider.log").read_text())
            try:
                if requests.get(found.discovery_url, timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the test provider did not start:\n" + (folder / "provider.log").read_text())
            time.sleep(0.2)
        yield found
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture
def sso(settings, provider):
    """Mötesplats configured for the provider, by its discovery document (the endpoints are not given)."""
    settings.OIDC_RP_CLIENT_ID = server.CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = server.CLIENT_SECRET
    settings.OIDC_OP_DISCOVERY_URL = provider.discovery_url
    for name in ("AUTHORIZATION", "TOKEN", "USER", "JWKS", "END_SESSION"):
        setattr(settings, f"OIDC_OP_{name}_ENDPOINT", "")
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_ORGANISATION_CLAIM = "organisation"
    settings.OIDC_GROUPS_CLAIM = "groups"
    settings.OIDC_ORGANISER_GROUP = "motesplats-programkontoret"
    settings.OIDC_READER_GROUP = "motesplats-lasare"
    return provider


def sign_in_at_provider(page, provider, username):
    page.wait_for_url(f"{provider.url}/login/**")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", server.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{provider.url}/openid/authorize**")  # the consent page
    assert "Mötesplats" in page.inner_text("body")
    page.click("input[name=allow]")


def test_the_provider_insists_on_pkce(provider):
    response = requests.get(f"{provider.url}/openid/authorize", timeout=5, allow_redirects=False, params={
        "client_id": server.CLIENT_ID, "response_type": "code", "scope": "openid email", "state": "s",
        "redirect_uri": "http://localhost/accounts/oidc/callback/"})
    assert response.status_code == 400
    assert "PKCE" in response.text


@pytest.mark.parametrize(("language", "button", "sign_out"), [
    ("sv", "Logga in med stadens konto", "Logga ut"),
    ("en", "Sign in with the city's account", "Log out"),
])
def test_sign_in_with_the_citys_account_and_out_again(page, live_server, sso, language, button, sign_out):
    authorize_requests = []
    page.on("request", lambda request: authorize_requests.append(request.url)
            if request.url.startswith(f"{sso.url}/openid/authorize?") else None)
    page.goto("/accounts/login/")
    set_language(page, language)
    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("input[name=password]").count() == 1  # guests still sign in with a password
    assert_accessible(page)

    page.get_by_role("link", name=button).click()
    sign_in_at_provider(page, sso, "eva")
    page.wait_for_url(f"{live_server.url}/**")

    # the browser sent a PKCE challenge (S256); the provider checked the verifier when the code was exchanged
    query = parse_qs(urlsplit(authorize_requests[0]).query)
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert query["response_type"] == ["code"]

    user = User.objects.get(email="eva.ek@stad.example")
    assert user.role == Role.ORGANISER
    person = Person.objects.get(user=user)
    assert (person.name, person.organisation.name) == ("Eva Ek", "Stadsbyggnadskontoret")
    page.goto("/accounts/profile/")
    body = page.inner_text("main")
    assert "eva.ek@stad.example" in body and "Stadsbyggnadskontoret" in body

    # signing out ends the provider's session too: the next single sign-on asks for the password again
    page.locator("header").get_by_role("button", name=sign_out).click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.goto("/accounts/profile/").url.startswith(f"{live_server.url}/accounts/login/")
    page.goto("/accounts/login/")
    page.get_by_role("link", name=button).click()
    page.wait_for_url(f"{sso.url}/login/**")
    assert page.locator("input[name=password]").count() == 1


def test_an_unverified_email_is_not_let_in(page, live_server, sso):
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Logga in med stadens konto").click()
    sign_in_at_provider(page, sso, "ola")
    page.wait_for_url(f"{live_server.url}/accounts/login/**")
    assert "Inloggningen med stadens konto misslyckades" in page.inner_text("main")
    assert not User.objects.filter(email="ola.olsson@stad.example").exists()
    assert_accessible(page)


def test_a_reader_of_another_organisation(page, live_server, sso):
    page.goto("/accounts/login/?next=/accounts/profile/")
    page.get_by_role("link", name="Logga in med stadens konto").click()
    sign_in_at_provider(page, sso, "rut")
    page.wait_for_url(f"{live_server.url}/accounts/profile/")
    user = User.objects.get(email="rut.ros@stad.example")
    assert user.role == Role.READER
    assert user.person.organisation.name == "Miljöförvaltningen"


@pytest.mark.parametrize(("language", "button"), [("sv", "Logga in med stadens konto"),
                                                  ("en", "Sign in with the city's account")])
def test_only_the_citys_account_when_password_login_is_off(page, live_server, sso, settings, language, button):
    settings.PASSWORD_LOGIN_ENABLED = False
    page.goto("/accounts/login/")
    set_language(page, language)
    page.goto("/accounts/login/")
    assert page.locator("main input[name=password]").count() == 0
    assert page.locator("main form").count() == 0
    assert_accessible(page)
    page.get_by_role("link", name=button).click()
    page.wait_for_url(f"{sso.url}/login/**")


def test_declining_consent_is_a_failed_sign_in(page, live_server, sso):
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Logga in med stadens konto").click()
    page.wait_for_url(f"{sso.url}/login/**")
    page.fill("input[name=username]", "rut")
    page.fill("input[name=password]", server.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{sso.url}/openid/authorize**")
    page.click("input[value=Decline]")
    page.wait_for_url(f"{live_server.url}/accounts/login/**")
    assert "Inloggningen med stadens konto misslyckades" in page.inner_text("main")
    assert not User.objects.filter(email="rut.ros@stad.example").exists()

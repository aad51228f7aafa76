"""Single sign-on (accounts.oidc): the claim mapping, the switches and the pages. The whole protocol against a
real provider is tested in tests/browser/test_oidc_sign_in.py."""

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import SuspiciousOperation
from django.test import RequestFactory
from django.urls import reverse

from motesplats.accounts import oidc
from motesplats.accounts.models import Role, User
from motesplats.registry import services as registry_services
from motesplats.registry.models import Organisation, Person

pytestmark = pytest.mark.django_db

PROVIDER = "https://login.stad.example/oidc"


@pytest.fixture
def sso(settings):
    settings.OIDC_RP_CLIENT_ID = "motesplats"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_OP_DISCOVERY_URL = ""
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{PROVIDER}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{PROVIDER}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{PROVIDER}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{PROVIDER}/jwks"
    settings.OIDC_OP_END_SESSION_ENDPOINT = f"{PROVIDER}/end-session"
    settings.OIDC_ORGANISATION_CLAIM = "organisation"
    settings.OIDC_GROUPS_CLAIM = "groups"
    settings.OIDC_ORGANISER_GROUP = "motesplats-programkontoret"
    settings.OIDC_READER_GROUP = "motesplats-lasare"
    return settings


def claims(**extra):
    return {"sub": "42", "email": "Eva.Ek@Stad.example", "email_verified": True, "name": "Eva Ek",
            "organisation": "Stadsbyggnadskontoret", "groups": ["motesplats-lasare"], **extra}


def backend():
    return oidc.CityAccountBackend()


# --- claims ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("verified", [False, None, "false", 0, 1, "yes"])
def test_an_unverified_email_is_refused(sso, verified):
    given = claims(email_verified=verified)
    if verified is None:
        del given["email_verified"]
    assert oidc.verified_email(given) is None
    assert backend().verify_claims(given) is False
    assert not backend().filter_users_by_claims(given).exists()
    with pytest.raises(SuspiciousOperation):
        backend().create_user(given)
    assert not User.objects.exists()


def test_a_verified_email_is_taken_in_lower_case_also_when_the_provider_sends_a_string(sso):
    assert oidc.verified_email(claims(email_verified="true")) == "eva.ek@stad.example"
    assert oidc.verified_email(claims(email="")) is None


@pytest.mark.parametrize(("groups", "current", "role"), [
    (["motesplats-programkontoret"], None, Role.ORGANISER),
    (["motesplats-programkontoret", "motesplats-lasare"], Role.READER, Role.ORGANISER),
    (["motesplats-lasare"], None, Role.READER),
    (["motesplats-lasare"], Role.ORGANISER, Role.READER),  # left the programme office's group
    (["motesplats-lasare"], Role.MEMBER, Role.MEMBER),  # project membership is granted here
    (["andra"], None, None),
    ([], Role.ORGANISER, None),
])
def test_groups_give_the_role(sso, groups, current, role):
    assert oidc.role_for(frozenset(groups), current) == role


def test_without_a_reader_group_every_verified_account_reads(sso):
    sso.OIDC_READER_GROUP = ""
    assert oidc.role_for(frozenset(), None) == Role.READER
    assert oidc.role_for(frozenset({"motesplats-programkontoret"}), None) == Role.ORGANISER


def test_groups_as_a_space_separated_string_and_the_organisation_claim_configurable(sso):
    sso.OIDC_ORGANISATION_CLAIM = "department"
    identity = oidc.identity_from_claims(claims(groups="a motesplats-lasare", department=["Miljöförvaltningen"]))
    assert identity.groups == frozenset({"a", "motesplats-lasare"})
    assert identity.organisation == "Miljöförvaltningen"


def test_a_new_account_gets_role_person_and_organisation(sso):
    user = backend().create_user(claims(groups=["motesplats-programkontoret"]))
    assert user.email == "eva.ek@stad.example"
    assert user.role == Role.ORGANISER
    assert not user.has_usable_password()
    person = Person.objects.get(user=user)
    assert (person.name, person.email, person.organisation.name) == ("Eva Ek", "eva.ek@stad.example",
                                                                      "Stadsbyggnadskontoret")


def test_a_refused_group_creates_nothing(sso):
    assert backend().create_user(claims(groups=["andra"])) is None
    assert not User.objects.exists()
    assert not Organisation.objects.exists()


def test_an_existing_account_and_person_are_found_by_email_and_updated(sso, make_user):
    old_org = registry_services.organisation_create(name="Gamla förvaltningen")
    city = registry_services.organisation_create(name="Stadsbyggnadskontoret AB", key="sbk")
    user = make_user("eva.ek@stad.example", role="organiser")
    person = registry_services.person_create(name="Eva Ek", organisation=old_org, email="eva.ek@stad.example")
    found = backend().filter_users_by_claims(claims())
    assert list(found) == [user]
    updated = backend().update_user(found[0], claims(organisation="sbk"))  # matched by the organisation's key
    assert updated.pk == user.pk
    assert updated.role == Role.READER  # no longer in the programme office's group
    person.refresh_from_db()
    assert person.user_id == user.pk
    assert person.organisation == city
    assert Organisation.objects.count() == 2


def test_an_organisation_is_matched_by_name_in_any_case(sso):
    org = registry_services.organisation_create(name="Stadsbyggnadskontoret")
    user = backend().create_user(claims(organisation="STADSBYGGNADSKONTORET"))
    assert user.person.organisation == org


def test_without_an_organisation_claim_the_account_has_no_new_person(sso):
    user = backend().create_user(claims(organisation=""))
    assert user.role == Role.READER
    assert not Person.objects.exists()


def test_a_deactivated_account_stays_out(sso, make_user):
    user = make_user("eva.ek@stad.example", is_active=False)
    assert backend().update_user(user, claims()) is None


# --- switches and pages ------------------------------------------------------------------------------------


def test_single_sign_on_is_off_without_configuration(client, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    assert not oidc.enabled()
    assert backend().authenticate(RequestFactory().get("/", {"code": "x", "state": "y"})) is None
    assert client.get(reverse("accounts:oidc_login")).status_code == 404
    assert client.get(reverse("accounts:oidc_callback")).status_code == 404
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Logga in med stadens konto" not in page
    assert 'name="password"' in page


def test_the_sign_in_page_offers_the_city_account_and_sends_to_the_provider_with_pkce(client, sso):
    page = client.get(reverse("accounts:login") + "?next=/projects/").content.decode()
    assert "Logga in med stadens konto" in page
    assert 'name="password"' in page  # guests still sign in with a password
    response = client.get(reverse("accounts:oidc_login") + "?next=/projects/")
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{PROVIDER}/authorize?")
    assert "code_challenge_method=S256" in location and "code_challenge=" in location
    assert "response_type=code" in location and "client_id=motesplats" in location


def test_english_sign_in_page(client, sso):
    client.cookies["motesplats_language"] = "en"
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Sign in with the city&#x27;s account" in page or "Sign in with the city's account" in page


def test_password_login_can_be_switched_off(client, sso, make_user):
    sso.PASSWORD_LOGIN_ENABLED = False
    make_user("gast@example.se")
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Logga in med stadens konto" in page
    assert 'name="password"' not in page
    response = client.post(reverse("accounts:login"), {"username": "gast@example.se",
                                                       "password": "demo-password-1"})
    assert response.status_code == 403
    assert client.get(reverse("accounts:profile")).status_code == 302
    request = RequestFactory().post("/admin/login/")
    assert authenticate(request, username="gast@example.se", password="demo-password-1") is None
    assert client.get(reverse("accounts:password_reset")).status_code == 404


def test_password_login_on_still_signs_guests_in(client, sso, make_user):
    make_user("gast@example.se")
    response = client.post(reverse("accounts:login"), {"username": "gast@example.se",
                                                       "password": "demo-password-1"})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_logout_of_a_single_sign_on_session_ends_the_providers_session(client, sso, make_user):
    user = make_user("eva.ek@stad.example")
    client.force_login(user)
    session = client.session
    session["oidc_id_token"] = "the.id.token"
    session.save()
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{PROVIDER}/end-session?")
    assert "id_token_hint=the.id.token" in location
    assert "post_logout_redirect_uri=http%3A%2F%2Ftestserver%2F" in location
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_logout_of_a_password_session_stays_here(client, sso, make_user):
    client.force_login(make_user("gast@example.se"))
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert not response["Location"].startswith(PROVIDER)


def test_the_providers_origin_may_receive_the_logout_form(tmp_path):
    """Signing out posts to us and is redirected to the provider: the CSP's form-action must allow its origin."""
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "OIDC_RP_CLIENT_ID": "motesplats", "MOTESPLATS_VAR": str(tmp_path),
           "OIDC_OP_DISCOVERY_URL": "https://login.stad.example:8443/realms/stad/.well-known/openid-configuration"}
    script = ("import json; from motesplats.settings import base; "
              "print(json.dumps(base.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']))")
    output = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert json.loads(output.stdout.strip().splitlines()[-1]) == ["'self'", "https://login.stad.example:8443"]


def test_an_unreachable_provider_sends_back_to_the_login_page_and_passwords_still_work(client, sso, make_user):
    sso.OIDC_OP_AUTHORIZATION_ENDPOINT = sso.OIDC_OP_TOKEN_ENDPOINT = sso.OIDC_OP_USER_ENDPOINT = ""
    sso.OIDC_OP_DISCOVERY_URL = "http://127.0.0.1:9/.well-known/openid-configuration"  # nothing listens there
    response = client.get(reverse("accounts:oidc_login"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:login")
    assert "Inloggningen med stadens konto misslyckades" in response.content.decode()
    make_user("gast@example.se")
    response = client.post(reverse("accounts:login"), {"username": "gast@example.se",
                                                       "password": "demo-password-1"})
    assert response.status_code == 302


def test_a_provider_error_on_the_callback_is_a_failed_sign_in(client, sso):
    session = client.session
    session["oidc_states"] = {"the-state": {"code_verifier": "v" * 64, "nonce": "n", "added_on": 0}}
    session.save()
    response = client.get(reverse("accounts:oidc_callback"), {"error": "access_denied", "state": "the-state"},
                          follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:login")
    assert "Inloggningen med stadens konto misslyckades" in response.content.decode()

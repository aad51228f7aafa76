"""Every page and API call of the registry, accounts, insight and the accessibility statement, for every role: who gets in, who is sent to log in,
who is refused. One row per URL; a new view without a row here fails `test_every_url_has_a_row`."""

from __future__ import annotations

import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from motesplats.registry.models import Organisation, Person, Project

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "reader", "member", "other_member", "organiser")
OK, LOGIN, DENIED, GONE, NOT_FOUND = 200, "login", 403, 405, 404

# url template -> expected per role (anonymous, reader, member, other_member, organiser) for GET.
# {public} is a public project whose contact is `member`, {private} a private one; {person} is member's person.
PAGES: dict[str, tuple[object, ...]] = {
    "/": (OK, OK, OK, OK, OK),
    "/projects/": (OK, OK, OK, OK, OK),
    "/projects/new/": (LOGIN, DENIED, OK, OK, OK),
    "/projects/export.csv": (LOGIN, OK, OK, OK, OK),
    "/projects/export.xlsx": (LOGIN, OK, OK, OK, OK),
    "/projects/import/": (LOGIN, DENIED, DENIED, DENIED, OK),
    "/projects/{public}/": (OK, OK, OK, OK, OK),
    "/projects/{private}/": (NOT_FOUND, OK, OK, OK, OK),  # private answers as unknown (issue 14)
    "/projects/no-such-project/": (NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "/projects/{public}/edit/": (LOGIN, DENIED, OK, DENIED, OK),
    "/projects/{private}/edit/": (NOT_FOUND, DENIED, DENIED, DENIED, OK),
    "/projects/no-such-project/edit/": (NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "/projects/{public}/delete/": (LOGIN, DENIED, DENIED, DENIED, OK),
    "/organisations/": (OK, OK, OK, OK, OK),
    "/organisations/new/": (LOGIN, DENIED, DENIED, DENIED, OK),
    "/organisations/{org}/": (OK, OK, OK, OK, OK),
    "/organisations/{org}/edit/": (LOGIN, DENIED, DENIED, DENIED, OK),
    "/people/": (LOGIN, OK, OK, OK, OK),
    "/people/pick/": (LOGIN, OK, OK, OK, OK),
    "/people/{person}/": (LOGIN, OK, OK, OK, OK),
    "/people/{person}/edit/": (LOGIN, DENIED, OK, DENIED, OK),
    "/accounts/login/": (OK, 302, 302, 302, 302),
    "/accounts/logout/": (GONE, GONE, GONE, GONE, GONE),
    "/accounts/password-reset/": (OK, OK, OK, OK, OK),
    "/accounts/password-reset/sent/": (OK, OK, OK, OK, OK),
    "/accounts/reset/done/": (OK, OK, OK, OK, OK),
    "/accounts/password/": (LOGIN, OK, OK, OK, OK),
    "/accounts/password/done/": (LOGIN, OK, OK, OK, OK),
    "/accounts/profile/": (LOGIN, OK, OK, OK, OK),
    "/accounts/profile/my-data.json": (LOGIN, OK, OK, OK, OK),
    "/accounts/profile/erase/": (LOGIN, OK, OK, OK, OK),
    "/accounts/api-tokens/": (LOGIN, OK, OK, OK, OK),
    "/accounts/privacy/": (OK, OK, OK, OK, OK),
    "/insight/": (LOGIN, OK, OK, OK, OK),
    "/insight/report.pdf": (LOGIN, OK, OK, OK, OK),
    "/insight/{figure}.csv": (LOGIN, OK, OK, OK, OK),
    "/my-page/": (LOGIN, OK, OK, OK, OK),
    "/accessibility/": (OK, OK, OK, OK, OK),
}
# Routes that a GET row cannot cover, with the test that covers them.
COVERED_ELSEWHERE = {
    "accounts/reset/<uidb64>/<token>/": "tests/accounts/test_accounts.py::test_password_reset_end_to_end",
    "accounts/api-tokens/<int:pk>/revoke/": "tests/accounts/test_api_token_pages.py",
    # open to whoever holds the mailed link (the token is the permission)
    "people/email/confirm/<str:token>/": "tests/registry/test_email_identity.py",
    "events/<slug:slug>/report.pdf": "tests/insight/test_views.py (every role, drafts too)",
    # single sign-on: redirects to and back from the provider (off unless configured)
    "accounts/oidc/authenticate/": "tests/accounts/test_oidc.py",
    "accounts/oidc/callback/": "tests/accounts/test_oidc.py",
    "projects/import/<int:pk>/": "tests/registry/test_views.py::test_the_portfolio_import_status_page_is_for_organisers",
}

API = "/api/registry"
# (method, url) -> expected per role; anonymous API callers get 401, never a login redirect.
API_CALLS: dict[tuple[str, str], tuple[int, ...]] = {
    ("get", f"{API}/organisations"): (200, 200, 200, 200, 200),
    ("get", f"{API}/organisations/{{org}}"): (200, 200, 200, 200, 200),
    ("get", f"{API}/projects"): (200, 200, 200, 200, 200),
    ("get", f"{API}/projects/{{public}}"): (200, 200, 200, 200, 200),
    ("get", f"{API}/projects/{{private}}"): (404, 200, 200, 200, 200),  # private answers as unknown
    ("get", f"{API}/datasets"): (200, 200, 200, 200, 200),
    ("get", f"{API}/needs"): (200, 200, 200, 200, 200),
    ("get", f"{API}/people"): (401, 200, 200, 200, 200),
    ("get", f"{API}/people/{{person}}"): (401, 200, 200, 200, 200),
    ("patch", f"{API}/projects/{{public}}"): (401, 403, 200, 403, 200),
    ("patch", f"{API}/projects/{{private}}"): (401, 403, 403, 403, 200),
    ("post", f"{API}/projects"): (401, 403, 201, 201, 201),
    ("delete", f"{API}/projects/{{public}}"): (401, 403, 403, 403, 204),
    ("post", f"{API}/projects/{{public}}/datasets"): (401, 403, 201, 403, 201),
    ("post", f"{API}/projects/{{private}}/datasets"): (401, 403, 403, 403, 201),
    ("patch", f"{API}/datasets/{{dataset}}"): (401, 403, 200, 403, 200),
    ("delete", f"{API}/datasets/{{dataset}}"): (401, 403, 204, 403, 204),
    ("post", f"{API}/projects/{{public}}/needs"): (401, 403, 201, 403, 201),
    ("patch", f"{API}/needs/{{need}}"): (401, 403, 200, 403, 200),
    ("delete", f"{API}/needs/{{need}}"): (401, 403, 204, 403, 204),
}
PAYLOADS = {"/datasets": {"name": "Ny datamängd", "openness": "öppen"}, "/needs": {"description": "Nytt behov"}}


@pytest.fixture
def accounts(reader, member, other_member, organiser):
    return {"anonymous": None, "reader": reader, "member": member, "other_member": other_member,
            "organiser": organiser}


@pytest.fixture
def names(public_project, private_project, member_person, org):
    return {"public": public_project.slug, "private": private_project.slug, "person": member_person.pk,
            "org": org.slug, "dataset": public_project.datasets.get().pk, "need": public_project.data_needs.get().pk,
            "figure": "seminars"}


def _client_as(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("url", list(PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_page_access(client, accounts, names, url, role):
    expected = PAGES[url][ROLES.index(role)]
    response = _client_as(client, accounts[role]).get(url.format(**names))
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next="), \
            (response.status_code, response.get("Location"))
    else:
        assert response.status_code == expected


WRITES = [  # (url, form data) posted by everyone who may not: nothing may change
    ("/projects/new/", {"title": "Inkräktare", "owner": "{org_pk}", "status": "idé"}),
    ("/projects/{public}/edit/", {"title": "Kapad", "owner": "{org_pk}", "status": "idé"}),
    ("/projects/{public}/delete/", {}),
    ("/organisations/new/", {"name": "Ny organisation", "kind": "annan"}),
    ("/organisations/{org}/edit/", {"name": "Kapad", "kind": "annan"}),
    ("/people/{person}/edit/", {"name": "Kapad", "organisation": "{org_pk}"}),
]


def _snapshot():
    return (sorted(Project.objects.values_list("title", flat=True)),
            sorted(Organisation.objects.values_list("name", flat=True)),
            sorted(Person.objects.values_list("name", flat=True)))


@pytest.mark.parametrize(("role", "url", "data"), [
    (role, url, data) for role in ("anonymous", "reader", "other_member") for url, data in WRITES
    if not (role == "other_member" and url == "/projects/new/")  # a member with a person may create projects
])
def test_refused_writes_change_nothing(client, accounts, names, org, url, data, role):
    before = _snapshot()
    form = {key: value.format(org_pk=org.pk) for key, value in data.items()}
    response = _client_as(client, accounts[role]).post(url.format(**names), form)
    assert response.status_code == (302 if role == "anonymous" else 403)
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    assert _snapshot() == before


def test_import_post_is_for_organisers_only(client, accounts):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = _snapshot()
    for role in ("anonymous", "reader", "member"):
        upload = SimpleUploadedFile("p.json", json.dumps(
            {"organisations": [{"key": "X", "name": "Smugglad", "kind": "annan"}]}).encode())
        response = _client_as(client, accounts[role]).post("/projects/import/", {"file": upload})
        assert response.status_code in {302, 403}
    assert _snapshot() == before


@pytest.mark.parametrize("call", list(API_CALLS), ids=lambda call: f"{call[0]} {call[1]}")
@pytest.mark.parametrize("role", ROLES)
def test_api_access(accounts, names, org, call, role):
    from django.test import Client

    from motesplats.accounts import services as account_services

    method, url = call
    expected = API_CALLS[call][ROLES.index(role)]
    client = Client()
    headers = {}
    if accounts[role] is not None:  # scripts use a token; the session path is tested in test_api.py
        _token, raw = account_services.api_token_create(user=accounts[role], name="matrix")
        headers["Authorization"] = f"Bearer {raw}"
    if method in {"post", "patch"}:
        kind = next((suffix for suffix in PAYLOADS if suffix in url), "")
        payload = PAYLOADS[kind] if kind else (
            {"title": f"Nytt {role}", "owner": org.slug} if method == "post" else {"summary": f"av {role}"})
    else:
        payload = None
    kwargs = {"data": json.dumps(payload), "content_type": "application/json"} if payload else {}
    response = getattr(client, method)(url.format(**names), headers=headers, **kwargs)
    assert response.status_code == expected, response.content


def _routes(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def test_every_url_has_a_row():
    """A registry or accounts route added without a row above fails here."""
    covered = {url.strip("/").replace("{public}", "<slug:slug>").replace("{private}", "<slug:slug>")
               .replace("{org}", "<slug:slug>").replace("{person}", "<int:pk>").replace("{figure}", "<slug:key>")
               for url in PAGES}
    covered |= {url.strip("/") for url in COVERED_ELSEWHERE}
    ours = {route.strip("/") for route in _routes(get_resolver().url_patterns)
            if route.startswith(("accounts/", "projects/", "organisations/", "people/", "insight/", "my-page/",
                                 "accessibility/")) or route in ("", "events/<slug:slug>/report.pdf")}
    assert ours - covered == set()


def test_every_api_operation_has_a_row(client):
    schema = client.get("/api/openapi.json").json()
    operations = {(method, path) for path, item in schema["paths"].items() if path.startswith(API)
                  for method in item}
    covered = {(method, url.replace("{org}", "{slug}").replace("{public}", "{slug}")
                .replace("{private}", "{slug}").replace("{person}", "{pk}").replace("{dataset}", "{pk}")
                .replace("{need}", "{pk}")) for method, url in API_CALLS}
    assert operations and operations - covered == set()

"""Headers and caching (issue 14, item 5): a strict Content-Security-Policy, no inline handlers left in any
template, Permissions-Policy with the camera on the check-in page only, no-store on pages with personal codes,
and unsigned QR tokens refused."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

import motesplats

pytestmark = pytest.mark.django_db

TEMPLATES = Path(motesplats.__file__).parent
INLINE_HANDLER = re.compile(r"\s(on[a-z]+|hx-on[:\w-]*)\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)


def test_the_policy_is_strict(client: Client) -> None:
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"].startswith("'self'") and "unsafe" not in directives["script-src"]
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'self'" and directives["form-action"] == "'self'"


def test_no_template_has_an_inline_handler_or_inline_script() -> None:
    offenders = []
    for path in TEMPLATES.glob("*/templates/**/*.html"):
        if "/email/" in str(path):
            continue  # mails are not pages: no scripts run there
        text = path.read_text()
        for match in list(INLINE_HANDLER.finditer(text)) + list(INLINE_SCRIPT.finditer(text)):
            offenders.append(f"{path.relative_to(TEMPLATES)}: {match.group(0).strip()}")
        if re.search(r"\sstyle=\"", text):
            offenders.append(f"{path.relative_to(TEMPLATES)}: style attribute")
    assert offenders == []


def test_permissions_policy_allows_the_camera_on_the_check_in_page_only(client: Client, organiser: Any,
                                                                        event: Any) -> None:
    assert "camera=()" in client.get("/")["Permissions-Policy"]
    client.force_login(organiser)
    assert "camera=()" in client.get(f"/events/{event.slug}/")["Permissions-Policy"]
    check_in = client.get(f"/events/{event.slug}/check-in/")
    assert check_in.status_code == 200
    assert "camera=(self)" in check_in["Permissions-Policy"] and "microphone=()" in check_in["Permissions-Policy"]


def test_pages_with_a_personal_code_are_never_stored(client: Client, event: Any, make_person: Any) -> None:
    from motesplats.events.services import register

    person = make_person()
    register(event=event, person=person, consent=True, notify=False)
    client.force_login(person.user)
    for path in (f"/events/{event.slug}/my-day/", "/events/my-day/", f"/events/{event.slug}/register/done/"):
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        cache = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= cache, path


def test_a_bare_token_without_its_signature_does_not_check_in(event: Any, make_person: Any, organiser: Any) -> None:
    from motesplats.events.services import check_in, register

    registration = register(event=event, person=make_person(), consent=True, notify=False)
    result = check_in(token_or_code=registration.check_in_token, by=organiser, event=event)
    assert result.outcome == "invalid"
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    assert check_in(token_or_code=registration.check_in_code, by=organiser, event=event).outcome == "ok"

"""Throttled sign-in, admin sign-in, password reset and API tokens (issue 14, item 4): the hostile tester's
50 wrong passwords followed by the right one must not get in."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "demo-password-1"


@pytest.fixture
def member(make_user: Any) -> Any:
    return make_user("anna@example.se", role="member")


def sign_in(client: Client, email: str, password: str, ip: str = "10.0.0.1", url: str = "") -> Any:
    return client.post(url or reverse("accounts:login"), {"username": email, "password": password},
                       REMOTE_ADDR=ip)


def test_wrong_passwords_lock_the_account_even_for_the_right_password(member: Any, settings: Any) -> None:
    client = Client()
    answers = [sign_in(client, "anna@example.se", f"wrong-{n}").status_code for n in range(settings.AXES_FAILURE_LIMIT)]
    assert answers[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)  # the form again, with its error
    assert answers[-1] == 429
    locked = sign_in(client, "ANNA@example.se", PASSWORD)  # the right password, another case: still locked
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) == 15 * 60
    assert "Inloggningen är spärrad efter för många misslyckade försök" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # the account is locked from another address too
    assert sign_in(Client(), "anna@example.se", PASSWORD, ip="10.9.9.9").status_code == 429


def test_one_address_trying_many_accounts_is_locked_out(make_user: Any, settings: Any) -> None:
    victim = make_user("olle@example.se", role="member")
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(), f"guess{n}@example.se", "wrong", ip="10.6.6.6")
    assert sign_in(Client(), victim.email, PASSWORD, ip="10.6.6.6").status_code == 429
    assert sign_in(Client(), victim.email, PASSWORD, ip="10.7.7.7").status_code == 302  # others still get in


def test_a_good_sign_in_resets_the_count(member: Any, settings: Any) -> None:
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, member.email, f"wrong-{n}")
    assert sign_in(client, member.email, PASSWORD).status_code == 302
    client.logout()
    assert sign_in(client, member.email, "wrong-again").status_code == 200


def test_the_admin_sign_in_is_throttled_too(make_user: Any, settings: Any) -> None:
    admin = make_user("admin@example.se", role="organiser", is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(), admin.email, f"wrong-{n}", ip="10.1.1.1", url=url)
    assert sign_in(Client(), admin.email, PASSWORD, ip="10.2.2.2", url=url).status_code == 429


def test_english_lockout_message(member: Any, settings: Any) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for n in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, member.email, f"wrong-{n}")
    assert "Signing in is blocked after too many failed attempts" in response.content.decode()


def test_password_reset_mail_goes_through_the_queue_alike_for_known_and_unknown(
        member: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from motesplats.accounts import tasks

    queued: list[tuple[Any, ...]] = []
    monkeypatch.setattr(tasks.send_password_reset, "delay", lambda *args: queued.append(args))
    for address in ("anna@example.se", "nobody@example.se"):
        response = Client().post(reverse("accounts:password_reset"), {"email": address})
        assert response.status_code == 302
    assert [args[0] for args in queued] == ["anna@example.se", "nobody@example.se"]  # the same work for both
    assert mail.outbox == []  # nothing is sent inside the request
    for args in queued:  # the worker
        tasks.send_password_reset(*args)
    assert [message.to for message in mail.outbox] == [["anna@example.se"]]
    assert re.search(r"/accounts/reset/\S+/\S+/", mail.outbox[0].body)


def test_password_reset_is_limited_per_address(member: Any) -> None:
    from motesplats.accounts.throttle import RESET_PER_ADDRESS

    answers = [Client().post(reverse("accounts:password_reset"), {"email": "anna@example.se"},
                             REMOTE_ADDR=f"10.0.0.{n}").status_code for n in range(RESET_PER_ADDRESS + 1)]
    assert answers == [302] * RESET_PER_ADDRESS + [429]


def test_unknown_api_tokens_from_one_address_are_throttled(member: Any, settings: Any) -> None:
    from motesplats.accounts.services import api_token_create

    _token, raw = api_token_create(user=member, name="skript")
    settings.API_TOKEN_FAILURE_LIMIT = limit = 20
    client = Client()
    for n in range(limit):
        answer = client.get("/api/registry/projects", HTTP_AUTHORIZATION=f"Bearer mp_guess{n}", REMOTE_ADDR="10.3.3.3")
        assert answer.status_code == 401
    refused = client.get("/api/registry/projects", HTTP_AUTHORIZATION=f"Bearer {raw}", REMOTE_ADDR="10.3.3.3")
    assert refused.status_code == 429 and refused.json()["code"] == "too_many_requests"
    assert "Retry-After" in refused
    assert client.get("/api/registry/projects", HTTP_AUTHORIZATION=f"Bearer {raw}",
                      REMOTE_ADDR="10.4.4.4").status_code == 200

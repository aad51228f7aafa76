"""Sessions know their account: erasure ends that person's sessions without decoding anyone else's."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from motesplats.accounts import services
from motesplats.accounts.sessions import SessionStore, UserSession

pytestmark = pytest.mark.django_db


def signed_in(email: str) -> Client:
    client = Client()
    assert client.login(username=email, password="demo-password-1")
    return client


def test_a_session_records_its_account_and_follows_a_new_key(make_user: Any) -> None:
    user = make_user("anna@example.se", role="member")
    client = Client()
    client.get(reverse("accounts:login"))  # an anonymous session first (the CSRF cookie, a language)
    client.post(reverse("accounts:login"), {"username": "anna@example.se", "password": "demo-password-1"})
    session = UserSession.objects.get(session_key=client.session.session_key)
    assert session.user == user
    client.post(reverse("accounts:password_change"), {
        "old_password": "demo-password-1", "new_password1": "ett-nytt-langt-losen-9",
        "new_password2": "ett-nytt-langt-losen-9"})  # Django gives the session a new key here
    assert UserSession.objects.get(session_key=client.session.session_key).user == user
    assert list(UserSession.objects.filter(user=user).values_list("session_key", flat=True)) == [
        client.session.session_key]


def test_erasure_ends_every_session_of_the_account_and_only_those(make_user: Any,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    leaving = make_user("leaving@example.se", role="member")
    make_user("staying@example.se", role="member")
    phone, laptop = signed_in("leaving@example.se"), signed_in("leaving@example.se")
    other = signed_in("staying@example.se")
    assert UserSession.objects.filter(user=leaving).count() == 2

    def no_decoding(self: Any, session_data: str) -> dict[str, Any]:
        raise AssertionError("erasure decoded a session")

    monkeypatch.setattr(SessionStore, "decode", no_decoding)
    services.account_erase(user=leaving)
    monkeypatch.undo()

    assert not UserSession.objects.filter(user=leaving).exists()
    for client in (phone, laptop):
        assert client.get(reverse("accounts:profile")).status_code == 302  # signed out
    assert other.get(reverse("accounts:profile")).status_code == 200


def test_deleting_an_account_deletes_its_sessions(make_user: Any) -> None:
    user = make_user("gone@example.se")
    signed_in("gone@example.se")
    user.delete()
    assert not UserSession.objects.exists()

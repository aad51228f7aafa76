"""The audit log (issue 14, item 7): publish, recompute, import, role change and erasure write an entry in the
same transaction as the action; the programme office searches and exports it; nobody else sees it."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from motesplats.audit import services as audit
from motesplats.audit.models import Action, AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(db: Any) -> Any:
    from motesplats.events.models import Series
    from motesplats.events.services import event_create

    series = Series.objects.create(name="Serie", slug="serie")
    day = timezone.now() + dt.timedelta(days=20)
    return event_create(series=series, title="Säkerhet i staden", starts_at=day, ends_at=day + dt.timedelta(hours=2),
                        capacity=10)


@pytest.mark.django_db(transaction=True)
def test_record_belongs_inside_the_action_transaction(organiser: Any) -> None:
    with pytest.raises(transaction.TransactionManagementError):
        audit.record(actor=organiser, action=Action.PUBLISH)


def test_publishing_writes_an_entry_and_a_failed_action_writes_none(draft: Any, organiser: Any) -> None:
    from motesplats.events.services import event_publish

    with mock.patch("motesplats.events.models.Event.save", side_effect=RuntimeError("disk full")):
        with pytest.raises(RuntimeError):
            event_publish(event=draft, by=organiser)
    assert not AuditEntry.objects.exists()  # the action rolled back, and its entry with it
    event_publish(event=draft, by=organiser)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.actor_label) == (Action.PUBLISH, organiser, organiser.email)
    assert entry.target_type == "events.event" and entry.target_id == str(draft.pk)
    assert entry.data == {"title": "Säkerhet i staden"}


def test_erasure_and_role_change_are_logged(make_user: Any, organiser: Any) -> None:
    from motesplats.accounts.services import account_erase

    member = make_user("anna@example.se", role="member")
    admin = make_user("admin@example.se", role="organiser", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    response = client.post(f"/admin/accounts/user/{member.pk}/change/", {
        "email": member.email, "role": "organiser", "language": "sv", "is_active": "on",
        "last_login_0": "", "last_login_1": "", "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00"})
    assert response.status_code == 302, response.content[:2000]
    change = AuditEntry.objects.get(action=Action.ROLE_CHANGE)
    assert change.actor == admin and change.data["before"]["role"] == "member" and change.data["after"]["role"] == "organiser"
    account_erase(user=member, by=organiser)
    erasure = AuditEntry.objects.get(action=Action.ERASURE)
    assert erasure.actor == organiser and erasure.target_id == str(member.pk)


def test_the_programme_office_searches_and_exports(draft: Any, organiser: Any, reader: Any) -> None:
    from motesplats.events.services import event_publish

    event_publish(event=draft, by=organiser)
    client = Client()
    client.force_login(reader)
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/export.csv").status_code == 403
    client.force_login(organiser)
    page = client.get("/audit/", {"q": "Säkerhet", "action": "publish"}).content.decode()
    assert "Säkerhet i staden" in page and organiser.email in page
    assert "Säkerhet i staden" not in client.get("/audit/", {"action": "erasure"}).content.decode()
    export = client.get("/audit/export.csv", {"q": "Säkerhet"})
    assert export["Content-Type"].startswith("text/csv")
    assert "Säkerhet i staden" in export.content.decode("utf-8-sig")

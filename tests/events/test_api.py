"""The events API: public reads, own registrations for members, everything for organisers."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from motesplats.events.models import Registration
from motesplats.events.services import register

pytestmark = pytest.mark.django_db

BASE = "/api/events"


def client_for(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def post(client: Client, url: str, data: Any = None, method: str = "post") -> Any:
    return getattr(client, method)(url, data=json.dumps(data or {}), content_type="application/json")


def test_public_reads_hide_drafts(make_event: Any, organiser: Any) -> None:
    published = make_event(title="Publicerat")
    draft = make_event(title="Utkast", publish=False)
    anonymous = client_for()
    slugs = [e["slug"] for e in anonymous.get(f"{BASE}/events").json()]
    assert published.slug in slugs and draft.slug not in slugs
    assert anonymous.get(f"{BASE}/events/{draft.slug}").status_code == 404
    assert anonymous.get(f"{BASE}/events/{published.slug}/agenda").status_code == 200
    assert client_for(organiser).get(f"{BASE}/events/{draft.slug}").status_code == 200
    assert anonymous.get(f"{BASE}/series").json()[0]["slug"] == "motesplats-smart-stad"


def test_members_register_and_cancel_themselves_only(event: Any, make_person: Any) -> None:
    me, other = make_person(), make_person()
    client = client_for(me.user)
    response = post(client, f"{BASE}/events/{event.slug}/registrations", {"consent": False})
    assert response.status_code == 422 and response.json()["code"] == "consent_required"
    response = post(client, f"{BASE}/events/{event.slug}/registrations", {"consent": True, "dietary": "veganskt"})
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "confirmed" and body["dietary"] == "veganskt" and ":" in body["check_in_code"]
    again = post(client, f"{BASE}/events/{event.slug}/registrations", {"consent": True})
    assert again.status_code == 409 and again.json()["code"] == "already_registered"
    forbidden = post(client, f"{BASE}/events/{event.slug}/registrations", {"consent": True, "person_id": other.pk})
    assert forbidden.status_code == 403
    assert [r["id"] for r in client.get(f"{BASE}/events/{event.slug}/registrations").json()] == [body["id"]]
    assert [r["id"] for r in client.get(f"{BASE}/registrations/mine").json()] == [body["id"]]

    theirs = register(event=event, person=other, consent=True, notify=False)
    assert client.get(f"{BASE}/registrations/{theirs.pk}").status_code == 404
    assert post(client, f"{BASE}/registrations/{theirs.pk}/cancel").status_code == 404
    assert post(client, f"{BASE}/registrations/{body['id']}/cancel").json()["status"] == "cancelled"


def test_anonymous_cannot_write(event: Any) -> None:
    anonymous = client_for()
    assert post(anonymous, f"{BASE}/events/{event.slug}/registrations", {"consent": True}).status_code == 401
    assert post(anonymous, f"{BASE}/events/{event.slug}/check-in", {"code": "x"}).status_code == 401


def test_organisers_manage_events_agenda_registrations_and_check_in(event: Any, make_person: Any,
                                                                    organiser: Any, series: Any) -> None:
    member = make_person()
    member_client, client = client_for(member.user), client_for(organiser)
    day = event.date + dt.timedelta(days=7)
    new_event = {"series": series.slug, "title": "Tredje träffen", "capacity": 50,
                 "starts_at": f"{day}T13:00:00+01:00", "ends_at": f"{day}T16:00:00+01:00"}
    assert post(member_client, f"{BASE}/events", new_event).status_code == 403
    created = post(client, f"{BASE}/events", new_event)
    assert created.status_code == 201 and created.json()["status"] == "utkast"
    bad = post(client, f"{BASE}/events", {**new_event, "ends_at": f"{day}T12:00:00+01:00"})
    assert bad.status_code == 422 and [e["field"] for e in bad.json()["errors"]] == ["ends_at"]
    assert post(client, f"{BASE}/events/{created.json()['slug']}/publish").json()["status"] == "publicerad"
    assert post(member_client, f"{BASE}/events/{event.slug}", {"capacity": 1}, "patch").status_code == 403
    assert post(client, f"{BASE}/events/{event.slug}", {"capacity": 10}, "patch").json()["capacity"] == 10

    agenda = [{"start": "13:00", "end": "13:30", "title": "Välkomna", "kind": "other"},
              {"start": "13:30", "end": "14:30", "title": "Rundabord", "kind": "round_tables", "tables": 5,
               "questions": ["Möjligheter?", "Hinder?"]}]
    assert post(member_client, f"{BASE}/events/{event.slug}/agenda", agenda, "put").status_code == 403
    saved = post(client, f"{BASE}/events/{event.slug}/agenda", agenda, "put")
    assert saved.status_code == 200 and [i["title"] for i in saved.json()] == ["Välkomna", "Rundabord"]
    invalid = post(client, f"{BASE}/events/{event.slug}/agenda", [{**agenda[0], "end": "12:00"}], "put")
    assert invalid.status_code == 422 and invalid.json()["errors"][0]["field"] == "0.end"

    on_behalf = post(client, f"{BASE}/events/{event.slug}/registrations", {"consent": True, "person_id": member.pk})
    assert on_behalf.status_code == 201
    assert len(client.get(f"{BASE}/events/{event.slug}/registrations").json()) == 1
    code = on_behalf.json()["check_in_code"]
    assert post(member_client, f"{BASE}/events/{event.slug}/check-in", {"code": code}).status_code == 403
    first = post(client, f"{BASE}/events/{event.slug}/check-in", {"code": code})
    assert first.status_code == 200 and first.json()["outcome"] == "ok"
    second = post(client, f"{BASE}/events/{event.slug}/check-in", {"code": code})
    assert second.status_code == 409 and second.json()["code"] == "already_checked_in"
    assert second.json()["outcome"] == "already" and second.json()["registration_id"] == on_behalf.json()["id"]
    forged = post(client, f"{BASE}/events/{event.slug}/check-in", {"code": code[:-2] + "xx"})
    assert forged.status_code == 422 and forged.json()["outcome"] == "invalid"
    assert client.get(f"{BASE}/events/{event.slug}/counts").json()["checked_in"] == 1
    assert member_client.get(f"{BASE}/events/{event.slug}/counts").status_code == 403
    assert Registration.objects.get(pk=on_behalf.json()["id"]).checked_in_at is not None


def test_errors_are_in_the_requests_language(event: Any, make_person: Any) -> None:
    client = client_for(make_person().user)
    response = client.post(f"{BASE}/events/{event.slug}/registrations?lang=en", data=json.dumps({"consent": False}),
                           content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert response.json()["detail"].startswith("You need to accept how we handle your data")


def test_openapi_documents_the_events_api() -> None:
    paths = client_for().get("/api/openapi.json").json()["paths"]
    assert f"{BASE}/events/{{slug}}/registrations" in paths and f"{BASE}/events/{{slug}}/check-in" in paths
    expected = {
        "/events": {"get", "post"}, "/events/{slug}": {"get", "patch"}, "/events/{slug}/publish": {"post"},
        "/events/{slug}/cancel": {"post"}, "/events/{slug}/agenda": {"get", "put"},
        "/events/{slug}/registrations": {"get", "post"}, "/registrations/{pk}": {"get", "patch"},
        "/registrations/{pk}/cancel": {"post"}, "/events/{slug}/check-in": {"post"},
        "/events/{slug}/walk-ins": {"post"}, "/events/{slug}/counts": {"get"},
    }
    for path, methods in expected.items():
        assert set(paths[BASE + path]) >= methods, path
        for method in methods - {"get"}:
            assert paths[BASE + path][method].get("security"), f"{method} {path} needs a session"


def test_organisers_search_and_add_walk_ins(event: Any, make_person: Any, organiser: Any, organisation: Any) -> None:
    client = client_for(organiser)
    register(event=event, person=make_person("Karin Bengtsson"), consent=True, notify=False)
    found = client.get(f"{BASE}/events/{event.slug}/registrations", {"q": "karin"}).json()
    assert [r["person_name"] for r in found] == ["Karin Bengtsson"]
    walk_in = {"name": "Maya Miltell", "email": "maya@example.se", "organisation": organisation.slug}
    assert post(client_for(make_person().user), f"{BASE}/events/{event.slug}/walk-ins", walk_in).status_code == 403
    created = post(client, f"{BASE}/events/{event.slug}/walk-ins", walk_in)
    assert created.status_code == 201
    assert created.json()["is_walk_in"] and created.json()["checked_in_at"] is not None
    missing = post(client, f"{BASE}/events/{event.slug}/walk-ins", {"name": "Utan organisation"})
    assert missing.status_code == 422


def test_organisers_cancel_an_event_and_everyone_registered_is_told(make_event: Any, make_person: Any,
                                                                    organiser: Any, reader: Any,
                                                                    django_capture_on_commit_callbacks: Any) -> None:
    from django.core import mail

    event = make_event(capacity=1)
    seated, waiting = make_person(), make_person()
    register(event=event, person=seated, consent=True, notify=False)
    register(event=event, person=waiting, consent=True, notify=False)
    url = f"{BASE}/events/{event.slug}/cancel"
    assert post(client_for(), url, {"reason": "x"}).status_code == 401
    assert post(client_for(seated.user), url, {"reason": "x"}).status_code == 403
    assert post(client_for(reader), url, {"reason": "x"}).status_code == 403
    event.refresh_from_db()
    assert event.status == "publicerad" and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client_for(organiser), url, {"reason": "Lokalen är stängd."})
    assert response.status_code == 200 and response.json()["status"] == "inställd"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([seated.email, waiting.email])
    again = post(client_for(organiser), url, {"reason": "igen"})
    assert again.status_code == 409 and again.json()["code"]


def test_readers_read_but_write_nothing(event: Any, make_person: Any, reader: Any, series: Any) -> None:
    client = client_for(reader)
    assert client.get(f"{BASE}/events/{event.slug}").status_code == 200
    assert client.get(f"{BASE}/events/{event.slug}/agenda").status_code == 200
    day = event.date + dt.timedelta(days=7)
    new_event = {"series": series.slug, "title": "Läsarens träff", "capacity": 5,
                 "starts_at": f"{day}T13:00:00+01:00", "ends_at": f"{day}T16:00:00+01:00"}
    assert post(client, f"{BASE}/events", new_event).status_code == 403
    assert post(client, f"{BASE}/events/{event.slug}", {"capacity": 1}, "patch").status_code == 403
    assert post(client, f"{BASE}/events/{event.slug}/publish").status_code in (403, 409)
    item = {"start": "13:00", "end": "13:30", "title": "Läsarens punkt"}
    assert post(client, f"{BASE}/events/{event.slug}/agenda", [item], "put").status_code == 403
    someone = register(event=event, person=make_person(), consent=True, notify=False)
    assert client.get(f"{BASE}/events/{event.slug}/registrations").json() == []
    assert client.get(f"{BASE}/registrations/{someone.pk}").status_code == 404
    assert post(client, f"{BASE}/registrations/{someone.pk}/cancel").status_code == 404
    assert post(client, f"{BASE}/events/{event.slug}/registrations",
                {"consent": True, "person_id": someone.person_id}).status_code == 403
    assert post(client, f"{BASE}/events/{event.slug}/check-in", {"code": someone.check_in_code}).status_code == 403
    assert post(client, f"{BASE}/events/{event.slug}/walk-ins", {"person_id": someone.person_id}).status_code == 403
    event.refresh_from_db()
    someone.refresh_from_db()
    assert event.capacity == 3 and event.agenda_items.count() == 0
    assert someone.status == "confirmed" and someone.checked_in_at is None
    assert Registration.objects.filter(event=event).count() == 1


def test_organisers_cancel_for_someone_and_the_first_waitlisted_moves_up(make_event: Any, make_person: Any,
                                                                         organiser: Any) -> None:
    event = make_event(capacity=1)
    seated = register(event=event, person=make_person(), consent=True, notify=False)
    first = register(event=event, person=make_person(), consent=True, notify=False)
    second = register(event=event, person=make_person(), consent=True, notify=False)
    client = client_for(organiser)
    waiting = client.get(f"{BASE}/events/{event.slug}/registrations", {"status": "waitlisted"}).json()
    assert [(r["id"], r["waitlist_position"]) for r in waiting] == [(first.pk, 1), (second.pk, 2)]
    response = post(client, f"{BASE}/registrations/{seated.pk}/cancel")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert post(client, f"{BASE}/registrations/{seated.pk}/cancel").status_code == 409
    promoted = client.get(f"{BASE}/registrations/{first.pk}").json()
    assert promoted["status"] == "confirmed" and promoted["check_in_code"]
    assert client.get(f"{BASE}/registrations/{second.pk}").json()["waitlist_position"] == 1


def test_registration_refusals_through_the_api_change_nothing(make_event: Any, make_person: Any) -> None:
    closed = make_event(registration_closes_at=timezone.now() - dt.timedelta(hours=1))
    person = make_person()
    client = client_for(person.user)
    refused = post(client, f"{BASE}/events/{closed.slug}/registrations", {"consent": True})
    assert refused.status_code == 409 and refused.json()["code"] == "registration_closed" and refused.json()["detail"]
    unknown_project = post(client, f"{BASE}/events/{closed.slug}/registrations", {"consent": True, "project": "nej"})
    assert unknown_project.status_code == 422 and unknown_project.json()["errors"][0]["field"] == "project"
    assert not Registration.objects.filter(person=person).exists()


def test_registrations_are_updated_by_their_person_or_an_organiser(make_event: Any, make_person: Any, project: Any,
                                                                   organiser: Any) -> None:
    event = make_event(capacity=1)
    me, other = make_person(), make_person()
    mine = register(event=event, person=me, consent=True, dietary="veganskt", notify=False)
    code = mine.check_in_code
    client = client_for(me.user)
    url = f"{BASE}/registrations/{mine.pk}"
    not_contact = post(client, url, {"project": project.slug}, "patch")
    assert not_contact.status_code == 422 and not_contact.json()["code"] == "project_not_allowed"
    project.contacts.add(me)
    changed = post(client, url, {"project": project.slug, "accessibility": " hörslinga "}, "patch")
    assert changed.status_code == 200
    body = changed.json()
    assert (body["project"], body["accessibility"], body["dietary"]) == (project.slug, "hörslinga", "veganskt")
    assert body["status"] == "confirmed" and body["check_in_code"] == code  # the seat and the code stay
    assert post(client, url, {"project": ""}, "patch").json()["project"] is None
    assert post(client, url, {"dietary": "x" * 501}, "patch").status_code == 422
    assert post(client, url, {"project": "finns-inte"}, "patch").status_code == 422  # an unknown reference

    theirs = register(event=event, person=other, consent=True, notify=False)
    assert post(client, f"{BASE}/registrations/{theirs.pk}", {"dietary": "kaffe"}, "patch").status_code == 404
    by_organiser = post(client_for(organiser), f"{BASE}/registrations/{theirs.pk}",
                        {"project": project.slug, "dietary": "glutenfritt"}, "patch")
    assert by_organiser.status_code == 200 and by_organiser.json()["status"] == "waitlisted"
    assert by_organiser.json()["waitlist_position"] == 1
    post(client, f"{url}/cancel")
    assert post(client, url, {"dietary": "sent"}, "patch").status_code == 409
    mine.refresh_from_db()
    assert mine.dietary == "veganskt" and mine.project is None and mine.accessibility == "hörslinga"


def test_organisers_finish_a_held_event(event: Any, make_person: Any, organiser: Any) -> None:
    url = f"{BASE}/events/{event.slug}/finish"
    assert post(client_for(make_person().user), url).status_code == 403
    finished = post(client_for(organiser), url)
    assert finished.status_code == 200 and finished.json()["status"] == "avslutad"
    assert not finished.json()["registration_open"]
    assert post(client_for(organiser), url).status_code == 409


def test_scripts_use_a_personal_token_with_their_owners_rights(event: Any, make_person: Any,
                                                               organiser: Any) -> None:
    from motesplats.accounts import services as account_services

    member = make_person()
    _token, organiser_key = account_services.api_token_create(user=organiser, name="incheckning")
    member_token, member_key = account_services.api_token_create(user=member.user, name="min")

    def bearer(key: str) -> Client:
        client = Client()
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
        return client

    registered = post(bearer(member_key), f"{BASE}/events/{event.slug}/registrations", {"consent": True})
    assert registered.status_code == 201
    assert post(bearer(member_key), f"{BASE}/events/{event.slug}/check-in",
                {"code": registered.json()["check_in_code"]}).status_code == 403
    checked = post(bearer(organiser_key), f"{BASE}/events/{event.slug}/check-in",
                   {"code": registered.json()["check_in_code"]})
    assert checked.status_code == 200 and checked.json()["outcome"] == "ok"
    account_services.api_token_revoke(token=member_token)
    revoked = post(bearer(member_key), f"{BASE}/registrations/{registered.json()['id']}/cancel")
    assert revoked.status_code == 401
    assert bearer("mp_unknown").get(f"{BASE}/events").status_code == 401  # a bad token is refused, not ignored
    assert Registration.objects.get(pk=registered.json()["id"]).status == "confirmed"

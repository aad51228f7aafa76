"""Round-table findings turned into follow-ups: owners, projects, due dates; the next seminar's agenda; status
requests a week before (idempotent); project pages; the selector insight draws."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from motesplats.followups import selectors, services
from motesplats.followups.models import FollowUp, StatusRequest

pytestmark = pytest.mark.django_db
STHLM = ZoneInfo("Europe/Stockholm")


def _event(series: Any, slug: str, days: int, status: str) -> Any:
    from motesplats.events.models import AgendaItem, Event

    day = timezone.localdate() + dt.timedelta(days=days)
    start = dt.datetime.combine(day, dt.time(13), tzinfo=STHLM)
    event = Event.objects.create(series=series, title=slug.capitalize(), slug=slug, date=day, starts_at=start,
                                 ends_at=start + dt.timedelta(hours=4), capacity=40, status=status)
    AgendaItem.objects.create(event=event, order=1, starts_at=start, ends_at=start + dt.timedelta(hours=1),
                              kind="round_tables", title="Rundabord", tables=2,
                              questions=["Vilka möjligheter finns?", "Vilka hinder finns?"])
    return event


@pytest.fixture
def seminars(series: Any) -> dict[str, Any]:
    from motesplats.networking.models import Plan, TableOutcome

    held = _event(series, "forsta", -30, "avslutad")
    upcoming = _event(series, "andra", 6, "publicerad")
    plan = Plan.objects.create(agenda_item=held.agenda_items.get(), kind="tables", status="published")
    outcome = TableOutcome.objects.create(plan=plan, table=0, answers=["Dela sensordata om vatten", "Avtal saknas"])
    return {"held": held, "upcoming": upcoming, "outcome": outcome}


@pytest.fixture
def owner(make_person: Any) -> Any:
    return make_person("Olle Ägare", language="en")


def test_a_finding_becomes_a_follow_up_and_the_next_agenda_lists_it_when_chosen(
        client: Any, seminars: Any, owner: Any, project: Any, organiser: Any) -> None:
    findings = selectors.findings_of_event(seminars["held"])
    assert [(f.table, f.question, f.text) for f in findings] == [
        (1, "Vilka möjligheter finns?", "Dela sensordata om vatten"), (1, "Vilka hinder finns?", "Avtal saknas")]
    client.force_login(organiser)
    url = f"/follow-ups/events/forsta/new/?outcome={seminars['outcome'].pk}&question=0"
    assert "Dela sensordata om vatten" in client.get(url).content.decode()
    response = client.post(url, {"kind": "opportunity", "finding": "Dela sensordata om vatten", "action": "Ta fram avtal",
                                 "owner_person": owner.pk, "owner_organisation": "", "projects": [project.pk],
                                 "due_date": "2030-06-01", "status": "open"})
    assert response.status_code == 302
    followup = FollowUp.objects.get()
    assert followup.owner_organisation == owner.organisation and followup.question_index == 0
    assert selectors.findings_of_event(seminars["held"])[0].followup_id == followup.pk

    agenda = client.get("/events/andra/").content.decode()
    assert "Dela sensordata om vatten" not in agenda  # not listed until the programme office chooses
    client.post("/follow-ups/events/andra/", {"listed": "1"})
    client.logout()
    agenda = client.get("/events/andra/").content.decode()
    assert "Dela sensordata om vatten" in agenda and owner.organisation.name in agenda
    assert "Olle Ägare" not in agenda  # the public sees the organisation, signed-in people the person
    assert "Dela sensordata om vatten" not in client.get("/events/forsta/").content.decode()
    project_page = client.get(project.get_absolute_url())
    assert "Dela sensordata om vatten" not in project_page.content.decode()  # signed-in users only
    client.force_login(organiser)
    assert "Dela sensordata om vatten" in client.get(project.get_absolute_url()).content.decode()


def test_a_follow_up_needs_an_owner_and_a_finding(seminars: Any, organiser: Any, reader: Any) -> None:
    with pytest.raises(services.FollowUpError):
        services.followup_create(event=seminars["held"], finding="Något", by=organiser)
    with pytest.raises(services.FollowUpError):
        services.followup_create(event=seminars["held"], finding=" ", owner_organisation=None, by=organiser)
    with pytest.raises(services.NotAllowed):
        services.followup_create(event=seminars["held"], finding="x", by=reader)


def test_owners_are_asked_for_a_status_a_week_before_once(seminars: Any, owner: Any, organiser: Any,
                                                          mail_settings: Any, client: Any) -> None:
    followup = services.followup_create(event=seminars["held"], finding="Avtal saknas", kind="obstacle",
                                         owner_person=owner, by=organiser)
    done = services.followup_create(event=seminars["held"], finding="Klart", owner_person=owner, by=organiser)
    services.followup_report_status(followup=done, status="done", note="")
    assert services.request_statuses() == 0  # the agenda does not list them: nobody is asked
    services.agenda_listing_set(event=seminars["upcoming"], listed=True, by=organiser)
    assert services.request_statuses() == 1
    assert services.request_statuses() == 0  # the daily job again: no second mail
    (message,) = mail.outbox
    assert message.to == [owner.email] and message.extra_headers["Content-Language"] == "en"
    assert StatusRequest.objects.get().followup == followup
    status_path = next(word for word in message.body.split() if "/follow-ups/status/" in word)
    status_path = status_path.replace("http://testserver", "")
    assert client.get(status_path).status_code == 200
    client.post(status_path, {"status": "in_progress", "note": "Avtalsutkast skickat"})
    followup.refresh_from_db()
    assert followup.status == "in_progress" and followup.status_note == "Avtalsutkast skickat"
    assert client.get("/follow-ups/status/forged/").status_code == 404


def test_a_seminar_more_than_a_week_away_is_not_asked_about_yet(seminars: Any, owner: Any,
                                                                organiser: Any, mail_settings: Any) -> None:
    services.followup_create(event=seminars["held"], finding="x", owner_person=owner, by=organiser)
    services.agenda_listing_set(event=seminars["upcoming"], listed=True, by=organiser)
    assert services.request_statuses(today=timezone.localdate() - dt.timedelta(days=3)) == 0


def test_status_counts_for_insight(seminars: Any, owner: Any, organiser: Any) -> None:
    first = services.followup_create(event=seminars["held"], finding="a", owner_person=owner, by=organiser)
    services.followup_create(event=seminars["held"], finding="b", owner_person=owner, by=organiser)
    services.followup_report_status(followup=first, status="done", note="")
    counts = {row["status"]: row["count"] for row in selectors.status_counts()}
    assert counts == {"open": 1, "in_progress": 0, "done": 1, "dropped": 0}
    (row,) = selectors.status_counts_by_event()
    assert row["event"] == "Forsta" and row["counts"]["done"] == 1


def test_gdpr_erasure_keeps_the_follow_up_with_the_organisation(seminars: Any, owner: Any,
                                                                organiser: Any) -> None:
    from motesplats.followups.gdpr import gdpr_erase_hook, gdpr_export_hook

    services.followup_create(event=seminars["held"], finding="x", owner_person=owner, by=organiser)
    assert gdpr_export_hook(owner.user, owner)["followups_owned"][0]["finding"] == "x"
    gdpr_erase_hook(owner.user, owner)
    followup = FollowUp.objects.get()
    assert followup.owner_person is None and followup.owner_organisation == owner.organisation


def test_the_demo_turns_the_past_seminars_answers_into_follow_ups_listed_on_the_next_agenda(
        seminars: Any, project: Any, owner: Any, organiser: Any) -> None:
    from motesplats.events.models import Registration
    from motesplats.followups import demo
    from motesplats.followups.models import AgendaListing
    from motesplats.news import demo as news_demo

    project.contacts.add(owner)
    Registration.objects.create(event=seminars["held"], person=owner, project=project, status="confirmed",
                                consent_at=timezone.now())
    assert demo.load()["created"] is True
    assert FollowUp.objects.count() == 2 and AgendaListing.objects.get().event == seminars["upcoming"]
    assert demo.load() == {"created": False}  # idempotent
    assert news_demo.load()["created"] is True and news_demo.load() == {"created": False}


def test_insight_shows_follow_ups_by_status(client: Any, seminars: Any, owner: Any, organiser: Any,
                                            reader: Any) -> None:
    from motesplats.insight.sections import fill_sections

    first = services.followup_create(event=seminars["held"], finding="a", owner_person=owner, by=organiser)
    services.followup_create(event=seminars["held"], finding="b", owner_person=owner, by=organiser)
    services.followup_report_status(followup=first, status="done", note="")
    (section,) = [section for section in fill_sections(reader) if section.key == "follow_ups"]
    findings, figure = section.figures
    assert findings.key == "findings" and figure.key == "follow_ups"
    assert figure.categories == ["Forsta"]
    assert {series.label: series.values for series in figure.series}["Klar"] == [1]
    client.force_login(reader)
    csv = client.get("/insight/follow_ups.csv")
    assert csv.status_code == 200 and "Forsta" in csv.content.decode()

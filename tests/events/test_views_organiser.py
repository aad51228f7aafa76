"""Organiser pages: events, agenda editor, registering others, import, walk-ins, check-in, dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from motesplats.events.enums import AgendaKind, EventStatus, RegistrationStatus
from motesplats.events.models import AgendaItem, Event, Registration
from motesplats.events.services import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def org_client(client, organiser):
    client.force_login(organiser)
    return client


def _event_post(series, **changes):
    day = (timezone.localdate() + dt.timedelta(days=40)).isoformat()
    data = {"series": series.pk, "title": "Säkerhet i den smarta staden", "theme": "säkerhet", "description": "",
            "date": day, "start_time": "13:00", "end_time": "17:00", "venue_name": "Stokab",
            "venue_address": "Sveavägen 1", "venue_accessibility": "Hiss och hörslinga", "capacity": "70",
            "registration_opens_at": "", "registration_closes_at": ""}
    data.update(changes)
    return data


def test_create_edit_publish_and_cancel_an_event(org_client, series, make_person, mailoutbox):
    response = org_client.post(reverse("events:event_create"), _event_post(series))
    assert response.status_code == 302
    event = Event.objects.get(title="Säkerhet i den smarta staden")
    assert event.status == EventStatus.UTKAST and event.capacity == 70
    assert org_client.get(reverse("events:event_edit", args=[event.slug])).status_code == 200
    org_client.post(reverse("events:event_edit", args=[event.slug]), _event_post(series, capacity="80"))
    event.refresh_from_db()
    assert event.capacity == 80
    org_client.post(reverse("events:event_publish", args=[event.slug]))
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLICERAD
    register(event=event, person=make_person(), consent=True)
    confirm = org_client.get(reverse("events:event_cancel", args=[event.slug]))
    assert "1 bekräftade" in confirm.content.decode()
    refused = org_client.post(reverse("events:event_cancel", args=[event.slug]), {"reason": "Sjukdom"})
    assert refused.status_code == 400  # the confirmation box is required
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLICERAD
    org_client.post(reverse("events:event_cancel", args=[event.slug]), {"reason": "Sjukdom", "confirm": "on"})
    event.refresh_from_db()
    assert event.status == EventStatus.INSTALLD


def test_event_form_errors_are_shown_next_to_the_field_and_nothing_is_saved(org_client, series):
    response = org_client.post(reverse("events:event_create"), _event_post(series, end_time="12:00", capacity="0"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Sluttiden måste vara efter starttiden" in body and "id_end_time_error" in body
    assert not Event.objects.exists()


def _agenda_post(event, items, action="save"):
    data = {"count": str(len(items)), "action": action}
    for index, item in enumerate(items):
        for key, value in item.items():
            data[f"item-{index}-{key}"] = value
    return data


def test_agenda_editor_saves_the_whole_agenda_in_order(org_client, event, make_person):
    speaker = make_person("Anna Håkansson")
    items = [
        {"start": "13:00", "end": "13:30", "kind": AgendaKind.TALK, "title": "Inledning", "speakers": [speaker.pk]},
        {"start": "13:30", "end": "14:00", "kind": AgendaKind.SPEED_DATING, "title": "Speed dating",
         "rounds": "3", "round_minutes": "8"},
        {"start": "14:00", "end": "15:00", "kind": AgendaKind.ROUND_TABLES, "title": "Rundabord", "tables": "8",
         "questions": "Möjligheter?\nHinder?"},
    ]
    response = org_client.post(reverse("events:agenda_edit", args=[event.slug]), _agenda_post(event, items))
    assert response.status_code == 302
    saved = list(AgendaItem.objects.filter(event=event).order_by("order"))
    assert [item.title for item in saved] == ["Inledning", "Speed dating", "Rundabord"]
    assert saved[0].speakers.get() == speaker
    assert (saved[1].rounds, saved[1].round_minutes) == (3, 8)
    assert saved[2].questions == ["Möjligheter?", "Hinder?"]
    page = org_client.get(reverse("events:agenda_edit", args=[event.slug])).content.decode()
    assert 'value="Rundabord"' in page
    public = org_client.get(event.get_absolute_url()).content.decode()
    assert "Anna Håkansson" in public and "3 rundor à 8 minuter" in public


def test_agenda_editor_moves_adds_and_removes_without_saving(org_client, event):
    items = [{"start": "13:00", "end": "13:30", "kind": AgendaKind.TALK, "title": "A"},
             {"start": "13:30", "end": "14:00", "kind": AgendaKind.BREAK, "title": "B"}]
    url = reverse("events:agenda_edit", args=[event.slug])
    moved = org_client.post(url, _agenda_post(event, items, action="down:0")).content.decode()
    assert moved.index('value="B"') < moved.index('value="A"')
    assert "flyttad ned till plats 2" in moved
    added = org_client.post(url, _agenda_post(event, items, action="add")).content.decode()
    assert 'name="count" value="3"' in added
    removed = org_client.post(url, _agenda_post(event, items, action="remove:0"), HTTP_HX_REQUEST="true")
    assert 'value="A"' not in removed.content.decode() and 'name="count" value="1"' in removed.content.decode()
    assert not AgendaItem.objects.filter(event=event).exists()


def test_agenda_editor_errors_are_shown_per_item_and_nothing_is_saved(org_client, event):
    AgendaItem.objects.create(event=event, order=0, starts_at=event.starts_at, ends_at=event.ends_at,
                              title="Befintlig")
    items = [{"start": "13:00", "end": "13:30", "kind": AgendaKind.TALK, "title": "Bra"},
             {"start": "12:00", "end": "12:30", "kind": AgendaKind.TALK, "title": "Före start"},
             {"start": "14:00", "end": "14:30", "kind": AgendaKind.SPEED_DATING, "title": "Speed"}]
    response = org_client.post(reverse("events:agenda_edit", args=[event.slug]), _agenda_post(event, items))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ange antalet rundor (minst 1)" in body and "Ange hur många minuter en runda är" in body
    assert "has-errors" in body
    assert list(AgendaItem.objects.filter(event=event).values_list("title", flat=True)) == ["Befintlig"]
    # the form is valid but the service finds the time outside the event
    items[2].update(rounds="2", round_minutes="10")
    body = org_client.post(reverse("events:agenda_edit", args=[event.slug]), _agenda_post(event, items)).content
    assert "inom seminariets tid" in body.decode()
    assert list(AgendaItem.objects.filter(event=event).values_list("title", flat=True)) == ["Befintlig"]


def test_register_someone_on_their_behalf(org_client, event, make_person, project):
    person = make_person("Maya Miltell", account=False)
    response = org_client.post(reverse("events:register_other", args=[event.slug]),
                               {"person": person.pk, "project": project.pk, "consent": "on"})
    assert response.status_code == 302
    registration = Registration.objects.get(person=person)
    assert registration.status == RegistrationStatus.CONFIRMED and registration.project == project
    again = org_client.post(reverse("events:register_other", args=[event.slug]),
                            {"person": person.pk, "consent": "on"})
    assert again.status_code == 400 and "redan anmäld" in again.content.decode()
    assert Registration.objects.filter(person=person).count() == 1


def test_import_shows_every_bad_row_and_saves_nothing(org_client, event, organisation):
    csv_text = ("email;name;organisation;project_key;dietary;accessibility\n"
                "ok@example.se;Okej Person;Stokab;;;\n"
                "inte-en-adress;Fel Adress;Stokab;;;\n"
                "ny@example.se;Ny Person;Finns Inte AB;;;\n")
    upload = SimpleUploadedFile("lista.csv", csv_text.encode(), content_type="text/csv")
    response = org_client.post(reverse("events:import", args=[event.slug]), {"file": upload})
    assert response.status_code == 400
    body = response.content.decode()
    assert '<td class="num">3</td>' in body and '<td class="num">4</td>' in body
    assert "Inget har sparats" in body
    assert not Registration.objects.filter(event=event).exists()


def test_import_of_a_good_file(org_client, event, organisation, django_capture_on_commit_callbacks):
    csv_text = "email,name,organisation,project_key,dietary,accessibility\nny@example.se,Ny Person,Stokab,,,\n"
    upload = SimpleUploadedFile("lista.csv", csv_text.encode(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):  # the background import starts after the commit
        response = org_client.post(reverse("events:import", args=[event.slug]), {"file": upload})
    assert response.status_code == 302
    assert Registration.objects.get(event=event).person.email == "ny@example.se"
    result = org_client.get(response["Location"])
    assert "Importen är klar: 1 bekräftade, 0 på väntelistan, 1 nya personer i registret." in result.content.decode()


def test_import_runs_in_the_background_with_a_progress_bar(org_client, event, organisation):
    csv_text = "email,name,organisation\nny@example.se,Ny Person,Stokab\n"
    upload = SimpleUploadedFile("lista.csv", csv_text.encode(), content_type="text/csv")
    response = org_client.post(reverse("events:import", args=[event.slug]), {"file": upload})
    assert response.status_code == 302 and not Registration.objects.filter(event=event).exists()
    page = org_client.get(response["Location"]).content.decode()
    assert "<progress" in page and 'hx-trigger="every 1s"' in page and "0 av 1 rader klara" in page


def test_walk_in_is_checked_in_at_once(org_client, event, organisation):
    response = org_client.post(reverse("events:walk_in", args=[event.slug]),
                               {"name": "Karin Bengtsson", "email": "karin@example.se",
                                "organisation": organisation.pk})
    assert response.status_code == 302
    registration = Registration.objects.get(event=event)
    assert registration.is_walk_in and registration.checked_in_at is not None
    missing = org_client.post(reverse("events:walk_in", args=[event.slug]), {"name": ""})
    assert missing.status_code == 400 and Registration.objects.count() == 1


def test_check_in_by_code_once_then_says_when(org_client, event, make_person):
    registration = register(event=event, person=make_person("Veronica Thunholm"), consent=True)
    url = reverse("events:checkin_code", args=[event.slug])
    page = org_client.get(reverse("events:checkin", args=[event.slug]))
    assert page.status_code == 200 and "data-qr-scanner" in page.content.decode()
    first = org_client.post(url, {"code": registration.check_in_code}, HTTP_HX_REQUEST="true")
    assert "Veronica Thunholm är incheckad" in first.content.decode()
    registration.refresh_from_db()
    used_at = registration.checked_in_at
    assert used_at is not None
    second = org_client.post(url, {"code": registration.check_in_code}, HTTP_HX_REQUEST="true")
    assert "redan använd" in second.content.decode()
    registration.refresh_from_db()
    assert registration.checked_in_at == used_at


def test_forged_code_is_refused_and_changes_nothing(org_client, event, make_person):
    registration = register(event=event, person=make_person(), consent=True)
    forged = registration.check_in_token + ":forgedsignature"
    response = org_client.post(reverse("events:checkin_code", args=[event.slug]), {"code": forged})
    assert response.status_code == 400 and "Ogiltig kod" in response.content.decode()
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_search_by_name_and_check_in_the_chosen_person(org_client, event, make_person):
    registration = register(event=event, person=make_person("Stefan Carlson"), consent=True)
    results = org_client.get(reverse("events:checkin_search", args=[event.slug]), {"q": "carl"},
                             HTTP_HX_REQUEST="true").content.decode()
    assert "Stefan Carlson" in results
    org_client.post(reverse("events:checkin_registration", args=[event.slug, registration.pk]))
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    counts = org_client.get(reverse("events:checkin_counts", args=[event.slug])).content.decode()
    assert 'data-count="checked-in">1<' in counts


def test_dashboard_exports_and_print_pages(org_client, make_event, make_person, project):
    event = make_event(capacity=1)
    first, second = make_person("Johanna Engman"), make_person("Christer Forsberg")
    project.contacts.add(first)
    register(event=event, person=first, project=project, consent=True)
    register(event=event, person=second, consent=True)
    body = org_client.get(reverse("events:event_dashboard", args=[event.slug])).content.decode()
    assert "Stokab" in body and "iWater" in body and "Christer Forsberg" in body
    csv_response = org_client.get(reverse("events:export_csv", args=[event.slug]))
    assert csv_response["Content-Type"].startswith("text/csv") and "Johanna Engman" in csv_response.content.decode()
    xlsx = org_client.get(reverse("events:export_xlsx", args=[event.slug]))
    assert xlsx.content[:2] == b"PK"
    listing = org_client.get(reverse("events:participant_list", args=[event.slug])).content.decode()
    assert "Johanna Engman" in listing and "Christer Forsberg" not in listing
    badges = org_client.get(reverse("events:badges", args=[event.slug])).content.decode()
    assert "badge-card" in badges and "iWater" in badges
    home = org_client.get(reverse("events:organiser_home")).content.decode()
    assert event.title in home


def test_organiser_cancels_someone_and_the_waitlist_moves_up(org_client, make_event, make_person):
    event = make_event(capacity=1)
    first = register(event=event, person=make_person("Först"), consent=True)
    second = register(event=event, person=make_person("Sedan"), consent=True)
    url = reverse("events:cancel_registration", args=[event.slug, first.pk])
    assert url in org_client.get(reverse("events:event_dashboard", args=[event.slug])).content.decode()
    assert "Ja, avboka" in org_client.get(url).content.decode()
    first.refresh_from_db()
    assert first.status == RegistrationStatus.CONFIRMED  # the GET only asks
    response = org_client.post(url, follow=True)
    assert "Sedan har fått en plats" in response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED and second.status == RegistrationStatus.CONFIRMED


def test_cancel_someone_else_is_403_for_members(client, event, make_person):
    registration = register(event=event, person=make_person(), consent=True)
    client.force_login(make_person().user)
    url = reverse("events:cancel_registration", args=[event.slug, registration.pk])
    assert client.post(url).status_code == 403
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_create_and_edit_a_series(org_client, client, reader):
    from motesplats.events.models import Series

    response = org_client.post(reverse("events:series_create"), {"name": "Mötesplats Smart stad", "description": "X"})
    series = Series.objects.get(name="Mötesplats Smart stad")
    assert response["Location"] == series.get_absolute_url()
    org_client.post(reverse("events:series_edit", args=[series.slug]), {"name": series.name, "description": "Ny"})
    series.refresh_from_db()
    assert series.description == "Ny"
    assert org_client.post(reverse("events:series_create"), {"name": ""}).status_code == 400
    client.force_login(reader)
    assert client.post(reverse("events:series_create"), {"name": "Y"}).status_code == 403
    assert Series.objects.count() == 1


def test_a_held_event_is_marked_finished_and_registration_closes(org_client, event, make_person):
    url = reverse("events:event_detail", args=[event.slug])
    finish = reverse("events:event_finish", args=[event.slug])
    assert finish not in org_client.get(url).content.decode()  # not before it has started
    started = timezone.now() - dt.timedelta(hours=1)
    Event.objects.filter(pk=event.pk).update(starts_at=started, ends_at=started + dt.timedelta(hours=3),
                                             date=timezone.localdate(started))
    assert finish in org_client.get(url).content.decode()
    response = org_client.post(finish, follow=True)
    assert "Seminariet är avslutat" in response.content.decode()
    event.refresh_from_db()
    assert event.status == EventStatus.AVSLUTAD
    again = org_client.post(finish, follow=True)
    assert "Bara ett publicerat seminarium kan avslutas." in again.content.decode()
    person = make_person()
    org_client.force_login(person.user)
    org_client.post(reverse("events:register", args=[event.slug]), {"consent": "on"})
    assert not Registration.objects.filter(event=event, person=person).exists()

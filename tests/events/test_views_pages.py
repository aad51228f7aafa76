"""Public pages, the participant's registration pages and permissions of the seminar views."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motesplats.events.enums import RegistrationStatus
from motesplats.events.models import Registration

pytestmark = pytest.mark.django_db


def login(client, person):
    client.force_login(person.user)
    return client


def test_index_series_and_event_pages_show_published_events_to_anonymous(client, event, make_event, series):
    draft = make_event(publish=False, title="Hemligt utkast")
    index = client.get(reverse("events:index"))
    assert index.status_code == 200
    assert event.title in index.content.decode()
    assert "Hemligt utkast" not in index.content.decode()
    page = client.get(reverse("events:series_detail", args=[series.slug]))
    assert page.status_code == 200 and event.title in page.content.decode()
    assert "webcal://" in page.content.decode()
    detail = client.get(event.get_absolute_url())
    body = detail.content.decode()
    assert detail.status_code == 200
    assert "Sveavägen 1, Stockholm" in body and "3 platser kvar" in body
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_organiser_sees_drafts(client, organiser, make_event):
    draft = make_event(publish=False, title="Hemligt utkast")
    client.force_login(organiser)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_event_ics_and_series_feed_are_calendars(client, event, series):
    ics = client.get(reverse("events:event_ics", args=[event.slug]))
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in ics.content
    feed = client.get(reverse("events:series_feed", args=[series.slug]))
    assert feed.status_code == 200 and b"BEGIN:VCALENDAR" in feed.content


def test_english_page(client, event):
    body = client.get(event.get_absolute_url() + "?lang=en").content.decode()
    assert "Agenda" in body or "Programme" in body


def test_anonymous_is_sent_to_login_to_register(client, event):
    response = client.get(reverse("events:register", args=[event.slug]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_register_confirmed_shows_qr_and_my_day(client, event, make_person, project):
    person = make_person("Karin Bengtsson")
    project.contacts.add(person)
    login(client, person)
    form = client.get(reverse("events:register", args=[event.slug]))
    assert form.status_code == 200
    assert "Tolv månader" in form.content.decode()  # the consent text: what, why, how long
    response = client.post(reverse("events:register", args=[event.slug]), {
        "project": project.pk, "dietary": "vegetarisk", "accessibility": "", "consent": "on"})
    assert response.status_code == 302
    registration = Registration.objects.get(event=event, person=person)
    assert registration.status == RegistrationStatus.CONFIRMED and registration.project == project
    result = client.get(response["Location"])
    body = result.content.decode()
    assert "Du är anmäld" in body and "<svg" in body and registration.check_in_code in body
    assert reverse("events:my_day", args=[event.slug]) in body
    assert reverse("events:event_ics", args=[event.slug]) in body
    my_day = client.get(reverse("events:my_day", args=[event.slug])).content.decode()
    assert "Min dag" in my_day and registration.check_in_code in my_day and "vegetarisk" in my_day


def test_register_without_consent_changes_nothing(client, event, make_person):
    person = make_person()
    login(client, person)
    response = client.post(reverse("events:register", args=[event.slug]), {"dietary": "", "accessibility": ""})
    assert response.status_code == 400
    assert "godkänna hur vi hanterar" in response.content.decode()
    assert not Registration.objects.filter(event=event).exists()


def test_cannot_represent_a_project_of_someone_else(client, event, make_person, project):
    person = make_person()
    login(client, person)
    response = client.post(reverse("events:register", args=[event.slug]), {"project": project.pk, "consent": "on"})
    assert response.status_code == 400
    assert not Registration.objects.filter(event=event).exists()


def test_full_event_puts_people_on_the_waitlist_with_position(client, make_event, make_person):
    event = make_event(capacity=1)
    first, second = make_person(), make_person()
    login(client, first).post(reverse("events:register", args=[event.slug]), {"consent": "on"})
    client.logout()
    login(client, second)
    form = client.get(reverse("events:register", args=[event.slug])).content.decode()
    assert "Seminariet är fullt" in form
    response = client.post(reverse("events:register", args=[event.slug]), {"consent": "on"}, follow=True)
    body = response.content.decode()
    assert "Du står på väntelistan" in body and "nummer 1" in body
    assert Registration.objects.get(person=second).status == RegistrationStatus.WAITLISTED


def test_duplicate_registration_is_refused_and_changes_nothing(client, event, make_person):
    person = make_person()
    login(client, person)
    client.post(reverse("events:register", args=[event.slug]), {"consent": "on"})
    response = client.post(reverse("events:register", args=[event.slug]), {"consent": "on"}, follow=True)
    assert "redan anmäld" in response.content.decode()
    assert Registration.objects.filter(event=event, person=person).count() == 1


def test_closed_registration_gives_a_message_and_changes_nothing(client, make_event, make_person):
    import datetime as dt

    from django.utils import timezone

    event = make_event(registration_closes_at=timezone.now() + dt.timedelta(seconds=1))
    from motesplats.events.models import Event

    Event.objects.filter(pk=event.pk).update(registration_closes_at=timezone.now() - dt.timedelta(hours=1))
    person = make_person()
    login(client, person)
    response = client.post(reverse("events:register", args=[event.slug]), {"consent": "on"})
    assert response.status_code == 200
    assert "Anmälan till seminariet är stängd" in response.content.decode()
    assert not Registration.objects.filter(event=event).exists()


def test_cancel_own_registration_promotes_the_first_on_the_waitlist(client, make_event, make_person, mailoutbox):
    event = make_event(capacity=1)
    first, second = make_person(), make_person()
    login(client, first).post(reverse("events:register", args=[event.slug]), {"consent": "on"})
    client.logout()
    login(client, second).post(reverse("events:register", args=[event.slug]), {"consent": "on"})
    client.logout()
    login(client, first)
    confirm = client.get(reverse("events:registration_cancel", args=[event.slug]))
    assert confirm.status_code == 200 and "Ja, avboka min plats" in confirm.content.decode()
    assert Registration.objects.get(person=first).status == RegistrationStatus.CONFIRMED  # GET changes nothing
    client.post(reverse("events:registration_cancel", args=[event.slug]))
    assert Registration.objects.get(person=first).status == RegistrationStatus.CANCELLED
    assert Registration.objects.get(person=second).status == RegistrationStatus.CONFIRMED


def test_my_day_without_registration_and_for_anonymous(client, event, make_person):
    assert client.get(reverse("events:my_day", args=[event.slug])).status_code == 302
    login(client, make_person())
    body = client.get(reverse("events:my_day", args=[event.slug])).content.decode()
    assert "Du är inte anmäld" in body


ORGANISER_ONLY = ["event_edit", "event_cancel", "agenda_edit", "event_dashboard", "export_csv", "export_xlsx",
                  "participant_list", "badges", "register_other", "import", "walk_in", "checkin", "checkin_counts",
                  "checkin_search"]


@pytest.mark.parametrize("name", ORGANISER_ONLY)
def test_organiser_pages_are_403_for_members_and_login_for_anonymous(client, event, make_person, name):
    url = reverse(f"events:{name}", args=[event.slug])
    assert client.get(url).status_code == 302
    login(client, make_person())
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("name", ["event_create", "organiser_home"])
def test_organiser_home_and_create_are_403_for_readers(client, reader, name):
    client.force_login(reader)
    assert client.get(reverse(f"events:{name}")).status_code == 403


@pytest.mark.parametrize("name", ["event_publish", "event_finish", "checkin_code"])
def test_organiser_posts_are_403_for_members(client, event, make_person, name):
    login(client, make_person())
    assert client.post(reverse(f"events:{name}", args=[event.slug]), {"code": "x"}).status_code == 403


def test_check_in_by_id_is_403_for_members(client, event, make_person):
    person = make_person()
    registration = Registration.objects.create(event=event, person=person, status=RegistrationStatus.CONFIRMED)
    login(client, person)
    url = reverse("events:checkin_registration", args=[event.slug, registration.pk])
    assert client.post(url).status_code == 403
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_my_day_in_the_menu_goes_to_the_next_seminar(client, event, make_person):
    person = make_person()
    login(client, person)
    url = reverse("events:my_next_day")
    assert "Du är inte anmäld till något kommande seminarium" in client.get(url).content.decode()
    client.post(reverse("events:register", args=[event.slug]), {"consent": "on"})
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == reverse("events:my_day", args=[event.slug])
    assert url in client.get(reverse("events:index")).content.decode()  # the menu entry


def test_registration_pages_in_english(client, make_event, make_person):
    event = make_event(capacity=1)
    first, second = make_person(), make_person()
    client.cookies["motesplats_language"] = "en"
    login(client, first).post(reverse("events:register", args=[event.slug]), {"consent": "on"})
    body = client.get(reverse("events:registration_result", args=[event.slug])).content.decode()
    assert "You are registered" in body and "My day" in body
    form = client.get(reverse("events:register", args=[event.slug]))
    assert form.status_code == 302  # already registered: to the result page
    client.logout()
    client.cookies["motesplats_language"] = "en"
    login(client, second)
    form = client.get(reverse("events:register", args=[event.slug])).content.decode()
    assert "Twelve months after the seminar" in form and "Put me on the waitlist" in form
    body = client.post(reverse("events:register", args=[event.slug]), {"consent": "on"}, follow=True).content
    assert "You are number 1 on the waitlist" in body.decode()


def test_my_day_shows_the_sections_other_apps_register(client, event, make_person, settings):
    """"Min dag" renders each registered section (events.extensions) that has something to show."""
    from motesplats.events.extensions import MyDaySection, my_day_sections

    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "APP_DIRS": False, "OPTIONS": {**engine["OPTIONS"], "loaders": [
        ("django.template.loaders.locmem.Loader",
         {"tests/section.html": '<section id="test-section">{{ section.data }}</section>'}),
        "django.template.loaders.app_directories.Loader"]}}]
    person = make_person()
    login(client, person)
    client.post(reverse("events:register", args=[event.slug]), {"consent": "on"})
    my_day_sections.register(MyDaySection("test", "tests/section.html",
                                          lambda day: f"Bord 3 för {day.registration.person.name}"))
    my_day_sections.register(MyDaySection("empty", "tests/section.html", lambda day: []))
    try:
        response = client.get(reverse("events:my_day", args=[event.slug]))
    finally:
        my_day_sections.unregister("test")
        my_day_sections.unregister("empty")
    body = response.content.decode()
    assert f'<section id="test-section">Bord 3 för {person.name}</section>' in body
    assert body.count('id="test-section"') == 1  # the empty section is left out
    assert "networking/_my_day.html" not in [t.name for t in response.templates]  # no seats: no section

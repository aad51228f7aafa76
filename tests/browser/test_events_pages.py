"""The seminar pages in the browser, each in Swedish and English, with axe on every page visited:
register, cancel, waitlist promotion, check-in by the QR code's text and the organiser's agenda editing."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.conftest import assert_accessible, browser_login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STHLM = ZoneInfo("Europe/Stockholm")
LANGUAGES = ["sv", "en"]
TEXT = {
    "sv": {"register": "Anmäl dig", "register_me": "Anmäl mig", "registered": "Du är anmäld",
           "waitlisted": "Du står på väntelistan", "number_1": "nummer 1", "cancel_seat": "Avboka min plats",
           "yes_cancel": "Ja, avboka min plats", "cancelled": "Din anmälan är avbokad", "my_day": "Min dag",
           "confirmed_seat": "Bekräftad plats", "code_label": "Kod från QR-koden", "check_in": "Checka in",
           "is_checked_in": "är incheckad", "already": "redan använd", "invalid": "Ogiltig kod",
           "add_item": "Lägg till punkt", "move_up": "Flytta upp", "save_agenda": "Spara programmet",
           "saved": "Programmet är sparat", "title": "Rubrik", "start": "Börjar", "end": "Slutar",
           "join_waitlist": "Ställ mig på väntelistan", "consent": "Jag har läst texten ovan"},
    "en": {"register": "Register", "register_me": "Register me", "registered": "You are registered",
           "waitlisted": "You are on the waitlist", "number_1": "number 1", "cancel_seat": "Cancel my seat",
           "yes_cancel": "Yes, cancel my seat", "cancelled": "Your registration is cancelled", "my_day": "My day",
           "confirmed_seat": "Confirmed seat", "code_label": "Code from the QR code", "check_in": "Check in",
           "is_checked_in": "is checked in", "already": "already been used", "invalid": "Invalid code",
           "add_item": "Add item", "move_up": "Move up", "save_agenda": "Save the agenda",
           "saved": "The agenda has been saved", "title": "Title", "start": "Starts", "end": "Ends",
           "join_waitlist": "Put me on the waitlist", "consent": "I have read the text above"},
}


# --- data -----------------------------------------------------------------------------------------


def _organisation():
    from motesplats.registry.models import Organisation

    return Organisation.objects.get_or_create(name="Miljöförvaltningen", slug="miljoforvaltningen")[0]


def _person(name: str, email: str, role: str = "member"):
    from motesplats.accounts.models import User
    from motesplats.registry.models import Person

    user = User.objects.create_user(email=email, password="demo-password-1", role=role)
    return Person.objects.create(name=name, email=email, organisation=_organisation(), user=user)


def _project(person):
    from motesplats.registry.models import Project

    project = Project.objects.create(title="iWater", slug="iwater", key="iwater", owner=_organisation())
    project.contacts.add(person)
    return project


def _event(capacity: int = 70):
    from motesplats.events.models import Series
    from motesplats.events.services import event_create, event_publish

    series = Series.objects.create(name="Mötesplats Smart stad", slug="motesplats-smart-stad")
    day = timezone.localdate() + dt.timedelta(days=20)
    event = event_create(series=series, title="Säkerhet i den smarta staden", theme="Säkerhet",
                         starts_at=dt.datetime.combine(day, dt.time(13, 0), tzinfo=STHLM),
                         ends_at=dt.datetime.combine(day, dt.time(17, 0), tzinfo=STHLM), capacity=capacity,
                         venue_name="Stokab", venue_address="Sveavägen 1, Stockholm",
                         venue_accessibility="Hiss och hörslinga.")
    return event_publish(event=event)


def _start(page, language: str, email: str) -> None:
    page.goto("/")
    set_language(page, language)
    browser_login(page, email)


def _logout(page) -> None:
    page.context.clear_cookies()


# --- tests ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_register_for_an_event(page, live_server, language):
    from motesplats.events.models import Registration

    text = TEXT[language]
    person = _person("Karin Bengtsson", "karin@example.se")
    project = _project(person)
    event = _event()
    _start(page, language, "karin@example.se")
    page.goto(event.get_absolute_url())
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible(page)
    page.get_by_role("link", name=text["register"], exact=True).click()
    assert_accessible(page)
    page.get_by_label(re.compile("projekt|project", re.I)).select_option(str(project.pk))
    page.get_by_label(text["consent"]).check()
    page.get_by_role("button", name=text["register_me"]).click()
    page.wait_for_url(re.compile(r"/register/done/$"))
    assert text["registered"] in page.locator("h1").inner_text()
    registration = Registration.objects.get(event=event, person=person)
    assert registration.is_confirmed and registration.project_id == project.pk
    assert page.locator(".qr svg").count() == 1
    assert registration.check_in_code in page.locator(".checkin-code").inner_text()
    assert_accessible(page)
    page.locator("main").get_by_role("link", name=text["my_day"]).click()
    assert text["confirmed_seat"] in page.locator("main").inner_text()
    assert_accessible(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_cancel_own_registration(page, live_server, language):
    from motesplats.events.models import Registration
    from motesplats.events.services import register

    text = TEXT[language]
    person = _person("Maya Miltell", "maya@example.se")
    event = _event()
    registration = register(event=event, person=person, consent=True)
    _start(page, language, "maya@example.se")
    page.goto(f"/events/{event.slug}/my-day/")
    assert_accessible(page)
    page.get_by_role("link", name=text["cancel_seat"]).click()
    assert_accessible(page)
    page.get_by_role("button", name=text["yes_cancel"]).click()
    page.wait_for_url(re.compile(rf"/events/{event.slug}/$"))
    assert text["cancelled"] in page.locator(".messages").inner_text()
    assert_accessible(page)
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    assert not Registration.objects.filter(event=event, status="confirmed").exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_waitlist_promotion(page, live_server, language):
    from motesplats.events.models import Registration
    from motesplats.events.services import register

    text = TEXT[language]
    first = _person("Anna Håkansson", "anna@example.se")
    second = _person("Stefan Carlson", "stefan@example.se")
    event = _event(capacity=1)
    register(event=event, person=first, consent=True)
    # the second person finds the event full and goes on the waitlist
    _start(page, language, "stefan@example.se")
    page.goto(f"/events/{event.slug}/register/")
    assert_accessible(page)
    page.get_by_label(text["consent"]).check()
    page.get_by_role("button", name=text["join_waitlist"]).click()
    assert text["waitlisted"] in page.locator("h1").inner_text()
    assert text["number_1"] in page.locator(".waitlist-position").inner_text()
    assert_accessible(page)
    # the first person cancels
    _logout(page)
    _start(page, language, "anna@example.se")
    page.goto(f"/events/{event.slug}/register/cancel/")
    page.get_by_role("button", name=text["yes_cancel"]).click()
    page.wait_for_url(re.compile(rf"/events/{event.slug}/$"))
    # the second person now has the seat, a QR code and the promotion e-mail
    _logout(page)
    _start(page, language, "stefan@example.se")
    page.goto(f"/events/{event.slug}/my-day/")
    assert text["confirmed_seat"] in page.locator("main").inner_text()
    assert page.locator(".qr svg").count() == 1
    assert_accessible(page)
    assert Registration.objects.get(person=second).status == "confirmed"


@pytest.mark.parametrize("language", LANGUAGES)
def test_check_in_by_qr_code_text(page, live_server, language):
    from motesplats.events.services import register

    text = TEXT[language]
    _person("Programkontoret", "org@example.se", role="organiser")
    event = _event()
    registration = register(event=event, person=_person("Veronica Thunholm", "veronica@example.se"), consent=True)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _start(page, language, "org@example.se")
    page.goto(f"/events/{event.slug}/check-in/")
    assert_accessible(page)
    if not page.evaluate("'BarcodeDetector' in window"):  # Debian's chromium: the page says to type the code
        assert page.locator("[data-scanner-status]").inner_text() != ""
    code_field = page.get_by_label(text["code_label"])
    code_field.fill(registration.check_in_code)
    code_field.press("Enter")
    result = page.locator("#checkin-result")
    result.get_by_text(text["is_checked_in"]).wait_for()
    assert "Veronica Thunholm" in result.inner_text()
    page.locator('[data-count="checked-in"]', has_text="1").wait_for()  # live counts follow
    assert_accessible(page)
    # the field is cleared and focused for the next person; the same code again says when it was used
    page.wait_for_function("document.activeElement && document.activeElement.name === 'code'")
    code_field.fill(registration.check_in_code)
    page.get_by_role("button", name=text["check_in"], exact=True).click()
    result.get_by_text(text["already"]).wait_for()
    # a forged code is refused
    code_field.fill(registration.check_in_token + ":forged")
    code_field.press("Enter")
    result.get_by_text(text["invalid"]).wait_for()
    assert_accessible(page)
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert errors == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_organiser_edits_the_agenda_with_the_keyboard(page, live_server, language):
    from motesplats.events.models import AgendaItem
    from motesplats.events.services import AgendaItemData, agenda_replace

    text = TEXT[language]
    _person("Programkontoret", "org@example.se", role="organiser")
    event = _event()
    agenda_replace(event=event, items=[
        AgendaItemData(start=dt.time(13, 0), end=dt.time(13, 30), title="Inledning"),
        AgendaItemData(start=dt.time(13, 30), end=dt.time(14, 0), title="Paus", kind="break"),
    ])
    _start(page, language, "org@example.se")
    page.goto(f"/events/{event.slug}/agenda/")
    assert_accessible(page)
    page.get_by_role("button", name=text["add_item"]).click()
    new_title = page.locator("#id_item-2-title")
    new_title.wait_for()
    page.wait_for_function("document.activeElement.id === 'id_item-2-title'")  # focus moves to the new item
    new_title.fill("Panelsamtal om säkerhet")
    page.locator("#id_item-2-start").fill("14:00")
    page.locator("#id_item-2-end").fill("15:00")
    # move the new item up with the keyboard: focus stays on the moved item's button
    move_up = page.locator("#item-2").get_by_role("button", name=re.compile(text["move_up"]))
    move_up.focus()
    page.keyboard.press("Enter")
    page.locator("#id_item-1-title").wait_for()
    page.wait_for_function("document.querySelector('#id_item-1-title').value === 'Panelsamtal om säkerhet'")
    page.wait_for_function("document.activeElement && document.activeElement.closest('li')"
                           " && document.activeElement.closest('li').id === 'item-1'")
    assert_accessible(page)
    # an error is shown next to the field and nothing is saved
    page.locator("#id_item-1-end").fill("13:00")
    page.get_by_role("button", name=text["save_agenda"]).click()
    page.locator("#id_item-1-end_error").wait_for()
    assert_accessible(page)
    assert list(AgendaItem.objects.filter(event=event).values_list("title", flat=True)) == ["Inledning", "Paus"]
    page.locator("#id_item-1-end").fill("15:00")
    page.locator("#id_item-1-start").fill("14:00")
    page.locator("#id_item-2-start").fill("13:30")
    page.locator("#id_item-2-end").fill("14:00")
    page.get_by_role("button", name=text["save_agenda"]).click()
    page.wait_for_url(re.compile(rf"/events/{event.slug}/$"))
    assert text["saved"] in page.locator(".messages").inner_text()
    assert_accessible(page)
    titles = list(AgendaItem.objects.filter(event=event).order_by("order").values_list("title", flat=True))
    assert titles == ["Inledning", "Panelsamtal om säkerhet", "Paus"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_phone_pages_reflow_at_320_pixels(page, live_server, language):
    """WCAG 1.4.10: the event page, Min dag and check-in work at 320 CSS pixels without sideways scrolling."""
    from motesplats.events.services import register

    _person("Programkontoret", "org@example.se", role="organiser")
    event = _event()
    register(event=event, person=_person("Claes Johannesson", "claes@example.se"), consent=True)
    page.set_viewport_size({"width": 320, "height": 640})
    _start(page, language, "org@example.se")
    for path in (event.get_absolute_url(), f"/events/{event.slug}/check-in/", f"/events/{event.slug}/dashboard/"):
        page.goto(path)
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')].filter(e => {
            const r = e.getBoundingClientRect(); return r.right > 321 && !e.closest('.table-wrap'); })
            .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, (path, wide)
        assert_accessible(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_organiser_pages_are_accessible(page, live_server, language):
    """Every other organiser page, with data on it, passes axe; the import shows each bad row."""
    from motesplats.events.services import register

    _person("Programkontoret", "org@example.se", role="organiser")
    event = _event(capacity=1)
    person = _person("Johanna Engman", "johanna@example.se")
    register(event=event, person=person, project=_project(person), consent=True, dietary="vegan")
    register(event=event, person=_person("Christer Forsberg", "christer@example.se"), consent=True)
    _start(page, language, "org@example.se")
    for path in ("/events/", "/events/organiser/", "/events/new/", "/events/series/motesplats-smart-stad/",
                 "/events/series/new/", "/events/series/motesplats-smart-stad/edit/",
                 f"/events/{event.slug}/edit/", f"/events/{event.slug}/cancel/",
                 f"/events/{event.slug}/registrations/new/", f"/events/{event.slug}/walk-in/",
                 f"/events/{event.slug}/participant-list/", f"/events/{event.slug}/badges/",
                 f"/events/{event.slug}/import/"):
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)
    page.set_input_files("input[name=file]", files=[{
        "name": "lista.csv", "mimeType": "text/csv",
        "buffer": b"email;name;organisation;project_key;dietary;accessibility\nfel-adress;X;Stokab;;;\n"}])
    page.locator("main form button[type=submit]").click()
    page.locator("#import-problems").wait_for()
    assert "2" in page.locator("#import-problems td.num").first.inner_text()
    assert_accessible(page)
    # the search on the check-in page finds people and checks them in
    page.goto(f"/events/{event.slug}/check-in/")
    page.locator("#checkin-q").fill("Engman")
    button = page.locator("#search-results").get_by_role("button")
    button.click()
    page.locator('[data-count="checked-in"]', has_text="1").wait_for()
    assert_accessible(page)


FAKE_CAMERA = """
window.__fakeCode = null;
window.BarcodeDetector = class {
  constructor(options) { this.options = options; }
  async detect(source) { return window.__fakeCode ? [{ rawValue: window.__fakeCode, format: "qr_code" }] : []; }
};
navigator.mediaDevices.getUserMedia = async () => {
  const canvas = document.createElement("canvas");
  canvas.width = 16; canvas.height = 16;
  canvas.getContext("2d").fillRect(0, 0, 16, 16);
  return canvas.captureStream(5);
};
"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_check_in_with_the_camera_scanner(page, live_server, language):
    """With BarcodeDetector present (stubbed: there is no camera here) the scanner reads a code and checks in."""
    from motesplats.events.services import register

    text = {"sv": ("Starta kameran", "är incheckad"), "en": ("Start the camera", "is checked in")}[language]
    _person("Programkontoret", "org@example.se", role="organiser")
    event = _event()
    registration = register(event=event, person=_person("Karin Bengtsson", "karin@example.se"), consent=True)
    page.add_init_script(FAKE_CAMERA)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _start(page, language, "org@example.se")
    page.goto(f"/events/{event.slug}/check-in/")
    page.get_by_role("button", name=text[0]).click()
    page.locator("[data-qr-scanner] video:not([hidden])").wait_for()
    assert_accessible(page)
    page.evaluate("code => { window.__fakeCode = code; }", registration.check_in_code)
    page.locator("#checkin-result").get_by_text(text[1]).wait_for()
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert errors == []

"""Outreach in the browser, in Swedish and English, with axe on every page visited: an invitation to a filtered
group and registration through the personal link, a guest's registration through the confirmation link, a news
post with a comment, its moderation and the feed, and a finding turned into a follow-up on the next agenda."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from tests.conftest import assert_accessible, browser_login, set_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STHLM = ZoneInfo("Europe/Stockholm")
LANGUAGES = ["sv", "en"]
TEXT = {
    "sv": {"guest": "Anmäl dig som gäst utan konto", "consent": "Jag har läst texten ovan", "sent": "Skickat",
           "confirm": "Bekräfta anmälan", "my_day": "Min dag", "hidden": "Kommentaren är dold av programkontoret",
           "make": "Gör till uppföljning", "show": "Visa de öppna uppföljningarna på programmet",
           "agenda_heading": "Uppföljning från tidigare rundabordssamtal"},
    "en": {"guest": "Register as a guest without an account", "consent": "I have read the text above",
           "sent": "Sent", "confirm": "Confirm the registration", "my_day": "My day",
           "hidden": "The comment is hidden by the programme office", "make": "Turn into a follow-up",
           "show": "Show the open follow-ups on the agenda",
           "agenda_heading": "Follow-up of earlier round tables"},
}


def _organisation(name: str) -> Any:
    from motesplats.registry.models import Organisation

    return Organisation.objects.get_or_create(name=name, slug=name.lower())[0]


def _organiser() -> Any:
    from motesplats.accounts.models import User

    return User.objects.create_user(email="kontoret@example.se", password="demo-password-1", role="organiser")


def _event(series: Any = None, *, days: int = 20, title: str = "Säkerhet i den smarta staden") -> Any:
    from motesplats.events.models import Series
    from motesplats.events.services import event_create, event_publish

    series = series or Series.objects.create(name="Mötesplats Smart stad", slug="motesplats-smart-stad")
    day = timezone.localdate() + dt.timedelta(days=days)
    event = event_create(series=series, title=title, theme="Säkerhet",
                         starts_at=dt.datetime.combine(day, dt.time(13, 0), tzinfo=STHLM),
                         ends_at=dt.datetime.combine(day, dt.time(17, 0), tzinfo=STHLM), capacity=50,
                         venue_name="Stokab", venue_address="Sveavägen 1, Stockholm")
    return event_publish(event=event)


def _path(message: Any, part: str) -> str:
    return next(re.sub(r"^https?://[^/]+", "", link) for link in re.findall(r"https?://\S+", message.body)
                if part in link)


def _anonymous(page: Any, language: str) -> Any:
    context = page.context.browser.new_context(base_url=page.context._impl_obj._options.get("baseURL"),  # noqa: SLF001
                                               viewport={"width": 1280, "height": 900})
    other = context.new_page()
    other.goto("/")
    set_language(other, language)
    return other


@pytest.mark.parametrize("language", LANGUAGES)
def test_invite_a_filtered_group_and_register_through_the_links(page: Any, live_server: Any, language: str) -> None:
    from motesplats.events.models import Registration
    from motesplats.registry.models import Person

    text = TEXT[language]
    kth, city = _organisation("KTH"), _organisation("Trafikkontoret")
    cecilia = Person.objects.create(name="Cecilia Forskare", email="cecilia@kth.se", organisation=kth)
    Person.objects.create(name="Tore Trafik", email="tore@stockholm.se", organisation=city)
    _organiser()
    event = _event()
    page.goto("/")
    set_language(page, language)
    browser_login(page, "kontoret@example.se")

    page.goto(f"/mailings/events/{event.slug}/invite/")
    assert_accessible(page)
    page.locator("#id_organisations").select_option(label="KTH")
    page.locator("button[name=preview]").click()
    page.locator("#preview table").wait_for()
    preview = page.locator("#preview").inner_text()
    assert "Cecilia Forskare" in preview and "Tore Trafik" not in preview
    assert_accessible(page)
    page.locator("button[name=send]").click()
    page.wait_for_url(re.compile(r"/mailings/\d+/$"))
    assert "cecilia@kth.se" in page.locator("main table").inner_text()
    assert text["sent"] in page.locator("main table").inner_text()
    assert_accessible(page)

    invitation = next(m for m in mail.outbox if m.to == ["cecilia@kth.se"])
    assert "tore@stockholm.se" not in {m.to[0] for m in mail.outbox}
    invited = _anonymous(page, language)
    invited.goto(_path(invitation, "/register/invited/"))
    assert_accessible(invited)
    invited.get_by_label(text["consent"]).check()
    invited.locator("main form button[type=submit]").click()
    invited.wait_for_url(re.compile(r"/guest/[^/]+/$"))
    assert invited.locator(".qr svg").count() == 1
    assert_accessible(invited)
    assert Registration.objects.get(event=event).person == cecilia

    # a guest who is not in the registry at all
    guest = _anonymous(page, language)
    guest.goto(event.get_absolute_url())
    guest.get_by_role("link", name=text["guest"]).click()
    assert_accessible(guest)
    guest.locator("#id_name").fill("Gunnel Gäst")
    guest.locator("#id_organisation_name").fill("Acme AB")
    guest.locator("#id_email").fill("gunnel@acme.se")
    guest.locator("#id_language").select_option(language)
    guest.get_by_label(text["consent"]).check()
    guest.locator("main form button[type=submit]").click()
    assert "gunnel@acme.se" in guest.locator("main").inner_text()
    assert_accessible(guest)
    confirmation = next(m for m in mail.outbox if m.to == ["gunnel@acme.se"])
    guest.goto(_path(confirmation, "/register/guest/"))
    assert_accessible(guest)
    guest.get_by_role("button", name=text["confirm"]).click()
    guest.wait_for_url(re.compile(r"/guest/[^/]+/$"))
    assert text["my_day"] in guest.locator("h1").inner_text()
    assert guest.locator(".qr svg").count() == 1
    assert "Cecilia" not in guest.locator("main").inner_text()  # nothing about other people
    assert_accessible(guest)
    assert Registration.objects.filter(event=event, person__email="gunnel@acme.se").exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_news_post_comment_moderation_and_feed(page: Any, live_server: Any, language: str) -> None:
    from motesplats.accounts.models import User

    text = TEXT[language]
    _organiser()
    User.objects.create_user(email="lasare@example.se", password="demo-password-1", role="reader")
    page.goto("/")
    set_language(page, language)
    browser_login(page, "kontoret@example.se")
    page.goto("/news/new/")
    assert_accessible(page)
    page.locator("#id_title").fill("Tack för i går")
    page.locator("#id_body").fill("Vi var **80 personer** från [staden](https://start.stockholm).")
    page.locator("#id_publish").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/news/tack-for-i-gar/$"))
    assert page.locator(".news-body strong").inner_text() == "80 personer"
    assert_accessible(page)

    reader = _anonymous(page, language)
    browser_login(reader, "lasare@example.se")
    reader.goto("/news/tack-for-i-gar/")
    reader.locator("#id_body").fill("Köp billiga klockor här")
    reader.locator("main form button[type=submit]").click()
    assert "billiga klockor" in reader.locator(".comments").inner_text()
    assert_accessible(reader)

    page.reload()
    page.locator(".moderation select").select_option("hide")
    page.locator(".moderation input[name=reason]").fill("Reklam")
    page.locator(".moderation button").click()
    reader.reload()
    comments = reader.locator(".comments").inner_text()
    assert text["hidden"] in comments and "Reklam" in comments and "billiga klockor" not in comments
    assert_accessible(reader)

    response = reader.request.get("/news/feed/atom/")
    assert response.ok and "Tack för i går" in response.text()
    reader.goto("/")
    assert "Tack för i går" in reader.locator("main").inner_text()
    assert_accessible(reader)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_finding_becomes_a_follow_up_on_the_next_agenda(page: Any, live_server: Any, language: str) -> None:
    from motesplats.events.models import AgendaItem
    from motesplats.networking.models import Plan, TableOutcome
    from motesplats.registry.models import Person

    text = TEXT[language]
    _organiser()
    owner = Person.objects.create(name="Olle Ägare", email="olle@example.se", organisation=_organisation("Stokab"))
    held = _event(days=3, title="Första seminariet")
    upcoming = _event(held.series, days=40, title="Andra seminariet")
    item = AgendaItem.objects.create(event=held, order=1, starts_at=held.starts_at, ends_at=held.ends_at,
                                     kind="round_tables", title="Rundabord", tables=2,
                                     questions=["Vilka möjligheter finns?"])
    plan = Plan.objects.create(agenda_item=item, kind="tables", status="published")
    TableOutcome.objects.create(plan=plan, table=0, answers=["Gemensam datakatalog för vatten"])
    page.goto("/")
    set_language(page, language)
    browser_login(page, "kontoret@example.se")

    page.goto(f"/follow-ups/events/{held.slug}/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(text["make"])).click()
    assert page.locator("#id_finding").input_value() == "Gemensam datakatalog för vatten"
    assert_accessible(page)
    page.locator("#id_owner_person").select_option(str(owner.pk))
    page.locator("#id_due_date").fill("2030-06-01")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/follow-ups/events/{held.slug}/$"))

    page.goto(f"/follow-ups/events/{upcoming.slug}/")
    page.get_by_role("button", name=text["show"]).click()
    assert_accessible(page)
    visitor = _anonymous(page, language)
    visitor.goto(upcoming.get_absolute_url())
    section = visitor.locator(".agenda-followups")
    assert text["agenda_heading"] in section.inner_text()
    assert "Gemensam datakatalog för vatten" in section.inner_text() and "Stokab" in section.inner_text()
    assert "Olle Ägare" not in section.inner_text()  # the public sees the organisation, not the person
    assert_accessible(visitor)

"""Who may open every page of the mailings, the news, the follow-ups and the guest pages of the seminars. One row
per route; a new route under these prefixes without a row fails `test_every_outreach_route_has_a_row`."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from motesplats.events.guest_links import day_token, invitation_token
from motesplats.events.models import GuestSignup
from motesplats.followups import services as followup_services
from motesplats.mailings import selectors as mailing_selectors
from motesplats.mailings import services as mailing_services
from motesplats.news import services as news_services
from motesplats.registry.models import Person

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "reader", "member", "organiser")
OK, LOGIN, DENIED, GONE = 200, "login", 403, 405

PAGES: dict[str, tuple[object, ...]] = {
    "/mailings/": (LOGIN, DENIED, DENIED, OK),
    "/mailings/events/{event}/invite/": (LOGIN, DENIED, DENIED, OK),
    "/mailings/events/{event}/message/": (LOGIN, DENIED, DENIED, OK),
    "/mailings/{mailing}/": (LOGIN, DENIED, DENIED, OK),
    "/mailings/unsubscribe/{unsubscribe}/": (OK, OK, OK, OK),  # the signed link is the proof
    "/news/": (OK, OK, OK, OK),
    "/news/new/": (LOGIN, DENIED, DENIED, OK),
    "/news/feed/rss/": (OK, OK, OK, OK),
    "/news/feed/atom/": (OK, OK, OK, OK),
    "/news/reports/": (LOGIN, DENIED, DENIED, OK),
    "/news/comments/{comment}/moderate/": (LOGIN, DENIED, DENIED, GONE),  # POST only
    "/news/comments/{comment}/report/": (LOGIN, OK, OK, OK),
    "/news/{post}/": (OK, OK, OK, OK),
    "/news/{post}/edit/": (LOGIN, DENIED, DENIED, OK),
    "/follow-ups/": (LOGIN, OK, OK, OK),
    "/follow-ups/events/{event}/": (LOGIN, DENIED, DENIED, OK),
    "/follow-ups/events/{event}/new/": (LOGIN, DENIED, DENIED, OK),
    "/follow-ups/{followup}/": (LOGIN, OK, OK, OK),
    "/follow-ups/{followup}/edit/": (LOGIN, DENIED, DENIED, OK),
    "/follow-ups/status/{status}/": (OK, OK, OK, OK),  # the owner's signed link
    "/events/{event}/register/guest/": (OK, OK, OK, OK),
    "/events/{event}/register/guest/{signup}/": (OK, OK, OK, OK),
    "/events/{event}/register/invited/{invitation}/": (OK, OK, OK, OK),
    "/events/{event}/guest/{day}/": (OK, OK, OK, OK),
    "/events/{event}/guest/{day}/calendar.ics": (OK, OK, OK, OK),
    "/events/{event}/guest/{day}/cancel/": (GONE, GONE, GONE, GONE),  # POST only
}
ROUTE_NAMES = {"{event}": "<slug:slug>", "{post}": "<slug:slug>", "{mailing}": "<int:pk>",
               "{comment}": "<int:pk>", "{followup}": "<int:pk>", "{unsubscribe}": "<str:token>",
               "{status}": "<str:token>", "{signup}": "<str:token>", "{invitation}": "<str:token>",
               "{day}": "<str:token>"}


@pytest.fixture
def accounts(reader: Any, make_user: Any, organiser: Any) -> dict[str, Any]:
    return {"anonymous": None, "reader": reader, "member": make_user("member@example.se", role="member"),
            "organiser": organiser}


@pytest.fixture
def names(event: Any, organisation: Any, organiser: Any, reader: Any) -> dict[str, Any]:
    from django.utils import timezone

    from motesplats.events.services import registration as registration_service

    guest = Person.objects.create(name="Gäst", email="gast@example.se", organisation=organisation)
    invited = Person.objects.create(name="Inbjuden", email="inbjuden@example.se", organisation=organisation)
    registration = registration_service.register(event=event, person=guest, consent=True)
    signup = GuestSignup.objects.create(event=event, name="Ny", organisation_name="X", email="ny@example.se",
                                        consent_at=timezone.now())
    mailing = mailing_services.invitation_create(event=event, audience=mailing_selectors.InvitationAudience(),
                                                 audience_label="Alla", subject="Inbjudan")
    post = news_services.post_save(title="Nyhet", body="Text", publish=True, by=organiser)
    comment = news_services.comment_create(post=post, body="Kommentar", by=reader)
    followup = followup_services.followup_create(event=event, finding="Fynd", owner_organisation=organisation,
                                                 by=organiser)
    return {"event": event.slug, "post": post.slug, "mailing": mailing.pk, "comment": comment.pk,
            "followup": followup.pk, "unsubscribe": mailing_services.unsubscribe_token("gast@example.se"),
            "status": followup_services.status_token(followup), "signup": signup.token,
            "invitation": invitation_token(event=event, person=invited), "day": day_token(registration)}


@pytest.mark.parametrize("url", list(PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_page_access(client: Any, accounts: Any, names: Any, url: str, role: str) -> None:
    expected = PAGES[url][ROLES.index(role)]
    if accounts[role] is not None:
        client.force_login(accounts[role])
    response = client.get(url.format(**{key.strip("{}"): value for key, value in names.items()}))
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next="), \
            (response.status_code, response.get("Location"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("role", ["anonymous", "reader", "member"])
def test_refused_writes_change_nothing(client: Any, accounts: Any, names: Any, role: str) -> None:
    from motesplats.followups.models import AgendaListing, FollowUp
    from motesplats.mailings.models import Mailing
    from motesplats.news.models import Comment, Post

    if accounts[role] is not None:
        client.force_login(accounts[role])
    before = (Mailing.objects.count(), Post.objects.count(), FollowUp.objects.count(),
              list(Comment.objects.values_list("status", flat=True)), AgendaListing.objects.count())
    event = names["event"]
    client.post(f"/mailings/events/{event}/invite/", {"subject": "x", "send": "1"})
    client.post(f"/mailings/events/{event}/message/", {"subject": "x", "body": "y", "statuses": ["confirmed"],
                                                      "send": "1"})
    client.post("/news/new/", {"title": "x", "body": "y", "publish": "on"})
    client.post(f"/news/comments/{names['comment']}/moderate/", {"action": "delete", "reason": "x"})
    client.post(f"/follow-ups/events/{event}/", {"listed": "1"})
    client.post(f"/follow-ups/events/{event}/new/", {"kind": "idea", "finding": "x", "status": "open"})
    after = (Mailing.objects.count(), Post.objects.count(), FollowUp.objects.count(),
             list(Comment.objects.values_list("status", flat=True)), AgendaListing.objects.count())
    assert after == before


def _routes(patterns: list[Any], prefix: str = "") -> Any:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def test_every_outreach_route_has_a_row() -> None:
    covered = set()
    for url in PAGES:
        for placeholder, route in ROUTE_NAMES.items():
            url = url.replace(placeholder, route)
        covered.add(url.strip("/"))
    ours = {route.strip("/") for route in _routes(get_resolver().url_patterns)
            if route.startswith(("mailings/", "news/", "follow-ups/"))
            or route.startswith(("events/<slug:slug>/guest/", "events/<slug:slug>/register/guest/",
                                 "events/<slug:slug>/register/invited/"))}
    assert ours - covered == set()

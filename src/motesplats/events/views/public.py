"""Pages everyone sees: the seminar index, a series, an event, and their calendar files."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from motesplats.common import permissions

from .. import selectors
from ..models import Series
from ..services import calendar
from ..services import registration as registration_service
from ._common import visible_event


def _series(slug: str) -> Series:
    try:
        return selectors.series_get(slug)
    except Series.DoesNotExist as error:
        raise Http404 from error


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "events/index.html", {
        "nav": "events", "series_list": selectors.series_list(),
        "upcoming": selectors.events_upcoming(request.user), "past": selectors.events_past(request.user)[:10],
    })


def series_detail(request: HttpRequest, slug: str) -> HttpResponse:
    series = _series(slug)
    feed_url = request.build_absolute_uri(reverse("events:series_feed", kwargs={"slug": series.slug}))
    return render(request, "events/series_detail.html", {
        "nav": "events", "series": series,
        "upcoming": selectors.events_upcoming(request.user, series=series),
        "past": selectors.events_past(request.user, series=series),
        "feed_url": feed_url, "webcal_url": "webcal://" + feed_url.split("://", 1)[-1],
    })


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = visible_event(request, slug)
    registration = selectors.registration_of(event, permissions.person_of(request.user))
    return render(request, "events/event_detail.html", {
        "nav": "events", "event": event, "agenda": selectors.agenda(event), "counts": selectors.event_counts(event),
        "registration": registration,
        "waitlist_position": selectors.waitlist_position(registration) if registration else None,
        "refusal": registration_service.registration_refusal(event),
        "can_manage": permissions.can_manage_events(request.user),
        "is_signed_in": permissions.is_signed_in(request.user),
        "has_person": permissions.person_of(request.user) is not None,
    })


def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = visible_event(request, slug)
    response = HttpResponse(calendar.event_ics(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


def series_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """The subscribable feed. Calendar apps fetch it without a login, so it never holds drafts."""
    series = _series(slug)
    response = HttpResponse(calendar.series_ics(series), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{series.slug}.ics"'
    return response

"""The organiser's overview of one event: figures, groups, waitlist, check-ins, exports and print-outs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motesplats.common import permissions
from motesplats.common.views import require

from .. import selectors
from ..enums import RegistrationStatus
from ..services import exports
from ._common import event_or_404 as _event


@require(permissions.can_manage_events)
def event_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    return render(request, "events/dashboard.html", {
        "nav": "events_organiser", "event": event, "counts": selectors.event_counts(event),
        "by_organisation": selectors.registrations_by_organisation(event),
        "by_project": selectors.registrations_by_project(event),
        "confirmed": selectors.event_registrations(event, status=RegistrationStatus.CONFIRMED),
        "waitlist": selectors.waitlist(event),
    })


@require(permissions.can_manage_events)
def export_csv(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    response = HttpResponse(exports.participants_csv(event), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-deltagare.csv"'
    return response


@require(permissions.can_manage_events)
def export_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    response = HttpResponse(
        exports.participants_xlsx(event),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-deltagare.xlsx"'
    return response


@require(permissions.can_manage_events)
def participant_list(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    return render(request, "events/participant_list.html", {
        "nav": "events_organiser", "event": event, "participants": selectors.participant_rows(event)})


@require(permissions.can_manage_events)
def badges(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    return render(request, "events/badges.html", {
        "nav": "events_organiser", "event": event, "participants": selectors.participant_rows(event)})

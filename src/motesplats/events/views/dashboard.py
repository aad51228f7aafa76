"""The organiser's overview of one event: figures, groups, waitlist, check-ins, exports and print-outs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .. import selectors
from ..enums import RegistrationStatus
from ..models import Event
from ..services import exports
from ._common import organiser_required


def _event(slug: str) -> Event:
    return get_object_or_404(Event.objects.select_related("series"), slug=slug)


@organiser_required
def event_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    return render(request, "events/dashboard.html", {
        "nav": "events_organiser", "event": event, "counts": selectors.event_counts(event),
        "by_organisation": selectors.registrations_by_organisation(event),
        "by_project": selectors.registrations_by_project(event),
        "confirmed": selectors.event_registrations(event, status=RegistrationStatus.CONFIRMED),
        "waitlist": selectors.waitlist(event),
    })


@organiser_required
def export_csv(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    response = HttpResponse(exports.participants_csv(event), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-deltagare.csv"'
    return response


@organiser_required
def export_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    response = HttpResponse(
        exports.participants_xlsx(event),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-deltagare.xlsx"'
    return response


@organiser_required
def participant_list(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    return render(request, "events/participant_list.html", {
        "nav": "events_organiser", "event": event, "participants": selectors.participant_rows(event)})


@organiser_required
def badges(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    return render(request, "events/badges.html", {
        "nav": "events_organiser", "event": event, "participants": selectors.participant_rows(event)})

"""The programme office: its overview, creating, editing, publishing and cancelling events."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motesplats.common import permissions
from motesplats.common.views import require

from .. import selectors
from ..forms import EventCancelForm, EventForm, SeriesForm
from ..models import Series
from ..services import events as event_services
from ..services.errors import EventsError, InvalidEvent
from ._common import event_or_404

# The service names fields after the model; the form splits date and times.
FORM_FIELD_FOR = {"starts_at": "start_time", "ends_at": "end_time"}


@require(permissions.can_manage_events)
def organiser_home(request: HttpRequest) -> HttpResponse:
    return render(request, "events/organiser_home.html", {
        "nav": "events_organiser",
        "upcoming": selectors.counts_for_events(list(selectors.events_upcoming(request.user))),
        "past": selectors.counts_for_events(list(selectors.events_past(request.user))),
    })


def _apply_invalid(form: EventForm, error: InvalidEvent) -> None:
    for field, problems in error.errors.items():
        name = FORM_FIELD_FOR.get(field, field)
        for problem in problems:
            form.add_error(name if name in form.fields else None, str(problem))


@require(permissions.can_manage_events)
def event_create(request: HttpRequest) -> HttpResponse:
    initial: dict[str, object] = {}
    series_slug = request.GET.get("series") or request.GET.get("serie")  # "serie": the old name
    if series_slug:
        initial["series"] = get_object_or_404(Series, slug=series_slug).pk
    elif Series.objects.count() == 1:
        initial["series"] = Series.objects.get().pk
    form = EventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = event_services.event_create(by=request.user, **form.service_fields())  # type: ignore[arg-type]
        except InvalidEvent as error:
            _apply_invalid(form, error)
        except EventsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Seminariet är skapat som utkast. Lägg till programmet och publicera."))
            return redirect(event.get_absolute_url())
    return render(request, "events/event_form.html", {"nav": "events_organiser", "form": form, "event": None},
                  status=400 if form.errors else 200)


@require(permissions.can_manage_events)
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_or_404(slug)
    form = EventForm(request.POST or None, initial=EventForm.initial_for(event))
    if request.method == "POST" and form.is_valid():
        try:
            event_services.event_update(event=event, by=request.user, **form.service_fields())
        except InvalidEvent as error:
            _apply_invalid(form, error)
        except EventsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Ändringarna är sparade."))
            return redirect(event.get_absolute_url())
    return render(request, "events/event_form.html", {"nav": "events_organiser", "form": form, "event": event},
                  status=400 if form.errors else 200)


@require(permissions.can_manage_events)
@require_POST
def event_publish(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_or_404(slug)
    try:
        event_services.event_publish(event=event, by=request.user)
    except EventsError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Seminariet är publicerat."))
    return redirect(event.get_absolute_url())


@require(permissions.can_manage_events)
@require_POST
def event_finish(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_or_404(slug)
    try:
        event_services.event_finish(event=event, by=request.user)
    except EventsError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Seminariet är avslutat: anmälan är stängd och närvaron ligger kvar."))
    return redirect(event.get_absolute_url())


@require(permissions.can_manage_events)
def event_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_or_404(slug)
    form = EventCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event_services.event_cancel(event=event, by=request.user, reason=form.cleaned_data["reason"])
        except EventsError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Seminariet är inställt och alla anmälda meddelas per e-post."))
        return redirect(event.get_absolute_url())
    return render(request, "events/event_cancel.html", {
        "nav": "events_organiser", "event": event, "form": form, "counts": selectors.event_counts(event),
    }, status=400 if form.errors else 200)


@require(permissions.can_manage_events)
def series_create(request: HttpRequest) -> HttpResponse:
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        series = event_services.series_create(by=request.user, **form.cleaned_data)
        messages.success(request, _("Serien är skapad."))
        return redirect(series.get_absolute_url())
    return render(request, "events/series_form.html", {"nav": "events_organiser", "form": form, "series": None},
                  status=400 if form.errors else 200)


@require(permissions.can_manage_events)
def series_edit(request: HttpRequest, slug: str) -> HttpResponse:
    series = get_object_or_404(Series, slug=slug)
    form = SeriesForm(request.POST or None, initial={"name": series.name, "description": series.description})
    if request.method == "POST" and form.is_valid():
        event_services.series_update(series=series, by=request.user, **form.cleaned_data)
        messages.success(request, _("Ändringarna är sparade."))
        return redirect(series.get_absolute_url())
    return render(request, "events/series_form.html", {"nav": "events_organiser", "form": form, "series": series},
                  status=400 if form.errors else 200)

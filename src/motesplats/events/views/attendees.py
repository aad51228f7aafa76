"""The organiser adds people: on someone's behalf, a CSV list, or a walk-in at the door."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from motesplats.common import permissions
from motesplats.common.views import partial_or_page, require

from .. import selectors
from ..consent import consent_text
from ..forms import ImportForm, OnBehalfForm, WalkInForm
from ..models import Registration, RegistrationImport
from ..services import registration as registration_service
from ..services.errors import AlreadyRegistered, EventsError, ImportRejected
from ._common import event_or_404 as _event


@require(permissions.can_manage_events)
def register_other(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    form = OnBehalfForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        try:
            registration = registration_service.register(
                event=event, person=person, project=form.cleaned_data["project"],
                dietary=form.cleaned_data["dietary"], accessibility=form.cleaned_data["accessibility"],
                consent=form.cleaned_data["consent"], by=request.user, notify=form.cleaned_data["notify"])
        except AlreadyRegistered:
            form.add_error("person", _("%(name)s är redan anmäld till seminariet.") % {"name": person.name})
        except EventsError as error:
            form.add_error(None, str(error))
        else:
            if registration.is_confirmed:
                messages.success(request, _("%(name)s är anmäld med bekräftad plats.") % {"name": person.name})
            else:
                messages.warning(request, _("Seminariet är fullt: %(name)s står på väntelistan som nummer %(n)s.")
                                 % {"name": person.name, "n": selectors.waitlist_position(registration)})
            return redirect("events:event_dashboard", slug=event.slug)
    return render(request, "events/register_other.html", {
        "nav": "events_organiser", "event": event, "form": form, "counts": selectors.event_counts(event),
        "consent_text": consent_text(),
    }, status=400 if form.errors else 200)


@require(permissions.can_manage_events)
def import_registrations(request: HttpRequest, slug: str) -> HttpResponse:
    from ..services import imports

    event = _event(slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[object] = []
    if request.method == "POST" and form.is_valid():
        try:
            job = imports.import_start(event=event, file=form.cleaned_data["file"].read(), by=request.user)
        except ImportRejected as error:
            problems = list(error.problems)
        except EventsError as error:
            form.add_error(None, str(error))
        else:
            return redirect("events:import_status", slug=event.slug, pk=job.pk)
    return render(request, "events/import.html", {
        "nav": "events_organiser", "event": event, "form": form, "problems": problems,
    }, status=400 if (form.errors or problems) else 200)


@require(permissions.can_manage_events)
def import_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The progress of a background import (htmx polls the bar), then its result."""
    event = _event(slug)
    job = get_object_or_404(RegistrationImport, pk=pk, event=event)
    return partial_or_page(request, "events/_import_progress.html", {
        "nav": "events_organiser", "event": event, "job": job}, page="events/import_status.html")


@require(permissions.can_manage_events)
def walk_in(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    form = WalkInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = registration_service.add_walk_in(
                event=event, by=request.user, person=data["person"], name=data["name"], email=data["email"],
                organisation=data["organisation"], project=data["project"])
        except EventsError as error:
            form.add_error(None, str(error))
        else:
            name = registration.person.name if registration.person else ""
            messages.success(request, _("%(name)s är tillagd och incheckad.") % {"name": name})
            return redirect("events:checkin", slug=event.slug)
    return render(request, "events/walk_in.html", {
        "nav": "events_organiser", "event": event, "form": form,
    }, status=400 if form.errors else 200)


@require(permissions.can_manage_events)
def cancel_registration(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The organiser cancels someone's registration (confirmation first); a freed seat is promoted."""
    event = _event(slug)
    registration = get_object_or_404(
        Registration.objects.select_related("person__organisation", "project"), pk=pk, event=event)
    if request.method == "POST":
        try:
            result = registration_service.cancel(registration=registration, by=request.user)
        except EventsError as error:
            messages.error(request, str(error))
        else:
            name = registration.person.name if registration.person else ""
            messages.success(request, _("Anmälan för %(name)s är avbokad.") % {"name": name})
            for promoted in result.promoted:
                messages.info(request, _("%(name)s har fått en plats från väntelistan.") % {
                    "name": promoted.person.name if promoted.person else ""})
        return redirect("events:event_dashboard", slug=event.slug)
    return render(request, "events/registration_cancel_other.html", {
        "nav": "events_organiser", "event": event, "registration": registration})

"""Guests without an account: sign up and confirm by e-mail, register through an invitation's personal link,
and open "Min dag" (QR code, .ics) through a signed link. Each page shows only the guest's own registration."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motesplats.common import permissions

from .. import selectors
from ..forms import GuestSignupForm, InvitedRegistrationForm
from ..guest_links import day_token, person_from_invitation_token, registration_from_day_token
from ..models import Event, GuestSignup, Registration
from ..services import calendar
from ..services import guests as guest_service
from ..services import registration as registration_service
from ..services.errors import EventsError
from ._common import visible_event
from .registration import qr_image

NO_STORE = "no-store, private"  # the pages behind signed links are personal


def _personal(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = NO_STORE
    return response


def _day_redirect(registration: Registration) -> HttpResponse:
    return redirect("events:guest_day", slug=registration.event.slug, token=day_token(registration))


def guest_register(request: HttpRequest, slug: str) -> HttpResponse:
    event = visible_event(request, slug)
    context = {"nav": "events", "event": event, "counts": selectors.event_counts(event)}
    refusal = registration_service.registration_refusal(event)
    if refusal is not None:
        context["refusal"] = refusal
        return render(request, "events/register_closed.html", context)
    form = GuestSignupForm(request.POST if request.method == "POST" else None,
                           initial={"language": translation.get_language() or "sv"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            signup = guest_service.guest_signup_create(
                event=event, name=data["name"], organisation_name=data["organisation_name"], email=data["email"],
                language=data["language"], dietary=data["dietary"], accessibility=data["accessibility"],
                consent=data["consent"])
        except EventsError as error:
            form.add_error(None, str(error))
        else:
            return render(request, "events/guest_sent.html", {**context, "email": signup.email})
    context["form"] = form
    return render(request, "events/guest_register.html", context, status=400 if form.errors else 200)


def guest_confirm(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """GET shows a button (mail scanners follow links; they must not confirm); POST confirms."""
    event = visible_event(request, slug)
    signup = get_object_or_404(GuestSignup, event=event, token=token)
    if signup.registration_id is not None and signup.registration is not None \
            and signup.registration.person_id is not None:
        return _day_redirect(signup.registration)
    if request.method == "POST":
        try:
            registration = guest_service.guest_signup_confirm(signup=signup)
        except EventsError as error:
            messages.error(request, str(error))
            return redirect(event.get_absolute_url())
        return _day_redirect(registration)
    return _personal(render(request, "events/guest_confirm.html", {"nav": "events", "event": event,
                                                                    "signup": signup}))


def invited_register(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """An invitation's personal link: account holders go to the usual page, others register here."""
    event = visible_event(request, slug)
    person = person_from_invitation_token(event, token)
    if person is None:
        raise Http404
    if person.user_id is not None:
        return redirect("events:register", slug=event.slug)  # sign-in first, then the usual registration
    existing = selectors.registration_of(event, person)
    if existing is not None:
        return _day_redirect(existing)
    context = {"nav": "events", "event": event, "person": person, "counts": selectors.event_counts(event)}
    refusal = registration_service.registration_refusal(event)
    if refusal is not None:
        context["refusal"] = refusal
        return render(request, "events/register_closed.html", context)
    form = InvitedRegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = guest_service.invited_register(
                event=event, person=person, dietary=form.cleaned_data["dietary"],
                accessibility=form.cleaned_data["accessibility"], consent=form.cleaned_data["consent"],
                language=translation.get_language() or "sv")
        except EventsError as error:
            form.add_error(None, str(error))
        else:
            return _day_redirect(registration)
    context["form"] = form
    return _personal(render(request, "events/invited_register.html", context, status=400 if form.errors else 200))


def _registration_or_404(request: HttpRequest, slug: str, token: str) -> tuple[Event, Registration]:
    event = visible_event(request, slug)
    registration = registration_from_day_token(event, token)
    if registration is None:
        raise Http404
    return event, registration


def guest_day(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    event, registration = _registration_or_404(request, slug, token)
    day = selectors.my_day(event=event, person=registration.person)
    return _personal(render(request, "events/guest_day.html", {
        "nav": "events", "event": event, "day": day, "registration": day.registration, "agenda": day.agenda,
        "waitlist_position": day.waitlist_position, "token": token,
        "qr": qr_image(day.check_in_code) if day.check_in_code else "",
        "signed_in": permissions.is_signed_in(request.user),
    }))


def guest_ics(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    event, _registration = _registration_or_404(request, slug, token)
    response = HttpResponse(calendar.event_ics(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return _personal(response)


@require_POST
def guest_cancel(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    event, registration = _registration_or_404(request, slug, token)
    try:
        registration_service.cancel(registration=registration, by=None)
    except EventsError as error:
        messages.error(request, str(error))
        return redirect("events:guest_day", slug=event.slug, token=token)
    messages.success(request, _("Din anmälan är avbokad."))
    return redirect(event.get_absolute_url())

"""A participant registers, sees the result, cancels, and opens "Min dag"."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from motesplats.common import permissions
from motesplats.common.views import personal, require

from .. import my_day_cache, selectors
from ..forms import RegistrationForm
from ..models import Registration
from ..qr import qr_svg
from ..services import registration as registration_service
from ..services.errors import AlreadyRegistered, EventsError
from ._common import visible_event


@require(permissions.is_signed_in)
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = visible_event(request, slug)
    person = permissions.person_of(request.user)
    existing = selectors.registration_of(event, person)
    if existing is not None:
        messages.info(request, _("Du är redan anmäld till seminariet."))
        return redirect("events:registration_result", slug=event.slug)
    context = {"nav": "events", "event": event, "counts": selectors.event_counts(event), "person": person}
    if person is None:
        return render(request, "events/register_no_person.html", context, status=403)
    refusal = registration_service.registration_refusal(event)
    if refusal is not None:
        context["refusal"] = refusal
        return render(request, "events/register_closed.html", context)
    form = RegistrationForm(request.POST if request.method == "POST" else None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            registration_service.register(
                event=event, person=person, project=form.cleaned_data["project"],
                dietary=form.cleaned_data["dietary"], accessibility=form.cleaned_data["accessibility"],
                consent=form.cleaned_data["consent"], by=request.user)
        except AlreadyRegistered:
            messages.info(request, _("Du är redan anmäld till seminariet."))
            return redirect("events:registration_result", slug=event.slug)
        except EventsError as error:
            form.add_error(None, str(error))
        else:
            return redirect("events:registration_result", slug=event.slug)
    context["form"] = form
    return render(request, "events/register.html", context, status=400 if form.errors else 200)


@personal
@require(permissions.is_signed_in)
def registration_result(request: HttpRequest, slug: str) -> HttpResponse:
    event = visible_event(request, slug)
    registration = selectors.registration_of(event, permissions.person_of(request.user))
    if registration is None:
        raise Http404
    return render(request, "events/registration_result.html", {
        "nav": "events", "event": event, "registration": registration,
        "waitlist_position": selectors.waitlist_position(registration),
        "qr": _qr(registration) if registration.is_confirmed else "",
    })


def _qr(registration: Registration) -> str:
    return qr_image(registration.check_in_code)


def qr_image(code: str) -> str:
    """The QR code's SVG, cached: drawing it is the costliest part of "Min dag" and the code never changes."""
    title = _("QR-kod för incheckning")
    key = "events:qr:" + hashlib.sha256(f"{code}|{title}".encode()).hexdigest()
    return cache.get_or_set(key, lambda: qr_svg(code, title=title), timeout=24 * 3600)


@require(permissions.is_signed_in)
def registration_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event = visible_event(request, slug)
    registration = selectors.registration_of(event, permissions.person_of(request.user))
    if registration is None:
        messages.info(request, _("Du har ingen anmälan att avboka."))
        return redirect(event.get_absolute_url())
    if request.method == "POST":
        try:
            registration_service.cancel(registration=registration, by=request.user)
        except EventsError as error:
            messages.error(request, str(error))
            return redirect(event.get_absolute_url())
        messages.success(request, _("Din anmälan är avbokad."))
        return redirect(event.get_absolute_url())
    return render(request, "events/registration_cancel.html", {
        "nav": "events", "event": event, "registration": registration})


@personal
@require(permissions.is_signed_in)
def my_day(request: HttpRequest, slug: str) -> HttpResponse:
    """The personal part comes from the cache while nothing it shows has changed (`my_day_cache.page_key`): at
    the seminar's peak a visit costs the session, the user, the event and one fresh read of the registration's
    and the person's `updated`, and base.html around it."""
    event = visible_event(request, slug)
    key = my_day_cache.page_key(event.pk, selectors.my_day_stamp(event, request.user), translation.get_language())
    content = cache.get(key) if key else None
    if content is None:
        person = permissions.person_of(request.user)
        day = selectors.my_day(event=event, person=person)
        content = render_to_string("events/_my_day_content.html", {
            "event": event, "day": day, "registration": day.registration, "agenda": day.agenda,
            "waitlist_position": day.waitlist_position,
            "qr": qr_image(day.check_in_code) if day.check_in_code else "",
        }, request=request)
        if key:
            cache.set(key, str(content), timeout=my_day_cache.TIMEOUT)
    # `content` is our own template's output, escaped when it was rendered (and kept in our own cache)
    return render(request, "events/my_day.html", {"nav": "events", "event": event,
                                                  "content": mark_safe(content)})  # noqa: S308


@personal
@require(permissions.is_signed_in)
def my_next_day(request: HttpRequest) -> HttpResponse:
    """ "Min dag" in the menu: the person's next seminar, or a page saying there is none."""
    registration = selectors.next_registration_for(permissions.person_of(request.user))
    if registration is not None:
        return redirect("events:my_day", slug=registration.event.slug)
    return render(request, "events/my_day_none.html", {"nav": "my_day"})

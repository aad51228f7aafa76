"""Check-in at the door (phone first): scan or type the QR code, or search by name; live counts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from .. import selectors
from ..forms import CheckInCodeForm
from ..models import Event, Registration
from ..services import checkin as checkin_service
from ._common import check_in_required, is_htmx

RECENT = 8


def _event(slug: str) -> Event:
    return get_object_or_404(Event.objects.select_related("series"), slug=slug)


def _page(request: HttpRequest, event: Event, **extra: Any) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    context = {
        "nav": "events_organiser", "event": event, "counts": selectors.event_counts(event),
        "recent": selectors.check_ins(event, limit=RECENT), "form": extra.pop("form", None) or CheckInCodeForm(),
        "query": query, "results": selectors.search_registrations(event, query) if len(query) >= 2 else [],
        **extra,
    }
    return render(request, "events/checkin.html", context, status=extra.get("status", 200))


@check_in_required
@require_GET
def checkin(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, _event(slug))


def _result(request: HttpRequest, event: Event, result: Any, form: CheckInCodeForm | None = None) -> HttpResponse:
    level = {"ok": "ok", "already": "warning"}.get(str(result.outcome), "error")
    if is_htmx(request):
        response = render(request, "events/_checkin_result.html", {"result": result, "level": level, "event": event})
        response["HX-Trigger"] = "checkin-changed"
        return response
    return _page(request, event, result=result, level=level, form=form,
                 status=200 if level != "error" else 400)


@check_in_required
@require_POST
def checkin_code(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    form = CheckInCodeForm(request.POST)
    if not form.is_valid():
        if is_htmx(request):
            return render(request, "events/_checkin_result.html", {"form_errors": form.errors["code"],
                                                                   "level": "error", "event": event})
        return _page(request, event, form=form, status=400)
    result = checkin_service.check_in(token_or_code=form.cleaned_data["code"], by=request.user, event=event)
    return _result(request, event, result)


@check_in_required
@require_POST
def checkin_registration(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event(slug)
    registration = get_object_or_404(Registration, pk=pk, event=event)
    result = checkin_service.check_in_registration(registration=registration, by=request.user)
    return _result(request, event, result)


@check_in_required
@require_POST
def checkin_undo(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event(slug)
    registration = get_object_or_404(Registration.objects.select_related("person"), pk=pk, event=event)
    checkin_service.undo_check_in(registration=registration, by=request.user)
    if is_htmx(request):
        response = render(request, "events/_checkin_result.html", {"undone": registration, "level": "warning",
                                                                   "event": event})
        response["HX-Trigger"] = "checkin-changed"
        return response
    return _page(request, event, undone=registration, level="warning")


@check_in_required
@require_GET
def checkin_search(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    if not is_htmx(request):
        return _page(request, event)
    query = request.GET.get("q", "").strip()
    return render(request, "events/_checkin_search_results.html", {
        "event": event, "query": query,
        "results": selectors.search_registrations(event, query) if len(query) >= 2 else []})


@check_in_required
@require_GET
def checkin_counts(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    return render(request, "events/_checkin_counts.html", {
        "event": event, "counts": selectors.event_counts(event),
        "recent": selectors.check_ins(event, limit=RECENT)})

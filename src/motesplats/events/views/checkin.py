"""Check-in at the door (phone first): scan or type the QR code, or search by name; live counts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from motesplats.common import permissions
from motesplats.common.views import camera_allowed, is_htmx, partial_or_page, require

from .. import selectors
from ..enums import CheckInOutcome
from ..forms import CheckInCodeForm
from ..models import Event, Registration
from ..services import checkin as checkin_service
from ._common import event_or_404 as _event

RECENT = 8


def _page_context(request: HttpRequest, event: Event, form: CheckInCodeForm | None = None) -> dict[str, Any]:
    query = request.GET.get("q", "").strip()
    return {
        "nav": "events_organiser", "event": event, "counts": selectors.event_counts(event),
        "recent": selectors.check_ins(event, limit=RECENT), "form": form or CheckInCodeForm(),
        "query": query, "results": selectors.search_registrations(event, query) if len(query) >= 2 else [],
    }


def _changed(request: HttpRequest, event: Event, context: dict[str, Any], *, status: int = 200,
             form: CheckInCodeForm | None = None) -> HttpResponse:
    """A check-in changed: htmx gets the result and tells the page's counts to refresh; no htmx: the page."""
    response = partial_or_page(request, "events/_checkin_result.html", {"event": event, **context},
                               page="events/checkin.html", status=status,
                               page_context=lambda: _page_context(request, event, form))
    if is_htmx(request):
        response["HX-Trigger"] = "checkin-changed"
    return response


@camera_allowed
@require(permissions.can_check_in)
@require_GET
def checkin(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    return render(request, "events/checkin.html", _page_context(request, event))


def _result(request: HttpRequest, event: Event, result: Any) -> HttpResponse:
    level = {CheckInOutcome.OK: "ok", CheckInOutcome.ALREADY: "warning"}.get(result.outcome, "error")
    return _changed(request, event, {"result": result, "level": level}, status=200 if level != "error" else 400)


@require(permissions.can_check_in)
@require_POST
def checkin_code(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    form = CheckInCodeForm(request.POST)
    if not form.is_valid():
        return partial_or_page(request, "events/_checkin_result.html",
                               {"event": event, "form_errors": form.errors["code"], "level": "error"},
                               page="events/checkin.html", page_context=lambda: _page_context(request, event, form),
                               status=400)
    result = checkin_service.check_in(token_or_code=form.cleaned_data["code"], by=request.user, event=event)
    return _result(request, event, result)


@require(permissions.can_check_in)
@require_POST
def checkin_registration(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event(slug)
    registration = get_object_or_404(Registration, pk=pk, event=event)
    result = checkin_service.check_in_registration(registration=registration, by=request.user)
    return _result(request, event, result)


@require(permissions.can_check_in)
@require_POST
def checkin_undo(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event(slug)
    registration = get_object_or_404(Registration.objects.select_related("person"), pk=pk, event=event)
    checkin_service.undo_check_in(registration=registration, by=request.user)
    return _changed(request, event, {"undone": registration, "level": "warning"})


@require(permissions.can_check_in)
@require_GET
def checkin_search(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    query = request.GET.get("q", "").strip()
    results = selectors.search_registrations(event, query) if len(query) >= 2 else []
    return partial_or_page(request, "events/_checkin_search_results.html",
                           {"event": event, "query": query, "results": results},
                           page="events/checkin.html", page_context=lambda: _page_context(request, event))


@require(permissions.can_check_in)
@require_GET
def checkin_counts(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    return render(request, "events/_checkin_counts.html", {
        "event": event, "counts": selectors.event_counts(event),
        "recent": selectors.check_ins(event, limit=RECENT)})

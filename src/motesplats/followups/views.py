"""Follow-up pages: the list (every signed-in user), a seminar's findings to turn into follow-ups, the form, the
owner's status page (signed link), and the switch that lists open follow-ups on a seminar's agenda."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from motesplats.common import permissions
from motesplats.common.views import require
from motesplats.events.models import Event
from motesplats.networking.models import TableOutcome

from . import selectors, services
from .forms import FollowUpForm, StatusForm
from .models import FollowUp, FollowUpStatus

FIELDS = ("kind", "finding", "action", "owner_person", "owner_organisation", "projects", "due_date", "status")


@require(permissions.can_view_followups)
def index(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", selectors.ACTIVE)
    return render(request, "followups/index.html", {
        "nav": "followups", "followups": selectors.followups(status=status), "status": status,
        "ACTIVE": selectors.ACTIVE, "ALL": "all",
        "statuses": FollowUpStatus.choices, "counts": selectors.status_counts(),
        "can_manage": permissions.can_manage_followups(request.user)})


@require(permissions.can_manage_followups)
def event_findings(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.select_related("series"), slug=slug)
    if request.method == "POST":
        listed = request.POST.get("listed") == "1"
        services.agenda_listing_set(event=event, listed=listed, by=request.user)
        messages.success(request, _("Programmet visar de öppna uppföljningarna.") if listed
                         else _("Programmet visar inte längre uppföljningarna."))
        return redirect("followups:event", slug=event.slug)
    return render(request, "followups/event.html", {
        "nav": "followups", "event": event, "findings": selectors.findings_of_event(event),
        "followups": selectors.followups(event=event), "listed": selectors.is_listed(event),
        "agenda_followups": selectors.open_followups_before(event)})


def _outcome(event: Event, request: HttpRequest) -> tuple[TableOutcome | None, int | None, str]:
    try:
        outcome_id, index = int(request.GET.get("outcome", "")), int(request.GET.get("question", ""))
    except ValueError:
        return None, None, ""
    outcome = TableOutcome.objects.filter(pk=outcome_id, plan__agenda_item__event=event).first()
    if outcome is None or index >= len(outcome.answers or []):
        return None, None, ""
    return outcome, index, str(outcome.answers[index])


@require(permissions.can_manage_followups)
def create(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    outcome, index, text = _outcome(event, request)
    form = FollowUpForm(request.POST or None, initial={"finding": text})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            followup = services.followup_create(
                event=event, finding=data["finding"], kind=data["kind"], action=data["action"],
                owner_person=data["owner_person"], owner_organisation=data["owner_organisation"],
                projects=data["projects"], due_date=data["due_date"], outcome=outcome, question_index=index,
                by=request.user)
            if data["status"] != FollowUpStatus.OPEN:
                services.followup_report_status(followup=followup, status=data["status"], note="")
        except services.FollowUpError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Uppföljningen är sparad."))
            return redirect("followups:event", slug=event.slug)
    return render(request, "followups/form.html", {"nav": "followups", "event": event, "form": form,
                                                   "followup": None}, status=400 if form.errors else 200)


@require(permissions.can_view_followups)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    followup = get_object_or_404(selectors.followups(), pk=pk)
    return render(request, "followups/detail.html", {
        "nav": "followups", "followup": followup, "can_manage": permissions.can_manage_followups(request.user)})


@require(permissions.can_manage_followups)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    followup = get_object_or_404(FollowUp, pk=pk)
    initial: dict[str, Any] = {name: getattr(followup, name) for name in FIELDS if name != "projects"}
    initial["projects"] = list(followup.projects.all())
    form = FollowUpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_update(followup=followup, by=request.user,
                                     **{name: form.cleaned_data[name] for name in FIELDS})
        except services.FollowUpError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Uppföljningen är sparad."))
            return redirect(followup.get_absolute_url())
    return render(request, "followups/form.html", {"nav": "followups", "event": followup.event, "form": form,
                                                   "followup": followup}, status=400 if form.errors else 200)


def status(request: HttpRequest, token: str) -> HttpResponse:
    """The owner reports a status through the link in the request mail; no login needed."""
    followup = services.followup_from_status_token(token)
    if followup is None:
        raise Http404
    form = StatusForm(request.POST or None, initial={"status": followup.status, "note": followup.status_note})
    done = False
    if request.method == "POST" and form.is_valid():
        services.followup_report_status(followup=followup, status=form.cleaned_data["status"],
                                        note=form.cleaned_data["note"])
        done = True
    response = render(request, "followups/status.html", {"followup": followup, "form": form, "done": done},
                      status=400 if form.errors else 200)
    response["Cache-Control"] = "no-store, private"
    return response

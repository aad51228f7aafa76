"""The programme office's mailings: invite (filtered, with a preview of who gets it), message participants, the
delivery log; and the public unsubscribe page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from motesplats.common import permissions
from motesplats.common.views import is_htmx, require
from motesplats.events.models import Event

from . import selectors, services
from .forms import InvitationForm, MessageForm
from .models import DeliveryStatus, Mailing

PREVIEW_ROWS = 50


def _event(slug: str) -> Event:
    return get_object_or_404(Event.objects.select_related("series"), slug=slug)


def _preview(people: Any) -> dict[str, Any]:
    rows = selectors.recipients(people)
    return {"preview": {"count": len(rows), "rows": rows[:PREVIEW_ROWS],
                        "unsubscribed": sum(1 for row in rows if row.unsubscribed),
                        "without_address": selectors.people_without_address(people),
                        "more": max(0, len(rows) - PREVIEW_ROWS)}}


@require(permissions.can_send_mailings)
def index(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.mailing_list(), 25).get_page(request.GET.get("page"))
    events = Event.objects.public().filter(status="publicerad").order_by("starts_at")
    return render(request, "mailings/index.html", {"nav": "mailings", "page_obj": page, "events": events})


def _compose(request: HttpRequest, slug: str, *, kind: str) -> HttpResponse:
    event = _event(slug)
    form_class = InvitationForm if kind == "invitation" else MessageForm
    initial = {"subject": (_("Inbjudan: %(title)s") if kind == "invitation" else "%(title)s") % {
        "title": event.title}}
    data = request.POST if request.method == "POST" else (request.GET if "preview" in request.GET else None)
    form = form_class(data, initial=initial)
    context: dict[str, Any] = {"nav": "mailings", "event": event, "form": form, "kind": kind,
                               "is_invitation": kind == "invitation"}
    if data is not None and form.is_valid():
        values = form.cleaned_data
        if kind == "invitation":
            audience: Any = selectors.InvitationAudience(
                organisations=[item.pk for item in values["organisations"]],
                themes=[item.pk for item in values["themes"]], projects=[item.pk for item in values["projects"]])
            people = selectors.invitation_people(event, audience)
        else:
            audience = selectors.ParticipantAudience(statuses=list(values["statuses"]))
            people = selectors.participant_people(event, audience)
        if request.method == "POST" and "send" in request.POST:
            try:
                create = services.invitation_create if kind == "invitation" else services.message_create
                mailing = create(event=event, audience=audience, audience_label=form.label(),
                                 subject=values["subject"], body=values["body"], by=request.user)
            except services.MailingError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Utskicket ligger i kö och skickas i bakgrunden."))
                return redirect(mailing.get_absolute_url())
        context.update(_preview(people))
    if is_htmx(request) and "preview" in request.GET:
        return render(request, "mailings/_preview.html", context)
    return render(request, "mailings/compose.html", context, status=400 if form.errors else 200)


@require(permissions.can_send_mailings)
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    return _compose(request, slug, kind="invitation")


@require(permissions.can_send_mailings)
def message(request: HttpRequest, slug: str) -> HttpResponse:
    return _compose(request, slug, kind="message")


@require(permissions.can_send_mailings)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    mailing = get_object_or_404(Mailing.objects.select_related("event", "created_by"), pk=pk)
    status = request.GET.get("status", "")
    counts = selectors.delivery_counts(mailing)
    page = Paginator(selectors.deliveries(mailing, status), 100).get_page(request.GET.get("page"))
    context = {"nav": "mailings", "mailing": mailing, "counts": counts, "page_obj": page, "status": status,
               "statuses": DeliveryStatus.choices, "total": sum(counts.values()),
               "waiting": counts[DeliveryStatus.QUEUED] + counts[DeliveryStatus.SENDING],
               "preparing": mailing.queued_at is None}
    if is_htmx(request) and request.htmx.target == "delivery-counts":  # type: ignore[attr-defined]
        return render(request, "mailings/_counts.html", context)
    return render(request, "mailings/detail.html", context)


@csrf_exempt  # RFC 8058 one-click: mail programs POST without a session; the signed token is the proof
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    email = services.email_from_unsubscribe_token(token)
    if email is None:
        return render(request, "mailings/unsubscribe.html", {"invalid": True}, status=404)
    done = ""
    if request.method == "POST":
        if request.POST.get("resubscribe"):
            services.resubscribe(email=email)
            done = "resubscribed"
        else:
            services.unsubscribe(email=email)
            done = "unsubscribed"
    response = render(request, "mailings/unsubscribe.html", {
        "email": email, "did_unsubscribe": done == "unsubscribed", "did_resubscribe": done == "resubscribed",
        "unsubscribed": selectors.is_unsubscribed(email)})
    response["Cache-Control"] = "no-store, private"
    return response

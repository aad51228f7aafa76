"""What the seminar views share: loading an event the user may see, or one the organiser works on."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from motesplats.common import permissions
from motesplats.common.views import gate

from ..models import Event


def visible_event(request: HttpRequest, slug: str, queryset: Any = None) -> Event:
    """The event, if the user may see it: drafts are 404 for everyone but organisers."""
    event = get_object_or_404(queryset if queryset is not None else Event.objects.select_related("series"),
                              slug=slug)
    gate(request, permissions.can_view_event(request.user, event), hide=True)
    return event


def event_or_404(slug: str) -> Event:
    """An event by its slug, drafts included (for pages behind an organiser's gate)."""
    return get_object_or_404(Event.objects.select_related("series"), slug=slug)

"""What the seminar views share: loading an event the user may see, and the permission gates."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from motesplats.common import permissions

from ..models import Event

View = Callable[..., HttpResponse]


def visible_event(request: HttpRequest, slug: str, queryset: Any = None) -> Event:
    """The event, if the user may see it: drafts are 404 for everyone but organisers."""
    event = get_object_or_404(queryset if queryset is not None else Event.objects.select_related("series"),
                              slug=slug)
    if not permissions.can_view_event(request.user, event):
        raise Http404
    return event


def signed_in_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.is_signed_in(request.user):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def organiser_required(view: View) -> View:
    """Anonymous people are sent to log in; signed-in people who do not run events get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.is_signed_in(request.user):
            return redirect_to_login(request.get_full_path())
        if not permissions.can_manage_events(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def check_in_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.is_signed_in(request.user):
            return redirect_to_login(request.get_full_path())
        if not permissions.can_check_in(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"

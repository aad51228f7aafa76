"""Permission gates of the pages: the one way a view refuses someone.

Every decision comes from `motesplats.common.permissions`; a gate only turns a "no" into the right answer:
anonymous people are sent to log in (`SignInRequired`, answered by `SignInRedirectMiddleware`), signed-in
people get 403, and with `hide=True` everybody gets 404 (the object's existence is not revealed).

    @require(permissions.can_manage_events)          # a function view
    def event_edit(request, slug): ...

    @require(permissions.is_signed_in)               # a class-based view: its dispatch is gated
    class ProfileView(TemplateView): ...

    gate(request, permissions.can_edit_project(request.user, project))   # a decision about one object
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from django.views import View

from motesplats.common import permissions

ViewT = TypeVar("ViewT", bound=Callable[..., Any] | type[View])


class SignInRequired(PermissionDenied):
    """Refused because nobody is signed in: the answer is the way to the login page (403 without the middleware)."""


def gate(request: HttpRequest, allowed: bool, *, hide: bool = False) -> None:
    """Let the request through when `allowed`; otherwise refuse it.

    `hide=True` answers 404 to everybody, for things whose existence is itself private (drafts, say).
    """
    if allowed:
        return
    if hide:
        raise Http404
    if not permissions.is_signed_in(request.user):
        raise SignInRequired
    raise PermissionDenied


def require(check: Callable[[Any], bool], *, hide: bool = False) -> Callable[[ViewT], ViewT]:
    """A view decorator: the view runs only for users that `check` (a function of `permissions`) allows.

    Decorating a class-based view gates its `dispatch`.
    """

    def decorate(view: ViewT) -> ViewT:
        if isinstance(view, type):
            return method_decorator(require(check, hide=hide), name="dispatch")(view)  # type: ignore[return-value]

        @wraps(view)
        def gated(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            gate(request, check(request.user), hide=hide)
            return view(request, *args, **kwargs)

        return gated  # type: ignore[return-value]

    return decorate

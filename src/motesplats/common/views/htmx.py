"""htmx: one helper for "the fragment when htmx asks, the whole page otherwise".

`request.htmx` comes from django-htmx's middleware. A fragment is answered with 200 whatever happened (htmx
swaps only successful answers; the fragment itself says what went wrong); `status` is the whole page's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect

Context = Mapping[str, Any] | Callable[[], Mapping[str, Any]]


def is_htmx(request: HttpRequest) -> bool:
    """htmx made the request (and it is not a history restore, which needs the whole page)."""
    details = getattr(request, "htmx", None)
    return bool(details) and not details.history_restore_request  # type: ignore[union-attr]


def partial_or_page(request: HttpRequest, partial: str, context: Context, *,
                    page: str | Callable[[], HttpResponse], page_context: Context | None = None,
                    target: str | None = None, status: int = 200) -> HttpResponse:
    """The `partial` template when htmx asks for it (for the element `target`, when given); otherwise `page`.

    `page` is a template (rendered with `context` and `page_context`) or a function that answers for the whole
    page (a redirect after a POST, say). `context` and `page_context` (what only the whole page needs) may be
    functions, called only when they are needed. The page
    template gets the partial's name as `partial` (see `common/partial_page.html`, a page around a fragment).
    """
    wanted = is_htmx(request) and (target is None or request.htmx.target == target)  # type: ignore[attr-defined]
    if wanted or isinstance(page, str):
        values = dict(context() if callable(context) else context)
    if wanted:
        response = render(request, partial, values)
    elif isinstance(page, str):
        extra = (page_context() if callable(page_context) else page_context) or {}
        response = render(request, page, {**values, **extra, "partial": partial}, status=status)
    else:
        response = page()
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def redirect_page(request: HttpRequest, to: str) -> HttpResponse:
    """Go to another page after a POST: a redirect, or for htmx an `HX-Redirect` (htmx would otherwise swap the
    next page into the fragment it asked for)."""
    if is_htmx(request):
        return HttpResponseClientRedirect(to)
    return redirect(to)

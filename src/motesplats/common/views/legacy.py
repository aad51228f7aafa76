"""Permanent redirects from the old (Swedish) paths to the English ones, so that links and bookmarks keep working.

A GET or HEAD gets 301; any other method gets 308, which keeps the method and body (an old form still posts).
The query string goes along.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import URLPattern, path, reverse


class PermanentRedirect308(HttpResponsePermanentRedirect):
    status_code = 308


def _redirect_to(url_name: str) -> Any:
    def legacy_redirect(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        target = reverse(url_name, kwargs=kwargs)
        if request.META.get("QUERY_STRING"):
            target += "?" + request.META["QUERY_STRING"]
        if request.method in ("GET", "HEAD"):
            return HttpResponsePermanentRedirect(target)
        return PermanentRedirect308(target)

    legacy_redirect.redirects_to = url_name  # type: ignore[attr-defined]
    return legacy_redirect


def legacy_redirects(old_paths: dict[str, str]) -> list[URLPattern]:
    """URL patterns for `{old route: "namespace:name" of the page it moved to}`; the arguments keep their names."""
    return [path(route, _redirect_to(url_name)) for route, url_name in old_paths.items()]


def is_legacy_redirect(view: Any) -> bool:
    return hasattr(view, "redirects_to")

"""Counters of attempts in a time window, kept in the cache (shared by every worker when the cache is Redis).

Logins (the sign-in form and the admin) are throttled by django-axes (`accounts.throttle`); this module counts
what axes does not see: password-reset requests, unknown API tokens and the public forms that need no sign-in
(the table-result link, the barrier report), which answer `throttled_page` (429) when `over_limit`.

    >>> throttle = Throttle("doctest", limit=2, window=60)
    >>> throttle.reset("k"); [throttle.hit("k") for _ in range(3)]
    [False, False, True]
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse


class Throttle:
    """At most `limit` hits per key in `window` seconds (a fixed window that starts with the first hit)."""

    def __init__(self, name: str, *, limit: int, window: int) -> None:
        self.name, self.limit, self.window = name, limit, window

    def _key(self, key: str) -> str:
        return f"throttle:{self.name}:" + hashlib.sha256(key.encode()).hexdigest()[:32]

    def count(self, key: str) -> int:
        return int(cache.get(self._key(key), 0))

    def blocked(self, key: str) -> bool:
        """Whether `key` has used up its hits (without counting one)."""
        return self.count(key) >= self.limit

    def hit(self, key: str) -> bool:
        """Count one hit; True when it is over the limit."""
        name = self._key(key)
        if cache.add(name, 1, self.window):
            return self.limit < 1
        try:
            value = cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.add(name, 1, self.window)
            value = 1
        return value > self.limit

    def reset(self, key: str) -> None:
        cache.delete(self._key(key))


def client_ip(request: object) -> str:
    """The caller's address as Django sees it (REMOTE_ADDR; a trusted proxy in front must set it)."""
    return str(getattr(request, "META", {}).get("REMOTE_ADDR", "") or "unknown")


def throttled_page(request: HttpRequest, *, window: int) -> HttpResponse:
    """The answer to a public form sent too often: 429, Retry-After and a page that says when to try again."""
    from django.shortcuts import render

    minutes = max(1, round(window / 60))
    response = render(request, "common/throttled.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(window)
    response["Cache-Control"] = "no-store"
    return response


def over_limit(request: HttpRequest, *counted: tuple[Throttle, str]) -> int:
    """Count one hit on each (throttle, key); the longest window of those over their limit, or 0 if none is.
    Every throttle counts, even when an earlier one is already over, so that a flood stays blocked."""
    windows = [throttle.window for throttle, key in counted if throttle.hit(key)]
    return max(windows, default=0)

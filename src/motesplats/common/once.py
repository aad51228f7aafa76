"""At most once per key, across workers: the guard of side effects that a retried task must not repeat (a mail).

`once(key)` claims the key in the shared cache (Redis with REDIS_URL) for ``claim_seconds`` while the work runs and
marks it done for ``done_seconds`` after; the work raising releases the claim so that a retry does it. A worker
killed in the middle leaves a claim that expires, so the broker's redelivery (acks_late) does the work then.
Without a shared cache (one process, tests) the guard holds within the process."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")
CLAIM_SECONDS = 15 * 60
DONE_SECONDS = 7 * 24 * 3600


def once(key: str, work: Callable[[], T], *, skipped: T, claim_seconds: int = CLAIM_SECONDS,
         done_seconds: int = DONE_SECONDS) -> T:
    """Run ``work()`` unless ``key`` is claimed or done; then return ``skipped``.

    >>> from django.core.cache import cache; cache.delete("once:doc")
    >>> once("doc", lambda: "sent", skipped="already")
    'sent'
    >>> once("doc", lambda: "sent", skipped="already")
    'already'
    """
    cache_key = f"once:{key}"
    if not cache.add(cache_key, "claimed", timeout=claim_seconds):
        return skipped
    try:
        result = work()
    except BaseException:
        cache.delete(cache_key)
        raise
    cache.set(cache_key, "done", timeout=done_seconds)
    return result

"""Throttled sign-in, password reset and API tokens (issue 14, item 4).

- Sign-in (our form and the admin's) goes through django-axes: after AXES_FAILURE_LIMIT failures for one
  account, or from one address, that account or address is locked out for AXES_COOLOFF_TIME; the page says
  so (`locked_out`, status 429 with Retry-After). The right password does not help while locked out.
- Password reset: at most RESET_PER_ADDRESS requests per e-mail address and RESET_PER_IP per caller address
  an hour; the mail itself is sent by a background task (`accounts.tasks`), so the answer takes as long
  whether the account exists or not.
- API tokens: unknown tokens from one address are counted (`api_token_throttle`, common.api_auth).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from motesplats.common.throttle import Throttle

RESET_PER_ADDRESS = 3
RESET_PER_IP = 20
RESET_WINDOW = 3600


class SignInThrottleBackend(AxesStandaloneBackend):
    """Axes' lockout check for every sign-in made with a request (the forms, the admin). `authenticate()`
    without a request (an internal call, `Client.login` in tests) is not a sign-in from outside: no check."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None, password: str | None = None,
                     **kwargs: Any) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def cooloff_seconds() -> int:
    cooloff = getattr(settings, "AXES_COOLOFF_TIME", dt.timedelta(minutes=15))
    if isinstance(cooloff, dt.timedelta):
        return int(cooloff.total_seconds())
    return int(float(cooloff) * 3600)  # axes reads a number as hours


def locked_out(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Axes' AXES_LOCKOUT_CALLABLE: the page that says sign-in is paused, with the time to wait."""
    seconds = cooloff_seconds()
    response = TemplateResponse(request, "accounts/locked_out.html", {"minutes": max(1, round(seconds / 60))},
                                status=429)
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response.render()


def api_token_throttle() -> Throttle:
    """Unknown tokens per caller address within the cool-off time (API_TOKEN_FAILURE_LIMIT, default 100)."""
    return Throttle("api-token", limit=int(getattr(settings, "API_TOKEN_FAILURE_LIMIT", 100)),
                    window=cooloff_seconds())


reset_by_address = Throttle("reset-address", limit=RESET_PER_ADDRESS, window=RESET_WINDOW)
reset_by_ip = Throttle("reset-ip", limit=RESET_PER_IP, window=RESET_WINDOW)


def username_of(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The account a sign-in names, as axes counts it: the e-mail address in lower case."""
    value = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD) or request.POST.get(
        settings.AXES_USERNAME_FORM_FIELD, "")
    return str(value or "").strip().lower()[:254]

"""Who calls the API: a signed-in session (writes need the CSRF token, header X-CSRFToken) or a script with
a personal API token (`Authorization: Bearer mp_...`, created on "Mitt konto"), acting with its owner's rights.

    from motesplats.common.api_auth import api_auth, read_auth

    @router.post("/things", auth=api_auth)        # session + CSRF, or token; otherwise 401
    @router.get("/things", auth=read_auth)         # as api_auth, and anonymous callers read what is public

The authenticated account becomes `request.user`, so views decide through `motesplats.common.permissions`
exactly as for the pages. A Bearer token that is unknown or revoked is refused with 401, never ignored.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; a browser never sends the header by itself, so no CSRF check is needed."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from motesplats.accounts.services import api_token_user

        user = api_token_user(raw=token.strip())
        if user is None:
            raise AuthenticationError(message="Invalid or revoked API token.")
        request.user = user
        return user


class SessionCookieAuth(APIKeyCookie):
    """The signed-in browser session; its writes need the CSRF token. Without a session: 401, not a CSRF 403."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)  # checks CSRF on unsafe methods

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated and request.user.is_active else None


def anonymous_reader(request: HttpRequest) -> Any:
    """The last resort of `read_auth`: no token and no session, so the caller reads as anonymous."""
    if request.headers.get("Authorization"):
        return None  # a header that is not a valid Bearer token: 401 rather than a silent anonymous read
    return request.user if request.user.is_authenticated else AnonymousUser()


token_auth = ApiTokenAuth()
session_auth = SessionCookieAuth(csrf=True)
api_auth: list[Any] = [token_auth, session_auth]
read_auth: list[Any] = [token_auth, session_auth, anonymous_reader]

"""Who calls the API: a signed-in session (writes need the CSRF token, header X-CSRFToken) or a script with
a personal API token (`Authorization: Bearer mp_...`, created on "Mitt konto"), acting with its owner's rights.

`api_auth` is the default of the whole API (`motesplats.api`); operations that anonymous callers may use too
(reads of public data) say so:

    @router.post("/things")                        # session + CSRF, or token; otherwise 401
    @router.get("/things", auth=read_auth)         # as api_auth, and anonymous callers read what is public

The authenticated account becomes `request.user`, so views decide through `motesplats.common.permissions`
exactly as for the pages. An Authorization header that is not a known, active Bearer token is refused with
401 everywhere, also on public reads: it is never ignored; after API_TOKEN_FAILURE_LIMIT unknown tokens from one
address within the cool-off time, every token from it is refused with 429 until the time has passed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import translation
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from .errors import CsrfFailed, InvalidToken, TooManyRequests
from .throttle import client_ip


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; a browser never sends the header by itself, so no CSRF check is needed."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization")
        if header is None:
            return None
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise InvalidToken()
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from motesplats.accounts.services import api_token_user
        from motesplats.accounts.throttle import api_token_throttle

        address = client_ip(request)
        if api_token_throttle().blocked(address):  # guessing tokens: refused before any look-up
            raise TooManyRequests(retry_after=api_token_throttle().window)
        user = api_token_user(raw=token)
        if user is None:
            api_token_throttle().hit(address)
            raise InvalidToken()
        request.user = user
        if not getattr(request, "language_chosen", True) and user.language:
            translation.activate(user.language)  # a script that names no language gets its owner's
            request.LANGUAGE_CODE = user.language
        return user


class SessionCookieAuth(APIKeyCookie):
    """The signed-in browser session; its writes need the CSRF token. Without a session: 401, not a CSRF 403."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        if check_csrf(request):  # answers only for unsafe methods without a valid token
            raise CsrfFailed()
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated and request.user.is_active else None


def anonymous_reader(request: HttpRequest) -> Any:
    """The last resort of `read_auth`: no token and no session, so the caller reads as anonymous."""
    if request.headers.get("Authorization"):
        raise InvalidToken()
    return request.user if request.user.is_authenticated else AnonymousUser()


anonymous_reader.allows_anonymous = True  # type: ignore[attr-defined]  # read by the OpenAPI document

token_auth = ApiTokenAuth()
session_auth = SessionCookieAuth(csrf=True)
api_auth: list[Any] = [token_auth, session_auth]
read_auth: list[Any] = [token_auth, session_auth, anonymous_reader]

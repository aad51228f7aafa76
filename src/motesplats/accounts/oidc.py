"""Single sign-on with the city's identity provider (OpenID Connect, authorisation code flow with PKCE).

mozilla-django-oidc speaks the protocol; this module decides who signs in and as what:

- the person: by e-mail, and only an e-mail the provider says is verified (`email_verified` true);
- the organisation: the claim named by OIDC_ORGANISATION_CLAIM (matched by key or name, created if new);
- the role: the group claim (OIDC_GROUPS_CLAIM): OIDC_ORGANISER_GROUP → organiser, OIDC_READER_GROUP → reader.
  A project member stays a member (membership is granted here, not by the provider). Without a reader group
  configured, every verified account of the provider may read.

Off unless OIDC_RP_CLIENT_ID and the provider's endpoints (or OIDC_OP_DISCOVERY_URL) are set. The writes are
`accounts.services.account_from_claims`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from motesplats.accounts.models import Role

logger = logging.getLogger(__name__)

# Our setting → the field of the provider's discovery document (/.well-known/openid-configuration).
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_END_SESSION_ENDPOINT": "end_session_endpoint",
}
_MISSING = object()


def enabled() -> bool:
    """Single sign-on is on when a client id and either the discovery URL or the endpoints are configured."""
    if not getattr(settings, "OIDC_RP_CLIENT_ID", ""):
        return False
    if getattr(settings, "OIDC_OP_DISCOVERY_URL", ""):
        return True
    return all(getattr(settings, name, "") for name in
               ("OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT"))


def password_login_enabled() -> bool:
    return bool(getattr(settings, "PASSWORD_LOGIN_ENABLED", True))


def discovery_document() -> dict[str, Any]:
    """The provider's discovery document, fetched once and cached for an hour."""
    url = getattr(settings, "OIDC_OP_DISCOVERY_URL", "")
    if not url:
        return {}
    key = f"oidc-discovery:{url}"
    document = cache.get(key)
    if document is None:
        response = requests.get(url, timeout=getattr(settings, "OIDC_TIMEOUT", None) or 10,
                                verify=getattr(settings, "OIDC_VERIFY_SSL", True))
        response.raise_for_status()
        document = response.json()
        cache.set(key, document, 3600)
    return dict(document)


def oidc_setting(attr: str, *default: Any) -> Any:
    """A setting, with the provider's endpoints taken from its discovery document when they are not set."""
    value = getattr(settings, attr, _MISSING)
    if value in (_MISSING, "", None) and attr in DISCOVERED and getattr(settings, "OIDC_OP_DISCOVERY_URL", ""):
        value = discovery_document().get(DISCOVERED[attr]) or _MISSING
    if value is _MISSING:
        return import_from_settings(attr, *default)  # the default, or ImproperlyConfigured
    return value


# --- claims → account --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    """What the provider's claims say about who signs in."""

    email: str
    name: str
    organisation: str  # "" when the claim is missing
    groups: frozenset[str]


def verified_email(claims: dict[str, Any]) -> str | None:
    """The e-mail address, only if the provider vouches for it (`email_verified` true)."""
    email = str(claims.get("email") or "").strip().lower()
    verified = claims.get("email_verified")
    if isinstance(verified, str):  # some providers send the JSON boolean as a string
        verified = verified.strip().lower() == "true"
    if not email or "@" not in email or verified is not True:
        return None
    return email


def _groups(value: Any) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset(part.strip() for part in value.replace(",", " ").split() if part.strip())
    if isinstance(value, Iterable):
        return frozenset(str(part).strip() for part in value if str(part).strip())
    return frozenset()


def identity_from_claims(claims: dict[str, Any]) -> Identity | None:
    """The identity in the claims, or None when the e-mail address is missing or not verified."""
    email = verified_email(claims)
    if email is None:
        return None
    name = str(claims.get("name") or " ".join(
        str(claims.get(part) or "") for part in ("given_name", "family_name")).strip() or email.split("@")[0])
    organisation = claims.get(settings.OIDC_ORGANISATION_CLAIM) if settings.OIDC_ORGANISATION_CLAIM else None
    if isinstance(organisation, list | tuple):  # a multi-valued claim: the first organisation
        organisation = organisation[0] if organisation else None
    groups = _groups(claims.get(settings.OIDC_GROUPS_CLAIM)) if settings.OIDC_GROUPS_CLAIM else frozenset()
    return Identity(email=email, name=name.strip()[:200], organisation=str(organisation or "").strip()[:200],
                    groups=groups)


def role_for(groups: frozenset[str], current: str | None = None) -> str | None:
    """The role the groups give, or None: the provider does not let this person in.

    organiser group → organiser; a project member stays a member; reader group (or no reader group configured)
    → reader. An organiser who has left the organiser group becomes a reader (or is refused).
    """
    organiser_group = settings.OIDC_ORGANISER_GROUP
    reader_group = settings.OIDC_READER_GROUP
    if organiser_group and organiser_group in groups:
        return Role.ORGANISER
    may_read = not reader_group or reader_group in groups
    if current == Role.MEMBER:
        return Role.MEMBER if may_read else None
    return Role.READER if may_read else None


class CityAccountBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Signs in with the city's identity provider. Django builds every backend for every sign-in (a password's
    too), so the provider's configuration (perhaps its discovery document) is read only when a callback with a
    code arrives."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return oidc_setting(attr, *args)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        if request is None or not enabled() or not (request.GET.get("code") and request.GET.get("state")):
            return None
        super().__init__()  # the endpoints, the client and the signing algorithm
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return verified_email(claims) is not None

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        email = verified_email(claims)
        if email is None:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email)

    def _account(self, user: Any, claims: dict[str, Any]) -> Any:
        from motesplats.accounts import services

        identity = identity_from_claims(claims)
        if identity is None:
            raise SuspiciousOperation("The provider did not verify the e-mail address")
        role = role_for(identity.groups, user.role if user is not None else None)
        if role is None:
            logger.info("Single sign-on refused: no group of the provider gives a role here")
            return None
        if user is not None and not user.is_active:
            return None
        return services.account_from_claims(email=identity.email, name=identity.name, role=role,
                                            organisation=identity.organisation)

    def create_user(self, claims: dict[str, Any]) -> Any:
        return self._account(None, claims)

    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        return self._account(user, claims)


class PasswordLoginSwitch:
    """With PASSWORD_LOGIN_ENABLED off, no password signs in anywhere (our form, the admin's): this backend
    stands before ModelBackend and refuses every username-and-password attempt. (No get_user: it never signs
    anybody in, and `login()` without a backend must not pick it.)"""

    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> None:
        if password is not None and not password_login_enabled():
            raise PermissionDenied
        return None


def _failed(request: HttpRequest) -> HttpResponse:
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    messages.error(request, _("Inloggningen med stadens konto misslyckades. Kontakta programkontoret "
                              "om du behöver ett konto."))
    return redirect("accounts:login")


class _EnabledOnly:
    """404 while single sign-on is off; the login page with a message when the provider cannot be reached or
    answers with an error (instead of a server error)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not enabled():
            raise Http404
        try:
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc,no-any-return]
        except (requests.RequestException, ImproperlyConfigured):
            logger.exception("Single sign-on: the identity provider could not be used")
            return _failed(request)


class SignInView(_EnabledOnly, OIDCAuthenticationRequestView):  # type: ignore[misc]
    """Sends the browser to the provider's sign-in page (with state, nonce and a PKCE challenge)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # the endpoints are read when the view runs
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        return super().get(request)  # type: ignore[no-any-return]

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return oidc_setting(attr, *args)


class CallbackView(_EnabledOnly, OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """The provider sends the browser back here with the code; on success the account's first page."""

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return oidc_setting(attr, *args)

    @property
    def failure_url(self) -> str:
        return str(resolve_url("accounts:login"))

    def login_failure(self) -> HttpResponse:
        return _failed(self.request)

    @property
    def success_url(self) -> str:
        from motesplats.common.menu import home_url_for

        next_url = self.request.session.get("oidc_login_next")
        return str(next_url or home_url_for(self.request.user) or resolve_url(settings.LOGIN_REDIRECT_URL))


def provider_logout_url(request: HttpRequest) -> str | None:
    """Where to send the browser to end the provider's session too (RP-initiated logout), or None: the session
    was not opened by single sign-on, or the provider has no end_session_endpoint. Call before logging out."""
    id_token = request.session.get("oidc_id_token")
    if not id_token or not enabled():
        return None
    try:
        endpoint = oidc_setting("OIDC_OP_END_SESSION_ENDPOINT", "")
    except (requests.RequestException, ImproperlyConfigured):
        logger.warning("Could not read the provider's end_session_endpoint")
        return None
    if not endpoint:
        return None
    back = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}" + urlencode({"id_token_hint": id_token, "post_logout_redirect_uri": back,
                                                 "client_id": settings.OIDC_RP_CLIENT_ID})


def op_logout_url(request: HttpRequest) -> str:
    """OIDC_OP_LOGOUT_URL_METHOD for mozilla-django-oidc's own logout view."""
    return provider_logout_url(request) or resolve_url(settings.LOGOUT_REDIRECT_URL)

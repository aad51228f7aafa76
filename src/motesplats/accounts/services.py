"""Accounts: what is stored about a person (GDPR art. 15 and 20) and erasure (art. 17).

The apps that store personal data register their export and erasure in `accounts.personal_data`.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from motesplats.accounts.personal_data import personal_data
from motesplats.audit import services as audit


def _person(user: Any) -> Any:
    from motesplats.registry.models import Person

    return Person.objects.filter(user=user).select_related("organisation").first()


def account_gdpr_export(user: Any) -> dict[str, Any]:
    return {"account": {"email": user.email, "role": user.role, "language": user.language,
                        "date_joined": user.date_joined, "last_login": user.last_login},
            "api_tokens": [{"name": t.name, "prefix": t.prefix, "created": t.created, "last_used": t.last_used,
                            "revoked": t.revoked} for t in user.api_tokens.order_by("created")]}


def gdpr_export(*, user: Any) -> dict[str, Any]:
    """Everything the apps store about the signed-in person, in one JSON-ready dict."""
    person = _person(user)
    export: dict[str, Any] = {"exported_at": timezone.now(), "service": "Mötesplats", **account_gdpr_export(user)}
    for entry in personal_data:
        export.update(entry.export(user, person) or {})
    return export


def gdpr_export_json(*, user: Any) -> str:
    return json.dumps(gdpr_export(user=user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


@transaction.atomic
@transaction.atomic
def account_erase(*, user: Any, by: Any = None) -> None:
    """Deactivate the account, anonymise the person's data everywhere and end their sessions; all or nothing."""
    person = _person(user)
    for entry in personal_data:
        entry.erase(user, person)
    user.email = f"anonymiserad-{user.pk}@invalid.example"
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    user.api_tokens.all().delete()
    sessions_end(user=user)
    audit.record(actor=by if by is not None else user, action=audit.Action.ERASURE, target=user,
                 data={"account": user.pk})


def sessions_end(*, user: Any) -> int:
    """Sign `user` out everywhere: delete their sessions, found by the account they belong to (no decoding)."""
    from django.conf import settings
    from django.core.cache import caches

    from motesplats.accounts.sessions import CachedSessionStore, UserSession

    sessions = UserSession.objects.filter(user_id=user.pk)
    keys = [CachedSessionStore.cache_key_prefix + key for key in sessions.values_list("session_key", flat=True)]
    deleted, _by_model = sessions.delete()
    if keys:  # the cache-first engine (REDIS_URL) keeps a copy of each session in the cache
        caches[settings.SESSION_CACHE_ALIAS].delete_many(keys)
    return deleted


# --- API tokens for scripts -----------------------------------------------------------------------

API_TOKEN_PREFIX = "mp_"  # noqa: S105 (a marker that says what the string is, not a secret)
API_TOKEN_LAST_USED_EVERY = 60  # seconds: a busy script does not write on every request


def api_token_hash(raw: str) -> str:
    import hashlib

    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, user: Any, name: str) -> tuple[Any, str]:
    """A new token of `user`; returns the row and the token itself, which is never stored and shown only now."""
    import secrets

    from motesplats.accounts.models import ApiToken

    raw = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=" ".join(name.split())[:100], prefix=raw[:10], token_hash=api_token_hash(raw))
    token.full_clean()
    token.save()
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: Any) -> Any:
    if token.revoked is None:
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
    return token


def api_token_user(*, raw: str) -> Any:
    """The active owner of an active token, or None; notes when the token was used."""
    from motesplats.accounts.models import ApiToken

    if not raw.startswith(API_TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (ApiToken.objects.filter(token_hash=api_token_hash(raw), revoked__isnull=True, user__is_active=True)
             .select_related("user").first())
    if token is None:
        return None
    now = timezone.now()
    if token.last_used is None or (now - token.last_used).total_seconds() > API_TOKEN_LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user


@transaction.atomic
def account_from_claims(*, email: str, name: str, role: str, organisation: str = "") -> Any:
    """The account for a single sign-on (`accounts.oidc`): found or created by its verified e-mail address,
    given the role the provider's groups grant, and linked to the registry's person with that address (created
    when the provider names an organisation; the organisation is found by key or name, or created)."""
    from django.contrib.auth import get_user_model

    from motesplats.registry import selectors as registry_selectors
    from motesplats.registry import services as registry
    from motesplats.registry.models import Organisation, Person

    User = get_user_model()  # noqa: N806
    email = email.strip().lower()
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email, password=None, role=role)  # no password: signs in by the provider
    elif user.role != role:
        before = user.role
        user.role = role
        user.save(update_fields=["role"])
        audit.record(actor=None, action=audit.Action.ROLE_CHANGE, target=user,
                     data={"sso": True, "role": [before, role]})
    org = None
    if organisation:
        org = (Organisation.objects.filter(key=organisation).first()
               or Organisation.objects.filter(name__iexact=organisation).first()
               or registry.organisation_create(name=organisation))
    person = Person.objects.filter(user=user).select_related("organisation").first()
    if person is None:
        if org is not None:
            person, _created = registry.person_resolve(
                data=registry.PersonData(name=name, email=email, organisation=org))
        else:
            person = registry_selectors.people_by_email([email]).get(email)
        if person is not None and person.user_id is None:
            registry.person_link_user(person=person, user=user)
    if person is not None and org is not None and person.organisation_id != org.pk:
        registry.person_update(person=person, organisation=org)
    return user

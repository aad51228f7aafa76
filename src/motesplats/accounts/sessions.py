"""The session engine (SESSION_ENGINE = "motesplats.accounts.sessions"): Django's database sessions, with the
account beside each session (`UserSession.user`), as Django's documentation shows for extending the
database-backed session engines. Erasure deletes an account's sessions without decoding anyone else's.

With REDIS_URL the settings choose `motesplats.accounts.cached_sessions` instead: the same table written through,
read from the shared cache (Redis), so that any web process serves any session; `sessions_end` removes
both the rows and their cache entries."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDatabaseSessionStore
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserSession(AbstractBaseSession):
    """A session that knows its account (None before sign-in)."""

    # No database constraint: a session saved late in a request may still name an account deleted meanwhile;
    # deleting an account deletes its sessions all the same (Django cascades).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("användarkonto"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="sessions", db_constraint=False)

    class Meta(AbstractBaseSession.Meta):
        app_label = "accounts"
        verbose_name = _("session")
        verbose_name_plural = _("sessioner")

    @classmethod
    def get_session_store_class(cls) -> type[SessionStore]:
        return SessionStore


class AccountSessionMixin:
    @classmethod
    def get_model_class(cls) -> type[UserSession]:
        return UserSession

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        session = super().create_model_instance(data)  # type: ignore[misc]
        try:
            session.user_id = int(data[SESSION_KEY])
        except (KeyError, TypeError, ValueError):
            session.user_id = None
        return session


class SessionStore(AccountSessionMixin, DatabaseSessionStore):
    """Database sessions (the default engine)."""


class CachedSessionStore(AccountSessionMixin, CachedDatabaseSessionStore):
    """Cache-first sessions written through to the table (engine `motesplats.accounts.cached_sessions`)."""

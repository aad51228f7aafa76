"""The session engine (SESSION_ENGINE = "motesplats.accounts.sessions"): Django's database sessions, with the
account beside each session (`UserSession.user`), as Django's documentation shows for extending the
database-backed session engines. Erasure deletes an account's sessions without decoding anyone else's."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
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


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls) -> type[UserSession]:
        return UserSession

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        session = super().create_model_instance(data)
        try:
            session.user_id = int(data[SESSION_KEY])
        except (KeyError, TypeError, ValueError):
            session.user_id = None
        return session

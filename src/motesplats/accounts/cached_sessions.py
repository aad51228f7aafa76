"""SESSION_ENGINE when REDIS_URL is set: sessions read from the shared cache, written through to `UserSession`."""

from motesplats.accounts.sessions import CachedSessionStore as SessionStore

__all__ = ["SessionStore"]

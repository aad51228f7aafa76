"""Django's Redis cache with one client per connection pool instead of a new `redis.Redis` per call.

Django's `RedisCacheClient.get_client` builds a client object on every cache call (three times a visit to
"Min dag": the session, the event's version and the page); building it costs more than the Redis round trip.
A `redis.Redis` over a shared pool is safe to share between threads, so each pool keeps one."""

from __future__ import annotations

from typing import Any

from django.core.cache.backends import redis as django_redis


class SharedClientRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(django_redis.RedisCache):
    """`django.core.cache.backends.redis.RedisCache` whose client is shared (REDIS_URL, settings.base)."""

    def __init__(self, server: Any, params: Any) -> None:
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient

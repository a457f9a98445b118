"""Django's Redis cache backend with one client per connection pool, failing open.

One client per pool: Django's ``RedisCacheClient.get_client`` builds a new
``redis.Redis`` for every cache call; with redis-py 8 that costs ~150 µs of
Python (it copies the table of ~170 response callbacks each time), more than
the round trip to Redis. A page makes several cache calls, so the client is
built once per pool and reused: ``redis.Redis`` is thread-safe, each command
borrowing a connection from the pool (which re-creates its connections after a
fork).

Failing open: every user of the cache (Wagtail's site root paths, the rates
app, the page cache) keeps working while Redis is refused or hung — a read
misses, a write does nothing — and after one socket timeout the backend stops
asking Redis for ``CARAVAN_CACHE_BREAKER_SECONDS`` (``caravan.caching.shared``,
which also tells the page cache to trust nothing it holds meanwhile).
"""

from __future__ import annotations

import functools

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

from . import shared


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client


def _fail_open(fallback):
    """Call the method unless the breaker is open; on a Redis error open it.
    Either way answer ``fallback(*args, **kwargs)`` instead of raising."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if not shared.available():
                return fallback(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                shared.trip(error)
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


def _default(key, default=None, version=None):
    return default


def _nothing(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _empty(*args, **kwargs):
    return {}


def _all_failed(data, *args, **kwargs):
    return list(data)


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    get = _fail_open(_default)(RedisCache.get)
    get_many = _fail_open(_empty)(RedisCache.get_many)
    has_key = _fail_open(_false)(RedisCache.has_key)
    set = _fail_open(_nothing)(RedisCache.set)
    add = _fail_open(_false)(RedisCache.add)
    touch = _fail_open(_false)(RedisCache.touch)
    delete = _fail_open(_false)(RedisCache.delete)
    set_many = _fail_open(_all_failed)(RedisCache.set_many)
    delete_many = _fail_open(_nothing)(RedisCache.delete_many)
    clear = _fail_open(_false)(RedisCache.clear)

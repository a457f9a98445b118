"""Django's Redis cache backend with one client per connection pool.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every
cache call; with redis-py 8 that costs ~150 µs of Python (it copies the table of
~170 response callbacks each time), more than the round trip to Redis. A page
makes several cache calls (generation tokens, ticker, sidebar, navigation), so
the client is built once per pool and reused: ``redis.Redis`` is thread-safe,
each command borrowing a connection from the pool (which re-creates its
connections after a fork).
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


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


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

"""The Redis backend reuses one client per connection pool (real Redis)."""

import threading

import pytest
from django.core.cache.backends.redis import RedisCacheClient

from caravan.caching.redis_cache import ReusingRedisCache
from caravan.conftest import require_service


@pytest.fixture
def redis_cache():
    require_service("Redis", "127.0.0.1", 6379)
    cache = ReusingRedisCache(
        "redis://127.0.0.1:6379/9", {"KEY_PREFIX": f"reuse-{id(object())}"}
    )
    yield cache
    cache.delete_many(["a", "b", "missing"])


def test_one_client_serves_every_call(redis_cache):
    client = redis_cache._cache.get_client("a")
    redis_cache.set("a", {"value": 1})
    assert redis_cache.get("a") == {"value": 1}
    assert redis_cache.get_many(["a", "missing"]) == {"a": {"value": 1}}
    assert redis_cache._cache.get_client("b", write=True) is client
    # Django's own client builds a new one on every call.
    django_client = RedisCacheClient(["redis://127.0.0.1:6379/9"])
    assert django_client.get_client("a") is not django_client.get_client("a")


def test_threads_share_the_client_safely(redis_cache):
    errors = []

    def worker(n):
        try:
            for i in range(50):
                redis_cache.set("b", n * 1000 + i)
                assert isinstance(redis_cache.get("b"), int)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []

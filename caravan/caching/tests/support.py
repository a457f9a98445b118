from caravan.caching import fragments, store
from caravan.caching.redis_cache import ReusingRedisCache


def reset_page_cache(settings, *, enabled: bool) -> None:
    """Page cache on or off for a test, no Varnish, and none of the process-local
    copies (entries, generation tokens) an earlier test left behind."""
    settings.CARAVAN_PAGE_CACHE = enabled
    settings.CARAVAN_VARNISH_URLS = []
    store._local.clear()
    store._tokens.clear()
    fragments.clear_local()


class PrefixClearingRedisCache(ReusingRedisCache):
    """Django's RedisCache.clear() empties the whole Redis database (FLUSHDB). Parallel
    test workers share that database, each under its own KEY_PREFIX: clear only ours,
    or one worker's cache.clear() wipes the pages another is asserting on."""

    def clear(self) -> bool:
        client = self._cache.get_client(None, write=True)
        keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])
        return True

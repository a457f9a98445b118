from caravan.caching import memo
from caravan.caching.redis_cache import ReusingRedisCache


def log_in(client, user) -> None:
    """Log in as an editor does: the admin's answer gives the signed cookie that
    lets them by the page cache (a session cookie alone does not)."""
    client.force_login(user)
    assert client.get("/admin/").status_code in (200, 302)


def reset_page_cache(settings, *, enabled: bool) -> None:
    """Page cache on or off for a test, no Varnish, and none of the process-local
    copies (entries, generations, memos) an earlier test left behind."""
    settings.CARAVAN_PAGE_CACHE = enabled
    settings.CARAVAN_VARNISH_URLS = []
    memo.clear_all()


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


def bump_elsewhere(*tags: str) -> None:
    """Purge as another process does: in the shared cache, without telling this
    process's view (it learns from Redis's channel, or by polling)."""
    from caravan.caching import generations

    generations.get_view().store.bump(sorted(tags))


def poll_delay_passes() -> None:
    """Without Redis's channel, a process re-reads the generations after
    ``conf.poll_seconds()``: let that time have passed."""
    from caravan.caching import generations

    generations.get_view().checked = float("-inf")


def subscribed() -> bool:
    """Does this process hear of other processes' purges at once (Redis)?"""
    from caravan.caching import generations

    view = generations.get_view()
    view.sync()
    return view.pubsub is not None

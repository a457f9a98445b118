from caravan.caching import store


def reset_page_cache(settings, *, enabled: bool) -> None:
    """Page cache on or off for a test, no Varnish, and none of the process-local
    copies (entries, generation tokens) an earlier test left behind."""
    settings.CARAVAN_PAGE_CACHE = enabled
    settings.CARAVAN_VARNISH_URLS = []
    store._local.clear()
    store._tokens.clear()

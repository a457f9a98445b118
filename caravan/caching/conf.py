"""Page-cache knobs, all overridable in settings (and from the environment in
caravan/settings/base.py)."""

from django.conf import settings
from django.core.signals import setting_changed

# Read on every request (the fast path's too): each knob is looked up once,
# again after a settings change (tests). Django's settings object costs a
# lazy-object dispatch per access, and a missing setting an exception.
_values: dict[str, object] = {}


def get(name: str, default):
    try:
        return _values[name]
    except KeyError:
        value = _values[name] = getattr(settings, name, default)
        return value


def _forget(**kwargs) -> None:
    _values.clear()


setting_changed.connect(_forget, dispatch_uid="caravan-caching-conf")


def enabled() -> bool:
    return get("CARAVAN_PAGE_CACHE", True)


def alias() -> str:
    return get("CARAVAN_PAGE_CACHE_ALIAS", "default")


def fresh_seconds() -> int:
    """How long a page is served without re-rendering when nothing purged it: this
    bounds what purges do not track (suggested articles on other articles)."""
    return get("CARAVAN_PAGE_CACHE_SECONDS", 600)


def stale_seconds() -> int:
    """How long a stale copy is kept to serve while the database is down."""
    return get("CARAVAN_PAGE_CACHE_STALE_SECONDS", 24 * 3600)


def not_found_seconds() -> int:
    """How long a 404 is kept (in each process only: random URLs never reach the
    shared cache)."""
    return get("CARAVAN_PAGE_CACHE_404_SECONDS", 30)


def browser_seconds() -> int:
    """max-age for browsers: short, since they cannot be purged."""
    return get("CARAVAN_PAGE_CACHE_BROWSER_SECONDS", 60)


def skip_prefixes() -> tuple[str, ...]:
    return tuple(
        get(
            "CARAVAN_PAGE_CACHE_SKIP_PREFIXES",
            (
                "/admin/",
                "/django-admin/",
                "/documents/",
                "/static/",
                "/media/",
                "/healthz",
                "/-/",  # the caches' own endpoints (slots, the beacon)
            ),
        )
    )


def query_params() -> frozenset[str]:
    """Query parameters declared by settings, besides those the apps declare
    (``caravan.caching.keys.declare_query_params``)."""
    return frozenset(get("CARAVAN_PAGE_CACHE_QUERY_PARAMS", ()))


def varnish_urls() -> list[str]:
    return list(get("CARAVAN_VARNISH_URLS", []))


def ban_repeat_seconds() -> float:
    """Varnish is sent each BAN again after this delay: a render that began
    before the publication and reached Varnish just after the first BAN is
    banned by the second (Varnish tests a ban only against objects older than
    it)."""
    return get("CARAVAN_VARNISH_BAN_REPEAT_SECONDS", 0.5)


def poll_seconds() -> float:
    """How often each process reads the shared epoch: with Redis, to tell a hung
    server or a lost message (purges arrive at once, by publish/subscribe);
    with a file:// or locmem:// cache, the delay within which another process's
    purge reaches it."""
    return get("CARAVAN_PAGE_CACHE_POLL_SECONDS", 0.1)


def replica_lag_seconds() -> float:
    """For this long after a purge, renders read the primary database: a read
    replica that lags less than this never refills a page with the old version."""
    return get("CARAVAN_REPLICA_LAG_SECONDS", 2.0)


def breaker_seconds() -> float:
    """After the shared cache fails (refused, timed out), each process leaves it
    alone for this long and serves from the database: no request waits on a dead
    Redis more than once per interval."""
    return get("CARAVAN_CACHE_BREAKER_SECONDS", 5.0)

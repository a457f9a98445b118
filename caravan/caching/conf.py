"""Page-cache knobs, all overridable in settings (and from the environment in
caravan/settings/base.py)."""

from django.conf import settings


def get(name: str, default):
    return getattr(settings, name, default)


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
    return get("CARAVAN_PAGE_CACHE_404_SECONDS", 60)


def browser_seconds() -> int:
    """max-age for browsers: short, since they cannot be purged."""
    return get("CARAVAN_PAGE_CACHE_BROWSER_SECONDS", 60)


def skip_prefixes() -> tuple[str, ...]:
    return tuple(
        get(
            "CARAVAN_PAGE_CACHE_SKIP_PREFIXES",
            ("/admin/", "/django-admin/", "/documents/", "/static/", "/media/"),
        )
    )


def varnish_urls() -> list[str]:
    return list(get("CARAVAN_VARNISH_URLS", []))

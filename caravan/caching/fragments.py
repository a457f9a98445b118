"""Parts of a page that many pages share (the "latest news" sidebar), cached in
Django's cache so a page-cache miss does not rebuild them.

A fragment is valid only while the generation tokens of the page-cache tags it
depends on are unchanged (``store.current_generations``): the purges that refresh
cached pages on publish, unpublish, edit, move or delete refresh the fragment too,
in the same delay. It also expires at a time its builder names (say, when a
future-dated article becomes visible) and after ``PAGE_CACHE_SECONDS``.

Never used for previews or for requests with a session cookie (editors): they get
a fresh build, as they never get a cached page.

Each process also keeps the entries it has read or built (``_local``): while
their tokens are unchanged — checked against this process's copy of the tokens,
as cached pages are (``store.TOKEN_SECONDS``) — a page reads its fragments with no
round trip to the shared cache. Values are shared by the process's threads and
are treated as read-only.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable

from django.conf import settings

from . import conf, store

logger = logging.getLogger(__name__)

PREFIX = "pc:f:"
_local: dict[str, tuple[dict[str, str], float, object]] = {}
LOCAL_ENTRIES = 1000


def usable_for(request) -> bool:
    if request is None or getattr(request, "is_preview", False):
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def fragment_key(name: str, *parts) -> str:
    digest = hashlib.sha1(
        "|".join([name, *map(str, parts)]).encode(), usedforsecurity=False
    ).hexdigest()
    return PREFIX + digest


def _valid(generations: dict[str, str]) -> bool:
    current = store.current_generations(generations)
    return all(
        current[tag] is not None and current[tag] == token
        for tag, token in generations.items()
    )


def get_or_build(key: str, build: Callable[[Callable[..., None]], tuple]):
    """The value cached under ``key`` while the tokens it was built under are
    unchanged, else a new one.

    ``build(depends_on)`` returns (value, expiry as a UNIX time or None) and calls
    ``depends_on(*tags)`` for what it reads, *before* reading it: the tokens are
    read at that moment, so a purge during the build leaves the new entry stale at
    once, never a stale entry looking fresh."""
    entry = _local.get(key)
    try:
        if entry is not None:
            generations, until, value = entry
            if time.time() < until and _valid(generations):
                return value
        cache = store.cache()
        entry = cache.get(key)
        if entry is not None:
            generations, until, value = entry
            if time.time() < until and _valid(generations):
                _keep(key, entry)
                return value
    except Exception:  # no shared cache: build every time
        logger.warning("fragment cache unavailable", exc_info=True)
        return build(lambda *tags: None)[0]
    generations: dict[str, str] = {}
    failed = []

    def depends_on(*tags: str) -> None:
        try:
            generations.update(store.generations_for_store(tags))
        except Exception:
            logger.warning("fragment cache unavailable", exc_info=True)
            failed.append(tags)

    value, expires = build(depends_on)
    until = time.time() + conf.fresh_seconds()
    if expires is not None:
        until = min(until, expires)
    seconds = int(until - time.time())
    if seconds > 0 and generations and not failed:
        try:
            cache.set(key, (generations, until, value), seconds)
        except Exception:
            logger.warning("fragment cache unavailable", exc_info=True)
        _keep(key, (generations, until, value))
    return value


def _keep(key: str, entry) -> None:
    if len(_local) >= LOCAL_ENTRIES:  # many languages or sizes: start over
        _local.clear()
    _local[key] = entry


def clear_local() -> None:
    """Forget this process's copies (tests: each starts with an empty cache)."""
    _local.clear()

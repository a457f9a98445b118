"""Parts of a page that many pages share (the "latest news" sidebar, an
archive's total), kept in the shared cache so a page-cache miss does not rebuild
them, with a copy in each process (``LOCAL``).

A fragment records the versions of the purge tags it depends on and is valid
while they are unchanged (``caravan.caching.generations``): the purges that
refresh cached pages refresh the fragment too. It is kept only if no purge of
those tags happened since the request's snapshot, and expires at a time its
builder names (say, when a future-dated article becomes visible) and after
``PAGE_CACHE_SECONDS``.

Never used for previews or editors: they get a fresh build, as they never get
a cached page.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable

from . import conf, generations, keys, shared
from .memo import Store
from .shared import Unavailable

logger = logging.getLogger(__name__)

PREFIX = "pc:f:"
LOCAL = Store("fragments", max_entries=1000)


def usable_for(request) -> bool:
    if request is None or getattr(request, "is_preview", False):
        return False
    return not keys.is_editor(request.COOKIES)


def fragment_key(name: str, *parts) -> str:
    digest = hashlib.sha1(
        "|".join([name, *map(str, parts)]).encode(), usedforsecurity=False
    ).hexdigest()
    return PREFIX + digest


def get_or_build(key: str, build: Callable[[Callable[..., None]], tuple]):
    """The value kept under ``key`` while the versions it was built under are
    unchanged, else a new one.

    ``build(depends_on)`` returns (value, expiry as a UNIX time or None) and calls
    ``depends_on(*tags)`` for what it reads."""
    snapshot = generations.current()
    now = time.time()
    entry = LOCAL.get(key)
    if entry is not None and _valid(entry, snapshot, now):
        return entry[2]
    if snapshot.available:
        try:
            entry = shared.call("get", key)
        except Unavailable:
            entry = None
        if entry is not None and _valid(entry, snapshot, now):
            LOCAL.put(key, entry)
            return entry[2]
    tags: set[str] = set()
    value, expires = build(lambda *names: tags.update(names))
    versions = snapshot.version_map(tags) if tags else None
    if not snapshot.storable(versions):
        return value  # no shared cache, or a purge during the build
    until = now + conf.fresh_seconds()
    if expires is not None:
        until = min(until, expires)
    seconds = int(until - now)
    if seconds > 0:
        entry = (versions, until, value)
        LOCAL.put(key, entry)
        try:
            shared.call("set", key, entry, seconds)
        except Unavailable:
            logger.debug("fragment not stored in the shared cache", exc_info=True)
    return value


def _valid(entry, snapshot, now) -> bool:
    versions, until, _value = entry
    return now < until and snapshot.valid(versions)

"""Site-wide objects every page reads — the Site for a host, the home page of each
language, its sections, site and SEO settings, whether any view restriction
exists — kept in each process instead of being queried on every render (they
were 9 of an article's 17 queries).

An entry is used while a page-cache tag keeps the generation token it was built
under (each tag, where the caller names several) — "chrome" unless the caller
names another: saving or deleting a Site, a Locale, site or SEO settings or a
view restriction, and publishing, unpublishing, moving or deleting a home page
or a section bump that tag
(``caravan.caching.signals``, ``purge.page_tags``); "content" is bumped by every
publication. This process sees a bump at once, the others within
``store.TOKEN_SECONDS``. An entry is also rebuilt after ``MAX_AGE`` seconds
whatever happens, and at once when there is no shared cache to hold the token.

Values are shared by every thread of the process: callers treat them as
read-only, and model instances that a caller may change are handed out as
copies (``copied``).
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Callable, Hashable

from . import store

logger = logging.getLogger(__name__)

TAG = "chrome"
MAX_AGE = 300.0
_memo: dict[tuple[str, str, Hashable], tuple[str, float, object]] = {}


def memoised(
    name: str,
    key: Hashable,
    build: Callable[[], object],
    *,
    tag: str | tuple[str, ...] = TAG,
    expires: Callable[[object], float | None] | None = None,
):
    """``build()``'s value for (name, key), from this process's memo while the
    token of ``tag`` (of each tag, given several) is unchanged, and until
    ``expires(value)`` — a UNIX time or None — has passed (a future-dated
    article coming due: nothing purges at that moment)."""
    tags = (tag,) if isinstance(tag, str) else tuple(tag)
    now = time.monotonic()
    try:
        current = store.current_generations(tags)
    except Exception:  # no shared cache: nothing can tell us of a change
        logger.warning("site-wide memo unavailable", exc_info=True)
        return build()
    token = tuple(current[t] for t in tags)
    entry = _memo.get((name, tags, key))
    if (
        entry is not None
        and all(token)
        and entry[0] == token
        and now - entry[1] < MAX_AGE
        and not _expired(entry[2], expires)
    ):
        return entry[2]
    try:
        # Read (or create) the tokens before building: a change committed while
        # building leaves this entry stale at once, never stale-looking-fresh.
        current = store.generations_for_store(tags)
    except Exception:
        logger.warning("site-wide memo unavailable", exc_info=True)
        return build()
    token = tuple(current[t] for t in tags)
    if not all(token):  # a cache that keeps nothing (dummy://)
        return build()
    value = build()
    if len(_memo) > 10_000:  # many hosts or keys: start over rather than grow
        _memo.clear()
    _memo[(name, tags, key)] = (token, now, value)
    return value


def _expired(value, expires) -> bool:
    until = expires(value) if expires is not None else None
    return until is not None and time.time() >= until


def copied(name: str, key: Hashable, build: Callable[[], object]):
    """Like ``memoised``, for a model instance the caller may change (the admin
    edits the settings object it is given): a copy of the shared one."""
    shared = memoised(name, key, build)
    getstate = getattr(shared, "__getstate__", None)
    if getstate is None:
        return copy.copy(shared)
    # What copy.copy gives for a model instance (its __getstate__: the fields,
    # a copy of _state and its cache), without pickling's round about way.
    instance = shared.__class__.__new__(shared.__class__)
    instance.__dict__.update(getstate())
    return instance


def clear() -> None:
    """Forget everything (tests: each starts with an empty database and cache)."""
    _memo.clear()

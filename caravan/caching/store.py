"""Cached pages and the generation tokens that purge them.

Every cached page carries *tags* ("p:12" the page 12, "list:3" listings under page
3, "tag:trade", "content", "ticker", ...). Each tag has a generation token in the
cache; an entry records the tokens it was rendered under and is fresh only while all
of them are unchanged. Purging a tag is one write (a new token), whatever the number
of pages that carry it: O(1), and the pages re-render lazily on their next request.

An evicted token reads as missing, which matches nothing: eviction can only cause a
re-render, never a stale page.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import logging
import os
import time
from collections import OrderedDict

from django.core.cache import caches

from . import conf

logger = logging.getLogger(__name__)

ENTRY_PREFIX = "pc:e:"
GEN_PREFIX = "pc:g:"
LOCK_PREFIX = "pc:l:"
_counter = itertools.count()
_PID = os.getpid()


def cache():
    return caches[conf.alias()]


def new_token() -> str:
    return f"{time.time_ns():x}.{_PID:x}.{next(_counter):x}"


def gen_key(tag: str) -> str:
    return GEN_PREFIX + tag


def entry_key(parts: str) -> str:
    return (
        ENTRY_PREFIX + hashlib.sha1(parts.encode(), usedforsecurity=False).hexdigest()
    )


@dataclasses.dataclass
class Entry:
    status: int
    headers: list[tuple[str, str]]
    gzip_body: bytes
    raw_length: int
    etag: str  # hex digest of the uncompressed body
    created: float
    fresh_until: float
    generations: dict[str, str]

    def is_fresh(self, now: float) -> bool:
        return now < self.fresh_until

    def __getstate__(self):
        # Headers memoised by the process that serves it (middleware.hit_answer)
        # stay in that process.
        state = dict(self.__dict__)
        state.pop("_answers", None)
        return state


# Tokens read from the shared cache are trusted for this long in each process, so
# a hit usually costs no round trip at all; a purge made by another process is seen
# within this delay (a purge made by this process is seen at once).
TOKEN_SECONDS = 0.25
_tokens: dict[str, tuple[float, str | None]] = {}


def current_generations(
    tags, *, max_age: float = TOKEN_SECONDS
) -> dict[str, str | None]:
    tags = list(tags)
    now = time.monotonic()
    result, missing = {}, []
    for tag in tags:
        known = _tokens.get(tag)
        if known is not None and now - known[0] < max_age:
            result[tag] = known[1]
        else:
            missing.append(tag)
    if missing:
        found = cache().get_many([gen_key(t) for t in missing])
        for tag in missing:
            token = found.get(gen_key(tag))
            result[tag] = token
            _tokens[tag] = (now, token)
        if len(_tokens) > 50_000:
            _tokens.clear()
    return result


def generations_for_store(tags) -> dict[str, str]:
    """Tokens to record with a new entry; a tag without one gets one now (add, so
    two processes agree on the first token)."""
    c = cache()
    gens = current_generations(tags, max_age=0)
    for tag, token in gens.items():
        if token is None:
            c.add(gen_key(tag), new_token(), None)
            gens[tag] = c.get(gen_key(tag)) or ""
            _tokens[tag] = (time.monotonic(), gens[tag])
    return gens


def generations_match(entry: Entry) -> bool:
    if not entry.generations:
        return True
    current = current_generations(entry.generations)
    return all(
        current[t] is not None and current[t] == token
        for t, token in entry.generations.items()
    )


def bump(*tags: str) -> None:
    """Purge every cached page carrying any of these tags."""
    tags = sorted(set(tags))
    if not tags:
        return
    tokens = {t: new_token() for t in tags}
    cache().set_many({gen_key(t): token for t, token in tokens.items()}, None)
    # This process sees the purge at once (others within TOKEN_SECONDS).
    now = time.monotonic()
    _tokens.update({t: (now, token) for t, token in tokens.items()})
    _local.clear()
    logger.debug("page cache purged tags %s", tags)
    from .frontend import ban_tags

    ban_tags(tags)


# A small per-process copy of recently served entries: a hit then costs one round
# trip to the shared cache (the tokens) instead of fetching the page body again.
class _LocalEntries:
    def __init__(self, size: int = 256):
        self.size = size
        self.data: OrderedDict[str, Entry] = OrderedDict()

    def get(self, key: str) -> Entry | None:
        entry = self.data.get(key)
        if entry is not None:
            self.data.move_to_end(key)
        return entry

    def put(self, key: str, entry: Entry) -> None:
        self.data[key] = entry
        self.data.move_to_end(key)
        while len(self.data) > self.size:
            self.data.popitem(last=False)

    def clear(self) -> None:
        self.data.clear()


_local = _LocalEntries()


def load(key: str) -> Entry | None:
    entry = _local.get(key)
    if entry is not None:
        return entry
    entry = cache().get(key)
    if isinstance(entry, Entry):
        _local.put(key, entry)
        return entry
    return None


def save(key: str, entry: Entry, keep_seconds: int) -> None:
    cache().set(key, entry, keep_seconds)
    _local.put(key, entry)


def acquire_render_lock(key: str, seconds: int = 2) -> bool:
    """True for the one request that re-renders a stale page; the others serve the
    stale copy meanwhile (stale-while-revalidate, no dogpile after a purge)."""
    try:
        return cache().add(LOCK_PREFIX + key, 1, seconds)
    except Exception:  # noqa: BLE001  (no shared cache: just render)
        return True


def release_render_lock(key: str) -> None:
    try:
        cache().delete(LOCK_PREFIX + key)
    except Exception:
        logger.warning("could not release page cache lock", exc_info=True)

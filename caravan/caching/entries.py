"""Cached pages: an ``Entry`` per key, in the shared cache with a copy in each
process (``LOCAL``), fresh while the versions of its tags are unchanged
(``caravan.caching.generations``) and until ``fresh_until``."""

from __future__ import annotations

import dataclasses
import hashlib
import logging

from . import shared
from .memo import LruStore
from .shared import Unavailable

logger = logging.getLogger(__name__)

ENTRY_PREFIX = "pc:e:"
LOCK_PREFIX = "pc:l:"


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
    versions: dict[str, int]
    # The query parameters its render read: the key was made of those.
    read: frozenset[str] = frozenset()
    # The slots its body includes, (name, language) in order (caching.slots).
    slots: tuple[tuple[str, str], ...] = ()

    def is_fresh(self, now: float) -> bool:
        return now < self.fresh_until

    def __getstate__(self):
        # Answers memoised by the process that serves it (answers.hit_answer)
        # stay in that process.
        state = dict(self.__dict__)
        state.pop("_answers", None)
        return state


# Recently served entries of this process: a hit then costs no round trip.
LOCAL = LruStore("page-entries", max_entries=256)
# 404s are kept here only, never in the shared cache: requests for random URLs
# cannot fill it.
NOT_FOUND = LruStore("page-404s", max_entries=256)


def load_local(key: str) -> Entry | None:
    return LOCAL.get(key) or NOT_FOUND.get(key)


def load_shared(key: str) -> Entry | None:
    """The shared copy (``Unavailable`` when the cache is), kept locally too."""
    entry = shared.call("get", key)
    if isinstance(entry, Entry):
        LOCAL.put(key, entry)
        return entry
    return None


def save(key: str, entry: Entry, keep_seconds: int) -> None:
    if entry.status == 404:
        NOT_FOUND.put(key, entry)
        return
    LOCAL.put(key, entry)
    try:
        shared.call("set", key, entry, keep_seconds)
    except Unavailable:
        logger.debug("page not stored in the shared cache", exc_info=True)


def forget_local(key: str) -> None:
    LOCAL.pop(key)
    NOT_FOUND.pop(key)


def acquire_render_lock(key: str, seconds: int = 2) -> bool:
    """True for the one request that re-renders a stale page; the others serve the
    stale copy meanwhile (stale-while-revalidate, no dogpile after a purge)."""
    try:
        return bool(shared.call("add", LOCK_PREFIX + key, 1, seconds))
    except Unavailable:
        return True  # no shared cache: just render


def release_render_lock(key: str) -> None:
    try:
        shared.call("delete", LOCK_PREFIX + key)
    except Unavailable:
        logger.debug("could not release a page cache lock", exc_info=True)

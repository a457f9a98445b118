"""Generations: how a purge makes cached copies stale everywhere, and how a render
that overlaps a publication is kept from storing the old version.

Every purge tag has a *version*: the epoch of its latest purge. The epoch is one
counter in the shared cache; a purge ("bump") of some tags increments it and
sets their versions to the new epoch, in one step (a Lua script on Redis; under
a lock on a file:// or locmem:// cache). A cached page, fragment or memo records
the versions of its tags and is fresh while they are unchanged: purging a tag
is one write whatever the number of pages that carry it.

The protocol that keeps a publication from being undone by a render it overlaps:

1. Each request takes a ``Snapshot`` before it reads anything (the page-cache
   middleware does it first): the epoch this process knows, and the versions
   it knows as of that epoch.
2. A value built during the request may be kept only under versions no newer
   than that epoch (``Snapshot.storable``). A purge committed while the request
   was reading — its data possibly older than the commit — raised a version
   past the snapshot's epoch, so the value is served once and never stored.
3. For ``conf.replica_lag_seconds()`` after a purge, renders read the primary
   database (``read_primary``), so a lagging replica cannot refill a page either.

How each process learns of purges (its ``View``):

- On Redis, the bump publishes its epoch and tags on a channel that every
  process subscribes to; Redis writes the message to the subscribers before it
  answers the purging process. Each request first reads whatever messages
  arrived (a non-blocking read, no round trip): a request that follows a purge
  (a reader told of it, a Varnish fetch after the BAN) sees it. Consecutive
  epochs tell a missed message (a gap), and a lost connection is noticed: the
  process then forgets what it knew and reads the versions again.
- On a file:// or locmem:// cache (the demo, tests), each process re-reads the
  epoch at most every ``conf.poll_seconds()``.

An evicted or expired key can only cause a re-render: a missing version is
created at the current epoch (newer than any value it had), a missing epoch from
the clock in microseconds (larger than any count of purges since).
"""

from __future__ import annotations

import contextlib
import contextvars
import fcntl
import logging
import os
import select
import threading
import time
from pathlib import Path

from . import conf, shared
from .memo import register
from .shared import Unavailable

logger = logging.getLogger(__name__)

EPOCH = "pc:epoch"
BUMPED_AT = "pc:bumped-at"  # when the latest purge happened (microseconds)
VERSION = "pc:v:"
CHANNEL = "pc:bumps"
# Longer than anything that records a version lives (an entry: fresh + stale);
# every purge renews the epoch's.
KEEP_SECONDS = 3 * 24 * 3600
SUBSCRIBE_SECONDS = 0.5


def _now_us() -> int:
    return time.time_ns() // 1000


class CacheGenerations:
    """The generations in any Django cache; a bump holds ``lock`` (a file lock
    shared by the processes of one machine for file://)."""

    subscribable = False

    def __init__(self, cache, lock):
        self.cache = cache
        self.lock = lock

    def epoch(self) -> tuple[int, int]:
        """(epoch, when it was last bumped, in microseconds)."""
        found = self.cache.get_many([EPOCH, BUMPED_AT])
        epoch = found.get(EPOCH)
        if epoch is None:
            self.cache.add(EPOCH, _now_us(), KEEP_SECONDS)
            epoch = self.cache.get(EPOCH)
            if epoch is None:
                raise Unavailable("the cache keeps nothing (dummy://)")
        return int(epoch), int(found.get(BUMPED_AT) or 0)

    def versions(self, tags) -> dict[str, int]:
        keys = {VERSION + tag: tag for tag in tags}
        found = self.cache.get_many(list(keys))
        missing = [key for key in keys if found.get(key) is None]
        if missing:
            epoch, _at = self.epoch()
            for key in missing:
                self.cache.add(key, epoch, KEEP_SECONDS)
            found.update(self.cache.get_many(missing))
            if any(found.get(key) is None for key in missing):
                raise Unavailable("the cache keeps nothing (dummy://)")
        return {tag: int(found[key]) for key, tag in keys.items()}

    def bump(self, tags) -> tuple[int, int]:
        with self.lock:
            epoch, _at = self.epoch()
            epoch, at = epoch + 1, _now_us()
            # The epoch first: a reader that sees a new version sees its epoch.
            self.cache.set(EPOCH, epoch, KEEP_SECONDS)
            self.cache.set(BUMPED_AT, at, KEEP_SECONDS)
            self.cache.set_many({VERSION + tag: epoch for tag in tags}, KEEP_SECONDS)
        return epoch, at


# KEYS: epoch, bumped-at, then one version key per tag; ARGV: the channel, the
# keys' lifetime, the tags (space-separated). Atomic: readers see all or none.
BUMP_SCRIPT = """
local t = redis.call('TIME')
local now = t[1] .. string.format('%06d', tonumber(t[2]))
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('SET', KEYS[1], now)
end
local epoch = string.format('%d', redis.call('INCR', KEYS[1]))
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('SET', KEYS[2], now, 'EX', ARGV[2])
for i = 3, #KEYS do
  redis.call('SET', KEYS[i], epoch, 'EX', ARGV[2])
end
redis.call('PUBLISH', ARGV[1], epoch .. ' ' .. now .. ' ' .. ARGV[3])
return {epoch, now}
"""


class RedisGenerations(CacheGenerations):
    """The generations in Redis: a bump is one script, announced on a channel."""

    subscribable = True

    def __init__(self, cache):
        super().__init__(cache, contextlib.nullcontext())
        self._script = None

    def _client(self):
        return self.cache._cache.get_client(None, write=True)

    def bump(self, tags) -> tuple[int, int]:
        if self._script is None:
            self._script = self._client().register_script(BUMP_SCRIPT)
        key = self.cache.make_and_validate_key
        keys = [key(EPOCH), key(BUMPED_AT), *(key(VERSION + tag) for tag in tags)]
        epoch, at = self._script(
            keys=keys,
            args=[key(CHANNEL), KEEP_SECONDS, " ".join(tags)],
            client=self._client(),
        )
        return int(epoch), int(at)

    def subscribe(self, timeout: float):
        """A subscription to the bumps' channel, confirmed by Redis."""
        pubsub = self._client().pubsub(ignore_subscribe_messages=False)
        pubsub.subscribe(self.cache.make_and_validate_key(CHANNEL))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = pubsub.get_message(timeout=max(0.0, deadline - time.monotonic()))
            if message is not None and message["type"] == "subscribe":
                return pubsub
        pubsub.close()
        raise Unavailable("no confirmation of the subscription")


class FileLock:
    """A lock shared by the processes of one machine (the bumps of a file://
    cache)."""

    def __init__(self, path: Path):
        self.path = path
        self._thread_lock = threading.Lock()

    def __enter__(self):
        self._thread_lock.acquire()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = open(self.path, "a")
        fcntl.flock(self._file, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        fcntl.flock(self._file, fcntl.LOCK_UN)
        self._file.close()
        self._thread_lock.release()


def generations_for(cache) -> CacheGenerations:
    from django.core.cache.backends.filebased import FileBasedCache
    from django.core.cache.backends.redis import RedisCache

    if isinstance(cache, RedisCache):
        return RedisGenerations(cache)
    if isinstance(cache, FileBasedCache):
        return CacheGenerations(cache, FileLock(Path(cache._dir) / ".bumps.lock"))
    return CacheGenerations(cache, threading.Lock())


class View:
    """What this process knows of the generations: the newest epoch it has seen
    and the versions as of that epoch (those not yet read are read when asked
    for). Shared by the process's threads."""

    name = "generations"
    max_entries = 50_000  # versions known; past that, read again as needed

    def __init__(self, store: CacheGenerations):
        self.store = store
        self.pid = os.getpid()
        self.epoch: int | None = None
        self.bumped_at = 0
        self.versions: dict[str, int] = {}
        self.checked = float("-inf")
        self.pubsub = None
        self.poller = None
        self.retry_at = 0.0
        # Reentrant: a purge delivered when the cache comes back (during sync).
        self.lock = threading.RLock()

    def sync(self) -> None:
        """Learn of the purges made since the last call: read the messages that
        arrived (no round trip); every ``conf.poll_seconds()`` also read the
        epoch (without a subscription, that is how purges are learnt; with one,
        it tells a hung Redis or a lost message). ``Unavailable`` when the
        shared cache is: nothing cached may be trusted then."""
        if not shared.available():
            raise Unavailable("the shared cache failed recently")
        with self.lock:
            now = time.monotonic()
            if self.pubsub is None and self.store.subscribable:
                if now >= self.retry_at:
                    try:
                        shared.guarded(self._subscribe)
                    except Unavailable:
                        self.retry_at = now + conf.breaker_seconds()
                        raise
            due = self.epoch is None or now - self.checked >= conf.poll_seconds()
            if self.pubsub is None:
                if due:
                    self._learn(*shared.guarded(self.store.epoch))
                return
            try:
                epoch, at = shared.guarded(self.store.epoch) if due else (0, 0)
                if due or self.poller.poll(0):
                    self._drain()
            except Exception as error:
                self._lost(error)
                raise Unavailable(str(error)) from error
            if due:
                # Redis wrote any message about this epoch before answering.
                if self.epoch is None or epoch > self.epoch:
                    self._learn(epoch, at)  # a message was lost: read again
                self.checked = now

    def _subscribe(self) -> None:
        # A hung Redis accepts the connection and never confirms: not long.
        pubsub = self.store.subscribe(timeout=SUBSCRIBE_SECONDS)
        epoch, at = self.store.epoch()  # after the confirmation: nothing missed
        # Whether a message is waiting, asked of the socket: ~1 µs, where
        # redis-py's get_message costs ~5 (the parser's buffer is empty once a
        # drain has read up to "nothing more").
        self.poller = select.poll()
        self.poller.register(pubsub.connection._sock, select.POLLIN | select.POLLERR)
        self.pubsub = pubsub
        self.versions = {}
        self.epoch, self.bumped_at = epoch, max(self.bumped_at, at)
        self.checked = time.monotonic()

    def _drain(self) -> None:
        while True:
            message = self.pubsub.get_message(timeout=0.0)
            if message is None:
                return
            if message["type"] == "message":
                epoch, at, *tags = message["data"].decode().split()
                self.apply(int(epoch), int(at), tags)

    def _lost(self, error) -> None:
        logger.warning("lost the purge channel (%s): reading generations again", error)
        self.forget()
        self.retry_at = time.monotonic() + conf.breaker_seconds()
        shared.trip(error)

    def forget(self) -> None:
        """Trust nothing known so far (a purge may have been missed)."""
        with contextlib.suppress(Exception):
            if self.pubsub is not None:
                self.pubsub.close()
        self.pubsub, self.epoch, self.versions = None, None, {}
        self.checked = float("-inf")

    def _learn(self, epoch: int, at: int) -> None:
        """The epoch read from the cache (no subscription)."""
        if epoch != self.epoch:
            self.versions = {}  # as of an older epoch: read them again
            self.epoch = epoch
        self.bumped_at = max(self.bumped_at, at)
        self.checked = time.monotonic()

    def apply(self, epoch: int, at: int, tags) -> None:
        """A bump, from the channel or made by this process."""
        self.bumped_at = max(self.bumped_at, at)
        if self.epoch is None:
            return
        if epoch <= self.epoch:  # known already; keep the newest version
            for tag in tags:
                if self.versions.get(tag, 0) < epoch:
                    self.versions[tag] = epoch
            return
        if epoch == self.epoch + 1:
            for tag in tags:
                self.versions[tag] = epoch
        else:  # a gap: a purge this process has not heard of
            self.versions = {}
        self.epoch = epoch

    def fetch(self, tags) -> dict[str, int]:
        """The tags' versions as the shared cache holds them now."""
        found = shared.guarded(self.store.versions, tags)
        if len(self.versions) > self.max_entries:
            self.versions = {}
        return found

    def clear(self) -> None:
        self.forget()

    def __len__(self) -> int:
        return len(self.versions)


class Snapshot:
    """The generations as a request found them before reading anything."""

    __slots__ = ("epoch", "view", "_known", "primary")

    def __init__(self, view: View, *, primary: bool = False, available=True):
        self.view = view
        self.epoch = view.epoch if available else None
        self._known = view.versions
        lag_us = conf.replica_lag_seconds() * 1_000_000
        self.primary = primary or not available or _now_us() - view.bumped_at < lag_us

    @property
    def available(self) -> bool:
        return self.epoch is not None

    def version_map(self, tags) -> dict[str, int] | None:
        """The tags' versions; None when the shared cache is unavailable."""
        if self.epoch is None:
            return None
        known = self._known
        found, missing = {}, []
        for tag in tags:
            version = known.get(tag)
            if version is None:
                missing.append(tag)
            else:
                found[tag] = version
        if missing:
            try:
                fetched = self.view.fetch(missing)
            except Unavailable:
                return None
            for tag, version in fetched.items():
                found[tag] = version
                if version <= self.epoch:
                    # True as of this epoch; never overwrites a newer one.
                    known.setdefault(tag, version)
        return found

    def versions(self, tags: tuple[str, ...]) -> tuple[int, ...] | None:
        found = self.version_map(tags)
        return None if found is None else tuple(found[tag] for tag in tags)

    def storable(self, versions) -> bool:
        """May a value built in this request be kept under these versions? Not if
        any tag was purged after the snapshot: the value may predate the purge."""
        if self.epoch is None or versions is None:
            return False
        values = versions.values() if isinstance(versions, dict) else versions
        return all(version <= self.epoch for version in values)

    def valid(self, stored: dict[str, int]) -> bool:
        """Are versions recorded with a cached value still current? (On every
        hit: the versions this process knows are compared in place.)"""
        if self.epoch is None:
            return False
        known = self._known
        for tag, version in stored.items():
            current = known.get(tag)
            if current is None:
                return self.version_map(stored) == stored
            if current != version:
                return False
        return True


_view: dict[str, View] = {}


class _Views:
    """The registry's handle on the per-process views (one per cache alias)."""

    name = "generation-views"
    max_entries = 4

    def clear(self) -> None:
        for view in _view.values():
            view.clear()
        _view.clear()

    def __len__(self) -> int:
        return len(_view)


register(_Views())


def get_view() -> View:
    alias = conf.alias()
    view = _view.get(alias)
    if view is None or view.pid != os.getpid():
        view = _view[alias] = View(generations_for(shared.cache()))
    return view


def take(*, primary: bool = False) -> Snapshot:
    view = get_view()
    try:
        view.sync()
    except Unavailable:
        return Snapshot(view, primary=True, available=False)
    return Snapshot(view, primary=primary)


_current: contextvars.ContextVar[Snapshot | None] = contextvars.ContextVar(
    "caravan_snapshot", default=None
)


@contextlib.contextmanager
def snapshot(*, primary: bool = False):
    """Take a snapshot for everything done inside (a request: the page-cache
    middleware opens one before anything is read)."""
    token = _current.set(take(primary=primary))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def current() -> Snapshot:
    """The request's snapshot, or outside one a new one (taken before whatever
    the caller is about to read)."""
    return _current.get() or take()


def in_snapshot() -> bool:
    return _current.get() is not None


def read_primary() -> bool:
    """Should reads go to the primary database (no snapshot: a command, the
    scheduler; an editor; a recent purge; the shared cache unavailable)?"""
    found = _current.get()
    return found is None or found.primary


def bump(tags) -> None:
    """Purge every cached copy carrying any of ``tags``. ``Unavailable`` if the
    shared cache is (the caller keeps the purge to retry it)."""
    tags = sorted(set(tags))
    if not tags:
        return
    for tag in tags:
        if not tag or any(c.isspace() for c in tag):
            raise ValueError(f"a purge tag has no spaces: {tag!r}")
    view = get_view()
    try:
        epoch, at = shared.guarded(view.store.bump, tags)
    except Unavailable:
        # This process may not trust its copies now: the purge is not in them.
        with view.lock:
            view.forget()
        raise
    with view.lock:
        view.apply(epoch, at, tags)
    logger.debug("purged tags %s (epoch %s)", tags, epoch)

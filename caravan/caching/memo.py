"""Every per-process memo, in one registry.

Two kinds, each with a name, a key, what invalidates it and a size bound:

- ``Memo``: values built from the database (the Site for a host, the home page of
  each language, navigation, settings, rendered cards, the suggestions index),
  kept while the versions of their purge tags are unchanged
  (``caravan.caching.generations``). A value is kept only if no purge of its
  tags happened since the request's snapshot was taken, before anything was
  read: a publication committed during a render never leaves the old value
  behind. Where the shared cache is unavailable, nothing is kept or trusted.
- ``memoised_function``: pure functions of their arguments and the settings
  (a static file's URL, a reversed URL, a translated string, a formatted date),
  an ``lru_cache`` cleared when settings change.

``clear_all()`` forgets everything (tests, settings changes). When a memo is
full it starts over: rebuilding costs what its first build did.
"""

from __future__ import annotations

import copy
import functools
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

from django.core.signals import setting_changed

logger = logging.getLogger(__name__)

_registry: dict[str, object] = {}


def register(memo) -> None:
    """Add a memo (anything with ``name``, ``max_entries``, ``clear()`` and
    ``__len__``); a second one with the same name replaces the first (a module
    reloaded in tests)."""
    _registry[memo.name] = memo


def memos() -> list:
    return list(_registry.values())


def clear_all() -> None:
    for memo in list(_registry.values()):
        memo.clear()


def _on_setting_changed(**kwargs) -> None:
    clear_all()


setting_changed.connect(_on_setting_changed, dispatch_uid="caravan-memos")


class Memo:
    """``build()``'s value per key, kept in this process while the versions of
    ``tags`` are unchanged, no longer than ``max_age`` seconds, and until the
    value's own ``expires(value)`` (a UNIX time or None: say, a future-dated
    article coming due, which nothing purges).

    Values are shared by the process's threads: callers treat them as
    read-only (``copies=True`` hands out copies of model instances a caller may
    change)."""

    def __init__(
        self,
        name: str,
        *,
        tags: tuple[str, ...] = ("chrome",),
        max_entries: int = 1000,
        max_age: float = 300.0,
        expires: Callable[[object], float | None] | None = None,
        copies: bool = False,
    ):
        self.name = name
        self.tags = tuple(tags)
        self.max_entries = max_entries
        self.max_age = max_age
        self.expires = expires
        self.copies = copies
        self._data: dict[Hashable, tuple[tuple, float, object]] = {}
        register(self)

    def get(
        self, key: Hashable, build: Callable[[], object], *, tags=None, snapshot=None
    ):
        """``tags``: the purge tags of this key, when they depend on it (the
        memo's own otherwise)."""
        snapshot = snapshot or generations.current()
        tags = tuple(tags) if tags else self.tags
        versions = snapshot.versions(tags)
        if versions is None:  # nothing can tell us of a change: build afresh
            return self._out(build())
        entry = self._data.get(key)
        now = time.monotonic()
        if (
            entry is not None
            and entry[0] == versions
            and now - entry[1] < self.max_age
            and not self._expired(entry[2])
        ):
            return self._out(entry[2])
        value = build()
        # Versions read again: a purge this process learnt of while building.
        if snapshot.storable(versions) and snapshot.versions(tags) == versions:
            if len(self._data) >= self.max_entries:
                self._data.clear()
            self._data[key] = (versions, now, value)
        return self._out(value)

    def peek(self, key: Hashable, snapshot=None):
        """The value if it is kept and still valid, else None; never builds (the
        WSGI fast path, which must not touch the database)."""
        entry = self._data.get(key)
        if entry is None:
            return None
        versions = (snapshot or generations.current()).versions(self.tags)
        if versions != entry[0] or time.monotonic() - entry[1] >= self.max_age:
            return None
        return self._out(entry[2])

    def _expired(self, value) -> bool:
        until = self.expires(value) if self.expires is not None else None
        return until is not None and time.time() >= until

    def _out(self, value):
        return _copy(value) if self.copies else value

    def clear(self) -> None:
        self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


def _copy(instance):
    """What copy.copy gives for a model instance (its __getstate__: the fields, a
    copy of _state and its cache), without pickling's round about way."""
    getstate = getattr(instance, "__getstate__", None)
    if getstate is None:
        return copy.copy(instance)
    result = instance.__class__.__new__(instance.__class__)
    result.__dict__.update(getstate())
    return result


class _FunctionMemo:
    def __init__(self, name, function, max_entries):
        self.name = name
        self.function = function
        self.max_entries = max_entries

    def clear(self) -> None:
        self.function.cache_clear()

    def __len__(self) -> int:
        return self.function.cache_info().currsize


def memoised_function(name: str, max_entries: int):
    """``functools.lru_cache(max_entries)`` for a pure function of its arguments
    and the settings, registered (cleared with the others, and when settings
    change)."""

    def decorate(function):
        cached = functools.lru_cache(maxsize=max_entries)(function)
        register(_FunctionMemo(name, cached, max_entries))
        return cached

    return decorate


class Store:
    """A registered dict-like memo whose owner checks validity itself (the page
    entries and fragments each carry their own versions)."""

    def __init__(self, name: str, max_entries: int):
        self.name = name
        self.max_entries = max_entries
        self.data: dict = {}
        register(self)

    def get(self, key):
        return self.data.get(key)

    def put(self, key, value) -> None:
        if key not in self.data and len(self.data) >= self.max_entries:
            self.data.clear()
        self.data[key] = value

    def pop(self, key) -> None:
        self.data.pop(key, None)

    def clear(self) -> None:
        self.data.clear()

    def __len__(self) -> int:
        return len(self.data)


class LruStore(Store):
    """A ``Store`` that drops its least recently used entry when full, for
    entries worth keeping by use (cached pages)."""

    def __init__(self, name: str, max_entries: int):
        super().__init__(name, max_entries)
        self.data = OrderedDict()

    def get(self, key):
        value = self.data.get(key)
        if value is not None:
            self.data.move_to_end(key)
        return value

    def put(self, key, value) -> None:
        self.data[key] = value
        self.data.move_to_end(key)
        while len(self.data) > self.max_entries:
            self.data.popitem(last=False)


# Last: generations registers its views here (a circle at import time only).
from . import generations  # noqa: E402

"""The shared cache (Redis in production), behind a circuit breaker.

When a call fails — refused, timed out, a hung server — this process stops
calling it for ``conf.breaker_seconds()`` and every caller falls back (pages
render from the database, memos build afresh): a request waits at most one
socket timeout per interval, not one per cache call. The next call after the
interval tries again; when it succeeds, the callbacks registered with
``on_recovery`` run first (purges made during the outage are delivered, the
generations re-read) and only then is the cache trusted again.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache import caches

from . import conf

logger = logging.getLogger(__name__)


class Unavailable(Exception):
    """The shared cache cannot be used now; the caller falls back."""


_state = {"open_until": 0.0, "failed": False}
_recovery: list = []
_lock = threading.Lock()
_thread = threading.local()  # set while this thread runs the recovery callbacks


def cache():
    return caches[conf.alias()]


def on_recovery(callback) -> None:
    """Run ``callback()`` when the cache answers again after failing (in the
    process that sees it first; each process sees it)."""
    if callback not in _recovery:
        _recovery.append(callback)


def available() -> bool:
    return time.monotonic() >= _state["open_until"]


def call(method: str, *args, **kwargs):
    """``cache().<method>(...)``, or ``Unavailable`` while the breaker is open or
    when the call fails (which opens it)."""
    if time.monotonic() < _state["open_until"]:
        raise Unavailable("the shared cache failed recently")
    try:
        result = getattr(cache(), method)(*args, **kwargs)
    except Exception as error:
        trip(error)
        raise Unavailable(str(error)) from error
    return _checked(result)


def guarded(function, *args, **kwargs):
    """``function(*args, **kwargs)`` (several cache calls, or a raw client's) under
    the breaker, like ``call``."""
    if time.monotonic() < _state["open_until"]:
        raise Unavailable("the shared cache failed recently")
    try:
        result = function(*args, **kwargs)
    except Unavailable:
        raise
    except Exception as error:
        trip(error)
        raise Unavailable(str(error)) from error
    return _checked(result)


def _checked(result):
    """A backend that fails open (caravan.caching.redis_cache) answers a miss
    and opens the breaker instead of raising: that answer is not to be trusted."""
    if not available():
        raise Unavailable("the shared cache failed")
    if _state["failed"]:
        _recover()
    return result


def trip(error) -> None:
    """Open the breaker: leave the cache alone for a while."""
    if not _state["failed"]:
        logger.warning(
            "shared cache unavailable (%s): serving from the database for %s s",
            error,
            conf.breaker_seconds(),
        )
    _state["failed"] = True
    _state["open_until"] = time.monotonic() + conf.breaker_seconds()


def _recover() -> None:
    if getattr(_thread, "recovering", False):
        return  # a callback's own cache calls
    with _lock:
        if not _state["failed"]:
            return
        _thread.recovering = True
        try:
            for callback in list(_recovery):
                callback()
        except Exception as error:
            logger.warning("shared cache recovery failed: %s", error)
            _state["open_until"] = time.monotonic() + conf.breaker_seconds()
            raise Unavailable("recovery failed") from error
        finally:
            _thread.recovering = False
        _state["failed"] = False
        logger.warning("shared cache available again")


def reset() -> None:
    """Close the breaker (tests)."""
    _state.update(open_until=0.0, failed=False)

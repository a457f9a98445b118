"""Whole-response cache for anonymous GET/HEAD requests of public pages.

Stored once, gzip-compressed; served as stored to clients that accept gzip and
decompressed for those that do not. Answers conditional requests with 304. Never
caches or serves cached pages to editors (``keys.is_editor``), previews, the
admin, non-GET methods, responses that set cookies (CSRF) or are not 200/404.
A page whose render fails (say, the database is down) is served stale.

Every request first takes a generations snapshot (``caravan.caching.generations``)
before anything reads the database: a page rendered while a purge of one of its
tags happened is answered but never stored (``PASS``). When the shared cache is
unavailable, pages render from the database and are kept nowhere in the app.

Place it right after WhiteNoise (static files never reach it), before the session
and locale middleware, so a hit costs no database query and almost no Python.
"""

from __future__ import annotations

import logging
import time

from . import conf, entries, generations, keys, slots
from .answers import from_entry, passed, response_is_cacheable, to_entry
from .shared import Unavailable
from .tags import request_tags

logger = logging.getLogger(__name__)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cacheable = keys.request_is_cacheable(request)
        # Editors and forms may read their own writes: never a lagging replica.
        with generations.snapshot(primary=not cacheable) as snapshot:
            if not cacheable:
                return self._uncached(request)
            return self._cached(request, snapshot)

    def _uncached(self, request):
        response = self.get_response(request)
        if request.method in ("GET", "HEAD") and not response.has_header(
            "Cache-Control"
        ):
            response["Cache-Control"] = "private, no-cache"
        return response

    def _cached(self, request, snapshot):
        keys.prepare(request)
        try:
            local = keys.local_now()
            found = keys.key_for(request, local.date())
        except Exception:
            logger.warning("page cache key failed", exc_info=True)
            found = None
        if found is None:
            return self.get_response(request)
        key, shape = found
        now = time.time()
        entry, fresh = self._lookup(key, snapshot, now)
        if entry is not None and not entry.read <= shape:
            # Made for a request without a parameter this page turned out to
            # read: look again with that parameter in the key.
            shape = keys.learn_shape(request, entry.read)
            key, shape = keys.key_for(request, local.date(), shape)
            entry, fresh = self._lookup(key, snapshot, now)
            if entry is not None and not entry.read <= shape:
                entry, fresh = None, False
        if fresh:
            return from_entry(request, entry, "HIT", now, _filled(entry, snapshot))
        locked = False
        if entry is not None:
            locked = entries.acquire_render_lock(key)
            if not locked:
                # Another request is re-rendering this page: serve the stale copy.
                return from_entry(
                    request, entry, "STALE", now, _filled(entry, snapshot)
                )
        try:
            request._cache_tags = set()
            request._slot_includes = True  # slots as includes (caching.slots)
            response = self.get_response(request)
            return self._store_or_fallback(
                request, response, entry, snapshot, now, local
            )
        finally:
            if locked:
                entries.release_render_lock(key)

    def _lookup(self, key, snapshot, now):
        """(entry, fresh): an entry that is not fresh may still be served stale."""
        entry = entries.load_local(key)
        if entry is not None and _fresh(entry, snapshot, now):
            return entry, True
        if snapshot.available:
            try:
                found = entries.load_shared(key)
            except Unavailable:
                found = None
            if found is not None:
                entry = found
                if _fresh(entry, snapshot, now):
                    return entry, True
        return entry, False

    def _store_or_fallback(self, request, response, stale, snapshot, now, local):
        if response.status_code >= 500 and stale is not None:
            logger.warning(
                "serving a stale page for %s after a %s",
                request.path,
                response.status_code,
            )
            return from_entry(request, stale, "STALE", now, _filled(stale, snapshot))
        if not response_is_cacheable(request, response):
            if not response.has_header("Cache-Control"):
                response["Cache-Control"] = "private, no-cache"
            return _assembled(response, snapshot)
        tags = request_tags(request, response)
        read = keys.params_read(request)
        versions = snapshot.version_map(tags)
        if versions is None:
            # No shared cache: rendered from the database, kept nowhere here.
            # Varnish may keep it: purges still reach it (caching.outbox).
            entry = to_entry(
                request, response, now, local, dict.fromkeys(tags, 0), read
            )
            return from_entry(request, entry, "MISS", now, _filled(entry, snapshot))
        if not snapshot.storable(versions):
            return passed(_assembled(response, snapshot))
        entry = to_entry(request, response, now, local, versions, read)
        # Learnt before storing: no lookup may miss the parameters it reads.
        keys.learn_shape(request, read)
        key, _shape = keys.key_for(request, local.date(), read)
        keep = int(entry.fresh_until - now) + conf.stale_seconds()
        entries.save(key, entry, keep)
        return from_entry(request, entry, "MISS", now, _filled(entry, snapshot))


def _fresh(entry, snapshot, now) -> bool:
    return entry.is_fresh(now) and snapshot.valid(entry.versions)


def _filled(entry, snapshot) -> tuple[str, ...]:
    return slots.contents(entry.slots, snapshot) if entry.slots else ()


def _assembled(response, snapshot):
    """A response that is not kept, its slots' includes replaced by their HTML."""
    if response.streaming or b"<esi:include" not in response.content:
        return response
    found = slots.refs(response.content)
    if found:
        response.content = slots.assemble(
            response.content, slots.contents(found, snapshot)
        )
        if response.has_header("Content-Length"):
            # Set by CommonMiddleware for the body with its includes: a stale
            # length makes the server cut the page short.
            response["Content-Length"] = str(len(response.content))
    return response

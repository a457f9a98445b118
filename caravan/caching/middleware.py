"""Whole-response cache for anonymous GET/HEAD requests of public pages.

Stored once, gzip-compressed; served as stored to clients that accept gzip and
decompressed for those that do not. Answers conditional requests with 304. Never
caches or serves cached pages to requests carrying a session cookie (editors), to
previews, the admin, non-GET methods, responses that set cookies (CSRF) or are not
200/404. A page whose render fails (say, the database is down) is served stale.

Place it right after WhiteNoise (static files never reach it), before the session
and locale middleware, so a hit costs no database query and almost no Python.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import logging
import re
import time
import zoneinfo
from email.utils import formatdate, parsedate_to_datetime

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import cc_delim_re

from caravan.web.db.router import primary_only

from . import conf, store
from .tags import request_tags

logger = logging.getLogger(__name__)

CACHEABLE_TYPES = (
    "text/html",
    "application/json",
    "application/xml",
    "text/xml",
    "application/rss+xml",
    "application/atom+xml",
    "text/csv",
    "text/plain",
)
# Headers the cache sets itself on every answer.
OWN_HEADERS = {
    "content-length",
    "content-encoding",
    "etag",
    "last-modified",
    "cache-control",
    "surrogate-control",
    "vary",
    "date",
    "expires",
    "x-cache",
    "age",
}
MAX_BODY = 4 * 1024 * 1024
MAX_QUERY = 1024
NO_CACHE_DIRECTIVES = re.compile(r"\b(private|no-store|no-cache)\b")
MAX_AGE = re.compile(r"\bmax-age=(\d+)")


# --- the site's local date (the masthead shows it: part of every key) ---

_tz_cache: dict[str, object] = {"tz": None, "until": 0.0}


def site_timezone():
    now = time.monotonic()
    if _tz_cache["tz"] is not None and now < _tz_cache["until"]:
        return _tz_cache["tz"]
    tz = _tz_cache["tz"] or zoneinfo.ZoneInfo("Asia/Almaty")
    try:
        from caravan.core.models import SiteSettings

        name = (
            SiteSettings.objects.filter(site__is_default_site=True)
            .values_list("time_zone", flat=True)
            .first()
        )
        if name:
            tz = zoneinfo.ZoneInfo(name)
    except Exception:  # database down or not migrated: keep the last known zone
        logger.debug("site time zone unavailable", exc_info=True)
    _tz_cache.update(tz=tz, until=now + 60)
    return tz


def forget_site_timezone() -> None:
    """Read the zone from the database again on the next request."""
    _tz_cache.update(tz=None, until=0.0)


def known_timezone():
    """The site's zone if it was read less than a minute ago, else None (without
    touching the database: the WSGI fast path then leaves the request to Django)."""
    if time.monotonic() < _tz_cache["until"]:
        return _tz_cache["tz"]
    return None


def local_now() -> dt.datetime:
    return dt.datetime.now(site_timezone())


def seconds_to_midnight(now: dt.datetime) -> int:
    tomorrow = (now + dt.timedelta(days=1)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return max(1, int((tomorrow - now).total_seconds()))


# --- which requests and responses are cacheable ---


def request_is_cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if not conf.enabled():
        return False
    path = request.path_info
    if path.startswith(conf.skip_prefixes()):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # editors (and anyone with a session) always get a fresh page
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY:
        return False
    return True


def response_is_cacheable(request, response) -> bool:
    if response.status_code not in (200, 404) or response.streaming:
        return False
    if response.cookies or response.has_header("Set-Cookie"):
        return False
    if getattr(request, "is_preview", False) or getattr(request, "_cache_skip", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return False
    if NO_CACHE_DIRECTIVES.search(response.get("Cache-Control", "")):
        return False
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type not in CACHEABLE_TYPES:
        return False
    if "*" in response.get("Vary", ""):
        return False
    return len(response.content) <= MAX_BODY


def language_for(request) -> str:
    """The language the response will be in: from the URL prefix, else what
    LocaleMiddleware would pick (cookie, Accept-Language) — at most one entry per
    supported language."""
    return translation.get_language_from_path(
        request.path_info
    ) or translation.get_language_from_request(request, check_path=False)


def key_parts(request) -> str | None:
    """What tells cached copies apart, except the date; None for a disallowed Host
    (Django answers 400)."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    return "|".join(
        (
            request.scheme,
            host,
            request.path,
            request.META.get("QUERY_STRING", ""),
            language_for(request),
        )
    )


def key_for(request, day: dt.date) -> str | None:
    parts = key_parts(request)
    if parts is None:
        return None
    return store.entry_key(f"{parts}|{day.isoformat()}")


# --- building the answers ---


def accepts_gzip(meta) -> bool:
    """meta: request.META or a WSGI environ (the same mapping)."""
    return "gzip" in meta.get("HTTP_ACCEPT_ENCODING", "")


def etag_for(entry: store.Entry, gzipped: bool) -> str:
    return f'"{entry.etag}{"-gz" if gzipped else ""}"'


def not_modified(meta, entry: store.Entry) -> bool:
    inm = meta.get("HTTP_IF_NONE_MATCH")
    if inm is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or bool(
            tags & {etag_for(entry, True), etag_for(entry, False)}
        )
    ims = meta.get("HTTP_IF_MODIFIED_SINCE")
    if ims:
        try:
            return parsedate_to_datetime(ims).timestamp() >= int(entry.created)
        except (TypeError, ValueError):
            return False
    return False


def cache_control(entry: store.Entry, now: float) -> tuple[str, str]:
    """(Cache-Control, Surrogate-Control): browsers revalidate after a minute (they
    cannot be purged); Varnish/CDNs keep the page as long as we do (they are purged)
    and may serve it stale while revalidating or when we fail."""
    if entry.status != 200:
        seconds = max(0, int(entry.fresh_until - now))
        return f"public, max-age={seconds}", f"max-age={seconds}"
    remaining = max(0, int(entry.fresh_until - now))
    swr, sie = 30, conf.stale_seconds()
    browser = min(conf.browser_seconds(), remaining)
    return (
        f"public, max-age={browser}, stale-while-revalidate={swr}, "
        f"stale-if-error={sie}",
        f"max-age={remaining}, stale-while-revalidate={swr}, stale-if-error={sie}",
    )


def _patch_vary(current: str | None, names) -> str:
    """django.utils.cache.patch_vary_headers on a plain value."""
    vary = cc_delim_re.split(current) if current is not None else []
    existing = {name.lower() for name in vary}
    vary += [name for name in names if name.lower() not in existing]
    return "*" if "*" in vary else ", ".join(vary)


# Identity (decompressed) bodies up to this size are kept with the entry's answers.
KEEP_IDENTITY_BODY = 256 * 1024


def hit_answer(meta, entry: store.Entry, state: str, now: float):
    """(status, headers, body) of an answer from the cache, headers as a tuple of
    (name, value) in the order Django sends them. Shared by PageCacheMiddleware and
    the WSGI fast path (caravan/caching/fastpath.py), so both answer the same.

    An answer depends on the entry, the encoding, 304 or not, the state, and the
    whole seconds left (Cache-Control): it is built once per such combination and
    second, and kept on the entry in this process (never pickled)."""
    gzipped = accepts_gzip(meta)
    not_mod = state != "STALE" and entry.status == 200 and not_modified(meta, entry)
    remaining = max(0, int(entry.fresh_until - now))
    memo = entry.__dict__.get("_answers")
    if memo is None:
        memo = entry.__dict__["_answers"] = {}
    variant = (gzipped, not_mod, state)
    answer = memo.get(variant)
    if answer is None or answer[0] != remaining:
        answer = memo[variant] = (remaining, *_build_answer(entry, *variant, now))
    _, status, headers, body = answer
    if body is None:  # a large identity body: not kept
        body = gzip.decompress(entry.gzip_body)
    if meta.get("REQUEST_METHOD") == "HEAD":
        body = b""
    return status, headers, body


def _build_answer(entry: store.Entry, gzipped: bool, not_mod: bool, state, now):
    # Keyed by lower-case name, in insertion order (like HttpResponse's headers).
    headers = {"content-type": ("Content-Type", _default_content_type())}
    if not_mod:
        status, body, has_cache_control = 304, b"", False
    else:
        status = entry.status
        body = entry.gzip_body if gzipped else gzip.decompress(entry.gzip_body)
        for name, value in entry.headers:
            headers[name.lower()] = (name, value)
        if gzipped:
            headers["content-encoding"] = ("Content-Encoding", "gzip")
        headers["content-length"] = ("Content-Length", str(len(body)))
        has_cache_control = any(
            name.lower() == "cache-control" for name, _ in entry.headers
        )
    headers["etag"] = ("ETag", etag_for(entry, gzipped))
    headers["last-modified"] = (
        "Last-Modified",
        formatdate(entry.created, usegmt=True),
    )
    browser, surrogate = cache_control(entry, now)
    if not has_cache_control:  # the view's own choice wins
        headers["cache-control"] = ("Cache-Control", browser)
    headers["surrogate-control"] = ("Surrogate-Control", surrogate)
    headers["x-cache"] = ("X-Cache", state)
    tags = " ".join(sorted(entry.generations))
    if tags:
        headers["x-cache-tags"] = ("X-Cache-Tags", tags)
    current = headers.get("vary")
    vary = _patch_vary(current and current[1], ("Accept-Encoding", "Cookie"))
    for name, value in entry.headers:
        if name.lower() == "vary":
            vary = _patch_vary(vary, [v.strip() for v in value.split(",")])
    headers["vary"] = ("Vary", vary)
    if not gzipped and len(body) > KEEP_IDENTITY_BODY:
        body = None
    return status, tuple(headers.values()), body


def _default_content_type() -> str:
    return f"text/html; charset={settings.DEFAULT_CHARSET}"


def from_entry(request, entry: store.Entry, state: str, now: float) -> HttpResponse:
    status, headers, body = hit_answer(request.META, entry, state, now)
    response = HttpResponse(body, status=status)
    for name, value in headers:
        response[name] = value
    return response


def to_entry(request, response, now: float, local: dt.datetime) -> store.Entry:
    body = response.content
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in OWN_HEADERS or name.lower() in ("vary", "cache-control")
    ]
    if response.status_code == 200:
        seconds = conf.fresh_seconds()
        view_max_age = MAX_AGE.search(response.get("Cache-Control", ""))
        if view_max_age:
            seconds = min(seconds, int(view_max_age.group(1)))
    else:
        seconds = conf.not_found_seconds()
    # The masthead shows today's date: never keep a page past local midnight.
    seconds = min(seconds, seconds_to_midnight(local))
    tags = request_tags(request, response)
    return store.Entry(
        status=response.status_code,
        headers=headers,
        gzip_body=gzip.compress(body, compresslevel=9, mtime=0),
        raw_length=len(body),
        etag=hashlib.md5(body, usedforsecurity=False).hexdigest()[:20],
        created=now,
        fresh_until=now + seconds,
        generations=store.generations_for_store(tags),
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_is_cacheable(request):
            with primary_only():  # may read its own writes: never a lagging replica
                response = self.get_response(request)
            if request.method in ("GET", "HEAD") and not response.has_header(
                "Cache-Control"
            ):
                response["Cache-Control"] = "private, no-cache"
            return response
        try:
            local = local_now()
            key = key_for(request, local.date())
        except Exception:
            logger.warning("page cache key failed", exc_info=True)
            key = None
        if key is None:
            return self.get_response(request)
        now = time.time()
        entry, valid = self._lookup(key, now)
        if entry is not None and valid:
            return from_entry(request, entry, "HIT", now)
        locked = False
        if entry is not None:
            locked = store.acquire_render_lock(key)
            if not locked:
                # Another request is re-rendering this page: serve the stale copy.
                return from_entry(request, entry, "STALE", now)
        try:
            request._cache_tags = set()
            response = self.get_response(request)
            return self._store_or_fallback(request, response, key, entry, now, local)
        finally:
            if locked:
                store.release_render_lock(key)

    def _lookup(self, key, now):
        try:
            entry = store.load(key)
            if entry is None:
                return None, False
            if entry.is_fresh(now) and store.generations_match(entry):
                return entry, True
            # This process's copy may be older than the shared one.
            store._local.data.pop(key, None)
            shared = store.load(key)
            if shared is not None and shared is not entry:
                entry = shared
                if entry.is_fresh(now) and store.generations_match(entry):
                    return entry, True
            return entry, False
        except Exception:
            logger.warning("page cache unavailable", exc_info=True)
            return None, False

    def _store_or_fallback(self, request, response, key, stale, now, local):
        if response.status_code >= 500 and stale is not None:
            logger.warning(
                "serving a stale page for %s after a %s",
                request.path,
                response.status_code,
            )
            return from_entry(request, stale, "STALE", now)
        if not response_is_cacheable(request, response):
            if not response.has_header("Cache-Control"):
                response["Cache-Control"] = "private, no-cache"
            return response
        try:
            entry = to_entry(request, response, now, local)
            keep = int(entry.fresh_until - now) + conf.stale_seconds()
            store.save(key, entry, keep)
        except Exception:
            logger.warning("page cache store failed", exc_info=True)
            return response
        return from_entry(request, entry, "MISS", now)

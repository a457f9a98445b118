"""Cached pages as answers: an ``Entry`` made from a response, and the status,
headers and body sent for it. Shared by ``PageCacheMiddleware`` and the WSGI
fast path (``caravan.caching.fastpath``), so both answer alike.

``X-Cache`` says how an answer came: ``HIT`` (fresh copy), ``MISS`` (rendered
and stored), ``STALE`` (an old copy, while another request re-renders it or the
render failed), ``PASS`` (rendered, not stored: a purge happened while it was
rendering). Only fresh copies may be kept downstream: ``STALE`` and ``PASS``
tell Varnish and CDNs ``Surrogate-Control: no-store``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import re
import zlib
from email.utils import formatdate, parsedate_to_datetime

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import cc_delim_re

from . import conf, slots
from .entries import Entry
from .keys import seconds_to_midnight

CACHEABLE_TYPES = (
    "text/html",
    "application/json",
    "application/xml",
    "text/xml",
    "application/rss+xml",
    "application/atom+xml",
    "text/csv",
    "text/plain",
    # Podcast episodes' JSON chapters and WebVTT transcripts (page routes).
    "application/json+chapters",
    "text/vtt",
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
    "x-cache-tags",
    "age",
}
MAX_BODY = 4 * 1024 * 1024
NO_CACHE_DIRECTIVES = re.compile(r"\b(private|no-store|no-cache)\b")
MAX_AGE = re.compile(r"\bmax-age=(\d+)")
# A view may keep browsers shorter than the caches that are purged (a live blog:
# max-age=0 for browsers, s-maxage for the page cache and Varnish).
SHARED_MAX_AGE = re.compile(r"\bs-maxage=(\d+)")
NO_STORE = "no-store"


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


def accepts_gzip(meta) -> bool:
    """meta: request.META or a WSGI environ (the same mapping)."""
    return "gzip" in meta.get("HTTP_ACCEPT_ENCODING", "")


def etag_for(entry: Entry, gzipped: bool, filled: tuple[str, ...] = ()) -> str:
    """The body's tag: the stored body's, and what fills its slots."""
    slots = f"-{zlib.crc32(chr(0).join(filled).encode()):08x}" if filled else ""
    return f'"{entry.etag}{slots}{"-gz" if gzipped else ""}"'


def not_modified(meta, entry: Entry, filled: tuple[str, ...] = ()) -> bool:
    inm = meta.get("HTTP_IF_NONE_MATCH")
    if inm is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or bool(
            tags & {etag_for(entry, True, filled), etag_for(entry, False, filled)}
        )
    ims = meta.get("HTTP_IF_MODIFIED_SINCE")
    if ims:
        try:
            return parsedate_to_datetime(ims).timestamp() >= int(entry.created)
        except (TypeError, ValueError):
            return False
    return False


def cache_control(entry: Entry, state: str, now: float) -> tuple[str, str]:
    """(Cache-Control, Surrogate-Control): browsers revalidate after a minute (they
    cannot be purged); Varnish/CDNs keep a fresh page as long as we do (they are
    purged) and may serve it stale while revalidating or when we fail. A stale
    answer is never kept downstream."""
    if state == "STALE":
        return "public, max-age=0, must-revalidate", NO_STORE
    remaining = max(0, int(entry.fresh_until - now))
    if entry.status != 200:
        return f"public, max-age={remaining}", f"max-age={remaining}"
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


def hit_answer(meta, entry: Entry, state: str, now: float, filled=()):
    """(status, headers, body) of an answer from the cache, headers as a tuple of
    (name, value) in the order Django sends them. ``filled``: the current HTML
    of the entry's slots, put in its body — unless the cache in front (Varnish)
    assembles them itself.

    An answer depends on the entry, the encoding, 304 or not, the state, the
    slots' HTML and the whole seconds left (Cache-Control): it is built once per
    such combination and second, and kept on the entry in this process (never
    pickled)."""
    esi = bool(entry.slots) and slots.esi_capable(meta)
    if esi or not entry.slots:
        filled = ()
    # Varnish assembles and compresses pages with slots itself.
    gzipped = accepts_gzip(meta) and not esi
    not_mod = (
        state != "STALE" and entry.status == 200 and not_modified(meta, entry, filled)
    )
    remaining = max(0, int(entry.fresh_until - now))
    memo = entry.__dict__.get("_answers")
    if memo is None or len(memo) > 16:  # old slot contents: start over
        memo = entry.__dict__["_answers"] = {}
    variant = (gzipped, not_mod, state, esi, filled)
    answer = memo.get(variant)
    if answer is None or answer[0] != remaining:
        answer = memo[variant] = (remaining, *_build_answer(entry, *variant, now))
    _, status, headers, body = answer
    if body is None:  # a large identity body: not kept
        body = gzip.decompress(entry.gzip_body)
    if meta.get("REQUEST_METHOD") == "HEAD":
        body = b""
    return status, headers, body


def _body(entry: Entry, gzipped: bool, filled) -> bytes:
    if entry.slots and not filled:  # for Varnish: the includes as they are
        return gzip.decompress(entry.gzip_body)
    if not entry.slots:
        return entry.gzip_body if gzipped else gzip.decompress(entry.gzip_body)
    body = slots.assemble(gzip.decompress(entry.gzip_body), filled)
    return gzip.compress(body, compresslevel=6, mtime=0) if gzipped else body


def _build_answer(entry: Entry, gzipped: bool, not_mod: bool, state, esi, filled, now):
    # Keyed by lower-case name, in insertion order (like HttpResponse's headers).
    headers = {"content-type": ("Content-Type", _default_content_type())}
    if not_mod:
        status, body, has_cache_control = 304, b"", False
    else:
        status = entry.status
        body = _body(entry, gzipped, filled)
        for name, value in entry.headers:
            headers[name.lower()] = (name, value)
        if gzipped:
            headers["content-encoding"] = ("Content-Encoding", "gzip")
        headers["content-length"] = ("Content-Length", str(len(body)))
        has_cache_control = any(
            name.lower() == "cache-control" for name, _ in entry.headers
        )
    headers["etag"] = ("ETag", etag_for(entry, gzipped, filled))
    headers["last-modified"] = (
        "Last-Modified",
        formatdate(entry.created, usegmt=True),
    )
    browser, surrogate = cache_control(entry, state, now)
    if not has_cache_control or state == "STALE":  # else the view's own choice
        headers["cache-control"] = ("Cache-Control", browser)
    if esi:
        surrogate = f'content="ESI/1.0", {surrogate}'
    headers["surrogate-control"] = ("Surrogate-Control", surrogate)
    headers["x-cache"] = ("X-Cache", state)
    # For Varnish's BANs only (it strips the header): not sent without Varnish.
    if state != "STALE" and entry.versions and conf.varnish_urls():
        headers["x-cache-tags"] = ("X-Cache-Tags", " ".join(sorted(entry.versions)))
    current = headers.get("vary")
    vary = _patch_vary(current and current[1], ("Accept-Encoding", "Cookie"))
    for name, value in entry.headers:
        if name.lower() == "vary":
            vary = _patch_vary(vary, [v.strip() for v in value.split(",")])
    headers["vary"] = ("Vary", vary)
    if not gzipped and len(body) > KEEP_IDENTITY_BODY and not entry.slots:
        body = None
    return status, tuple(headers.values()), body


def _default_content_type() -> str:
    return f"text/html; charset={settings.DEFAULT_CHARSET}"


def from_entry(
    request, entry: Entry, state: str, now: float, filled=()
) -> HttpResponse:
    status, headers, body = hit_answer(request.META, entry, state, now, filled)
    response = HttpResponse(body, status=status)
    for name, value in headers:
        response[name] = value
    return response


def passed(response):
    """A fresh render that must not be kept anywhere (a purge happened while it
    rendered: its data may predate the purge)."""
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    response["Surrogate-Control"] = NO_STORE
    response["X-Cache"] = "PASS"
    return response


def to_entry(
    request, response, now: float, local: dt.datetime, versions, read=frozenset()
) -> Entry:
    body = response.content
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in OWN_HEADERS or name.lower() in ("vary", "cache-control")
    ]
    if response.status_code == 200:
        seconds = conf.fresh_seconds()
        view_max_age = SHARED_MAX_AGE.search(
            response.get("Cache-Control", "")
        ) or MAX_AGE.search(response.get("Cache-Control", ""))
        if view_max_age:
            seconds = min(seconds, int(view_max_age.group(1)))
    else:
        seconds = conf.not_found_seconds()
    # The masthead shows today's date: never keep a page past local midnight.
    seconds = min(seconds, seconds_to_midnight(local))
    return Entry(
        status=response.status_code,
        headers=headers,
        gzip_body=gzip.compress(body, compresslevel=9, mtime=0),
        raw_length=len(body),
        etag=hashlib.md5(body, usedforsecurity=False).hexdigest()[:20],
        created=now,
        fresh_until=now + seconds,
        versions=versions,
        read=read,
        slots=slots.refs(body),
    )

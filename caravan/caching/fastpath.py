"""A WSGI fast path for page-cache hits, in front of Django.

A hit answered by PageCacheMiddleware still pays Django's handler: the request
object, the signals, the middleware chain, the response object. This wrapper
answers the same hits before all that: for a GET/HEAD whose page is in this
process's copy of the cache (entries.LOCAL), fresh, and whose tags' versions
are unchanged — after reading the purges announced since the last request
(generations.take) — it sends exactly what the middleware would
(answers.hit_answer: same status, body and headers, plus the headers
SecurityMiddleware adds in front of it). Everything else — a miss, a stale page, a session cookie, the admin,
previews, POST, a disallowed Host, an HTTP request that must be redirected to
HTTPS — goes to Django unchanged, which also fills the per-process copy.

The cache key is computed by the middleware's own code (keys.request_is_cacheable,
strip_undeclared, key_for) on a WSGIRequest, once per distinct set of the
request fields that enter it, then remembered: a repeated hit costs a
dictionary lookup.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from http import HTTPStatus

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.http import HttpResponse

from . import entries, generations, keys, slots
from .answers import hit_answer
from .memo import Store

logger = logging.getLogger(__name__)

# Middleware allowed before PageCacheMiddleware: the fast path reproduces what
# they do to a cached answer (SecurityMiddleware's headers; WhiteNoise only
# answers its own static files, which never reach the page cache).
SECURITY = "django.middleware.security.SecurityMiddleware"
ALLOWED_BEFORE = {SECURITY, "whitenoise.middleware.WhiteNoiseMiddleware"}
PAGE_CACHE = "caravan.caching.middleware.PageCacheMiddleware"
# The request fields the key (and whether the request may be served from the
# cache at all) depends on; the proxy's scheme header is added from settings.
KEY_FIELDS = (
    "wsgi.url_scheme",
    "HTTP_HOST",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "SERVER_NAME",
    "SERVER_PORT",
    "SCRIPT_NAME",
    "SCRIPT_URL",
    "REDIRECT_URL",
    "PATH_INFO",
    "QUERY_STRING",
    "HTTP_COOKIE",
    "HTTP_ACCEPT_LANGUAGE",
)
MEMO_SIZE = 10_000
MERGED_SIZE = 1_000
STATUS_LINES = {s.value: f"{s.value} {s.phrase}" for s in HTTPStatus}


class FastPath:
    """WSGI middleware: application = FastPath(get_wsgi_application())."""

    def __init__(self, application):
        self.application = application
        self._reset()
        setting_changed.connect(self._on_setting_changed, weak=False)

    def _on_setting_changed(self, **kwargs):
        self._reset()

    def _reset(self):
        # Registered memos: request fields -> key; the answer's headers with
        # SecurityMiddleware's; SecurityMiddleware's per scheme.
        self._memo = Store("fastpath-keys", MEMO_SIZE)
        self._merged = Store("fastpath-headers", MERGED_SIZE)
        self._security: dict[bool, list[tuple[str, str]]] = {}
        chain = list(settings.MIDDLEWARE)
        self.enabled = (
            PAGE_CACHE in chain
            and set(chain[: chain.index(PAGE_CACHE)]) <= ALLOWED_BEFORE
        )
        self._with_security = SECURITY in chain
        proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
        self._fields = KEY_FIELDS + ((proxy[0],) if proxy else ())

    def __call__(self, environ, start_response):
        try:
            answer = self.answer(environ) if self.enabled else None
        except Exception:  # never worse than Django: let it answer
            logger.warning("page cache fast path failed", exc_info=True)
            answer = None
        if answer is None:
            return self.application(environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        return [body]

    def answer(self, environ):
        """(status line, headers, body) for a fresh hit, else None."""
        method = environ.get("REQUEST_METHOD")
        if method != "GET" and method != "HEAD":
            return None
        snapshot = generations.take()  # the purges announced since the last request
        if not snapshot.available:
            return None
        tz = keys.known_timezone(snapshot)
        if tz is None:  # read by Django (a database query)
            return None
        day = dt.datetime.now(tz).date()
        get = environ.get
        signature = (day, keys.shapes_version(), *[get(name) for name in self._fields])
        data = self._memo.data
        try:
            found = data[signature]
        except KeyError:
            found = self._key(environ, day)
            self._memo.put(signature, found)
        if found is None:
            return None
        key, shape, secure = found
        entry = entries.load_local(key)
        if entry is None or not entry.read <= shape:
            return None
        now = time.time()
        if not entry.is_fresh(now) or not snapshot.valid(entry.versions):
            return None  # Django re-renders, or serves stale under the lock
        filled = ()
        if entry.slots:
            filled = slots.contents(entry.slots, snapshot, build=False)
            if filled is None:  # a slot to render first: Django does it
                return None
        status, headers, body = hit_answer(environ, entry, "HIT", now, filled)
        return (
            STATUS_LINES.get(status) or str(status),
            self._full(headers, secure),
            body,
        )

    def _full(self, headers: tuple, secure: bool) -> list[tuple[str, str]]:
        """The answer's headers plus those SecurityMiddleware would add, remembered
        for as long as hit_answer hands out the same headers."""
        if not self._with_security:
            return list(headers)
        found = self._merged.get((id(headers), secure))
        if found is not None and found[0] is headers:
            return list(found[1])
        present = {name.lower() for name, _ in headers}
        full = [
            *headers,
            *(
                header
                for header in self._security_headers(secure)
                if header[0].lower() not in present
            ),
        ]
        self._merged.put((id(headers), secure), (headers, full))
        return list(full)

    def _key(self, environ, day: dt.date) -> tuple | None:
        request = WSGIRequest(dict(environ))
        if not keys.request_is_cacheable(request):
            return None
        secure = request.is_secure()
        if settings.SECURE_SSL_REDIRECT and not secure:
            return None  # SecurityMiddleware redirects
        keys.prepare(request)
        found = keys.key_for(request, day)  # None: disallowed Host (400)
        return None if found is None else (*found, secure)

    def _security_headers(self, secure: bool) -> list[tuple[str, str]]:
        """What SecurityMiddleware.process_response adds to an answer without
        them, asked of SecurityMiddleware itself (once per scheme)."""
        headers = self._security.get(secure)
        if headers is None:
            from django.middleware.security import SecurityMiddleware

            class Request:
                def is_secure(self):
                    return secure

            response = HttpResponse()
            del response["Content-Type"]
            SecurityMiddleware(lambda request: response).process_response(
                Request(), response
            )
            headers = self._security[secure] = list(response.items())
        return headers

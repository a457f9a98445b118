"""Counting views in each app process, flushed to the database every few
seconds by a thread of the process: a view costs a dictionary increment, never
a query, so the beacon answers at once and cannot slow a page.

Bounded under a flood: at most ``MAX_KEYS`` article-hours wait for a flush
(more are dropped, not queued), a client (known only by a keyed hash of its
address, never stored) counts at most ``PER_CLIENT_MINUTE`` views a minute, and
known crawlers' user agents count nothing. A process that dies loses at most
its last few seconds of counts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import os
import re
import secrets
import threading
import time

from django.conf import settings

logger = logging.getLogger(__name__)

FLUSH_SECONDS = 3.0
MAX_KEYS = 20_000
PER_CLIENT_MINUTE = 30
MAX_CLIENTS = 100_000
BOTS = re.compile(
    r"bot|crawl|spider|slurp|fetch|preview|monitor|curl|wget|python|java|go-http|"
    r"headless|phantom|scrapy|httpclient|libwww|okhttp|axios|node",
    re.IGNORECASE,
)


def _hour(now: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(now - now % 3600, tz=dt.UTC)


class Counter:
    def __init__(
        self,
        flush=None,
        *,
        flush_seconds: float = FLUSH_SECONDS,
        background: bool = True,
    ):
        """``background``: a thread of the process flushes every
        ``flush_seconds`` (off: the caller flushes, as tests do)."""
        self._flush = flush
        self.flush_seconds = flush_seconds
        self.background = background
        self.lock = threading.Lock()
        self.pending: dict[tuple[dt.datetime, int], int] = {}
        self.clients: dict[bytes, int] = {}
        self.minute = 0
        self.salt = secrets.token_bytes(16)  # per process: nothing to reverse
        self.dropped = 0
        self._thread_pid = None
        self._stopped = threading.Event()

    def client_key(self, environ) -> bytes:
        header = getattr(settings, "CARAVAN_CLIENT_IP_HEADER", "")
        address = ""
        if header:
            value = environ.get("HTTP_" + header.upper().replace("-", "_"), "")
            address = value.split(",")[0].strip()
        address = address or environ.get("REMOTE_ADDR", "")
        return hmac.new(self.salt, address.encode(), hashlib.sha256).digest()[:12]

    def count(self, article_id: int, environ, now: float | None = None) -> bool:
        """Note one view; False when it does not count (a crawler, a client over
        its rate, the pending counts full)."""
        if BOTS.search(environ.get("HTTP_USER_AGENT", "") or "bot"):
            return False
        now = time.time() if now is None else now
        client = self.client_key(environ)
        with self.lock:
            minute = int(now // 60)
            if minute != self.minute or len(self.clients) >= MAX_CLIENTS:
                self.clients.clear()
                self.minute = minute
            seen = self.clients.get(client, 0)
            if seen >= PER_CLIENT_MINUTE:
                return False
            self.clients[client] = seen + 1
            key = (_hour(now), article_id)
            if key not in self.pending and len(self.pending) >= MAX_KEYS:
                self.dropped += 1
                return False
            self.pending[key] = self.pending.get(key, 0) + 1
        self._ensure_flusher()
        return True

    def take(self) -> dict[tuple[dt.datetime, int], int]:
        with self.lock:
            taken, self.pending = self.pending, {}
        return taken

    def flush(self) -> int:
        """Write what is pending (the flusher thread does it every few seconds)."""
        taken = self.take()
        if not taken:
            return 0
        try:
            return (self._flush or _record)(taken)
        except Exception:  # noqa: BLE001 - the database down: these counts are lost
            logger.warning("could not record %s article-hours of views", len(taken))
            return 0

    def _ensure_flusher(self) -> None:
        if not self.background or self._thread_pid == os.getpid():
            return
        self._thread_pid = os.getpid()  # a forked worker starts its own
        thread = threading.Thread(target=self._run, name="views-flusher", daemon=True)
        thread.start()

    def _run(self) -> None:
        from django.db import close_old_connections

        while not self._stopped.wait(self.flush_seconds):
            close_old_connections()
            self.flush()

    def stop(self) -> None:
        """End the flushing thread."""
        self._stopped.set()


def _record(counts) -> int:
    from .services import record_views

    return record_views(counts=counts)

"""The scheduler's entry point: ``run_due(now)`` is safe to call every 30 seconds.

On business days (Mon–Fri) after ``CARAVAN_RATES_DUE_TIME`` (UTC, default 10:45, after
NBK/NBKR/CBU have published) it fetches today's rates once. A successful run is
remembered in the DB (FetchRun) and in the cache; a failed run (offline) is retried
after ``CARAVAN_RATES_RETRY_MINUTES``. When nothing is due it costs one cache read and
no query.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.cache import cache
from django.utils import timezone

from . import conf
from .models import FetchRun
from .services import FetchReport, rates_fetch

logger = logging.getLogger("caravan.rates")


def _state_key(day: dt.date) -> str:
    return f"rates:run-due:{day.isoformat()}"


def run_due(now: dt.datetime | None = None) -> FetchReport | None:
    """Fetch today's rates if due; returns the report, or None when nothing ran."""
    now = now or timezone.now()
    now_utc = now.astimezone(dt.UTC) if timezone.is_aware(now) else now
    today = now_utc.date()
    if today.weekday() >= 5 or now_utc.time() < conf.due_time():
        return None
    key = _state_key(today)
    state = cache.get(key)  # "done", or the time a failed run may be retried
    if state == "done" or (isinstance(state, dt.datetime) and now < state):
        return None
    last = FetchRun.objects.filter(day=today).order_by("-started_at").first()
    if last is not None:
        if last.ok:
            cache.set(key, "done", 36 * 3600)
            return None
        retry_at = last.started_at + dt.timedelta(minutes=conf.retry_minutes())
        if now < retry_at:
            cache.set(key, retry_at, 36 * 3600)
            return None
    lock = f"{key}:lock"
    if not cache.add(lock, 1, timeout=15 * 60):
        return None  # another worker is fetching right now
    try:
        report = rates_fetch(day=today, now=now)
    finally:
        cache.delete(lock)
    if report.ok:
        cache.set(key, "done", 36 * 3600)
    else:
        cache.set(key, now + dt.timedelta(minutes=conf.retry_minutes()), 36 * 3600)
    return report

"""The scheduler's entry point (settings.CARAVAN_SCHEDULED_JOBS): build the
automatic editions that are due, queue scheduled editions, send a few batches.
Safe to call every tick from several processes (see caravan.newsletters.delivery)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from .delivery import queue_due_editions, release_stale_claims, send_batch
from .editions import build_due_editions


def run_due(now=None) -> None:
    now = now or timezone.now()
    build_due_editions(now)
    queue_due_editions(now)
    release_stale_claims(now)
    # A bounded amount per tick: the rest on the next tick, or by the dedicated
    # `send_newsletters` process for large lists.
    for _ in range(settings.NEWSLETTER_BATCHES_PER_TICK):
        progress = send_batch(now=timezone.now())
        if not (progress.sent or progress.retried or progress.failed):
            break

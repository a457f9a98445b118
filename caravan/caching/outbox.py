"""Deliver purges: bump the shared cache's generations and BAN Varnish, retried
until both succeeded (``PendingPurge`` rows, written with the change; their
backoff and due time are caravan.queue's)."""

from __future__ import annotations

import logging

from django.db import DatabaseError, transaction
from django.utils import timezone

from caravan import queue

from . import frontend, generations
from .shared import Unavailable

logger = logging.getLogger(__name__)

BATCH = 500


def record(tags) -> object | None:
    """A row for the purge, in the current transaction (a savepoint: a database
    without the table yet — during migrate — must not break the change)."""
    from .models import PendingPurge

    try:
        with transaction.atomic():
            return PendingPurge.objects.create(tags=" ".join(sorted(tags)))
    except DatabaseError:
        logger.warning("purge not recorded (no outbox table?): delivering at once")
        return None


def backoff(attempts: int):
    """2, 4, 8 … seconds, at most a minute: a purge is never given up."""
    return queue.backoff(attempts, base=2, cap=60)


def deliver(purge) -> bool:
    """Bump and BAN what is left to do for this purge; True when all is done (the
    row is gone), else the row says when to try again and why."""
    tags = purge.tags.split()
    errors = []
    if not purge.bumped:
        try:
            generations.bump(tags)
            purge.bumped = True
        except Unavailable as error:
            errors.append(f"shared cache: {error}")
    if not purge.banned:
        failed = frontend.ban_tags(tags)
        if failed:
            errors.append(f"Varnish unreachable or refusing: {', '.join(failed)}")
        else:
            purge.banned = True
            frontend.ban_again_later(tags)
    if purge.pk is None:
        if errors:
            logger.error("purge of %s failed: %s", tags, "; ".join(errors))
        return not errors
    from .models import PendingPurge

    reason = "; ".join(errors)
    try:
        if not errors:
            PendingPurge.objects.filter(pk=purge.pk).delete()
            return True
        queue.record_failure(
            purge, reason, backoff=backoff, bumped=purge.bumped, banned=purge.banned
        )
    except DatabaseError:
        logger.warning("could not update pending purge %s", purge.pk, exc_info=True)
    logger.warning("purge of %s not delivered yet: %s", tags, reason)
    return False


def deliver_pending(now=None, *, all_due: bool = False) -> int:
    """Deliver the purges left over (the scheduler runs this on every tick):
    those due for another attempt, or every one (``all_due``: the shared cache
    just came back). The number still pending."""
    from .models import PendingPurge

    pending = PendingPurge.objects.all()
    if not all_due:
        pending = queue.due(pending, now or timezone.now())
    left = 0
    for purge in pending[:BATCH]:
        if not deliver(purge):
            left += 1
    return left


def _on_recovery() -> None:
    """The shared cache answers again: purges made meanwhile take effect before
    it is trusted (this process re-reads the generations: its view was
    forgotten when the cache failed, or the epoch has moved)."""
    deliver_pending(all_due=True)


def connect() -> None:
    from . import shared

    shared.on_recovery(_on_recovery)

"""Purge cached pages when something they show changes: ``purge_later(tags)``
from a signal handler of the app that owns the change."""

from __future__ import annotations

import logging

from django.db import transaction

from . import generations, outbox
from .models import PendingPurge
from .shared import Unavailable

logger = logging.getLogger(__name__)


def purge_later(tags) -> None:
    """Purge the tags once the current change is committed (at once outside a
    transaction), recorded in the same transaction so that a purge is never
    lost: a delivery that fails is retried (``caravan.caching.outbox``).

    Inside a transaction the tags are also bumped at once: copies cached before
    the change stop being served while it commits. The bump after the commit is
    the one that counts (a render between the two may have read the old data)."""
    tags = set(tags)
    if not tags:
        return
    if transaction.get_connection().in_atomic_block:
        try:
            generations.bump(tags)
        except Unavailable:
            logger.debug("early purge skipped: the shared cache is unavailable")
    purge = outbox.record(tags) or PendingPurge(tags=" ".join(sorted(tags)))
    transaction.on_commit(lambda: outbox.deliver(purge))


def purge_all() -> None:
    purge_later({"all"})

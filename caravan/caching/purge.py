"""Purge cached pages: bump the tags of what changed, once the change is committed."""

from __future__ import annotations

import logging

from django.db import transaction

from . import store

logger = logging.getLogger(__name__)


def purge_later(tags: set[str]) -> None:
    """Purge now, and again once the change is committed: a reader between the two
    may have cached the old version; after the commit readers see the new one."""
    if tags:
        _bump(tags)
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(lambda: _bump(tags))


def _bump(tags):
    try:
        store.bump(*tags)
    except Exception:
        logger.exception("page cache purge failed for %s", sorted(tags))


def purge_all() -> None:
    store.bump("all")

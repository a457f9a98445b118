"""Read replicas: reads go to a replica, writes to the primary.

Set DATABASE_REPLICA_URLS (comma-separated) in production. Requests that may read
their own writes (editors with a session, any non-GET) are pinned to the primary by
PageCacheMiddleware, so an editor never sees replica lag after publishing.
"""

from __future__ import annotations

import contextvars
import random
from contextlib import contextmanager

from django.conf import settings

_primary_only = contextvars.ContextVar("caravan_primary_only", default=False)


@contextmanager
def primary_only():
    token = _primary_only.set(True)
    try:
        yield
    finally:
        _primary_only.reset(token)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        replicas = replica_aliases()
        if not replicas or _primary_only.get():
            return "default"
        return random.choice(replicas)  # noqa: S311  (load spreading, not security)

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # replicas hold the same data as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"

"""Read replicas: reads go to a replica, writes to the primary.

Set DATABASE_REPLICA_URLS (comma-separated) in production. Reads go to the
primary whenever they might see a replica's lag (``generations.read_primary``):
requests that may read their own writes (editors, any non-GET), anything outside
a request (commands, the scheduler), and every render for
``CARAVAN_REPLICA_LAG_SECONDS`` after a purge — so a lagging replica never
refills a cached page, card or memo with the version a publication replaced.
"""

from __future__ import annotations

import random

from django.conf import settings

from caravan.caching.generations import read_primary


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        replicas = replica_aliases()
        if not replicas or read_primary():
            return "default"
        return random.choice(replicas)  # noqa: S311  (load spreading, not security)

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # replicas hold the same data as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"

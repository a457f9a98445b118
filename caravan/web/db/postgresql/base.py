"""Django's PostgreSQL backend with a health check that needs no round trip.

With CONN_HEALTH_CHECKS, Django checks a persistent connection before the first
query of every request with ``SELECT 1``: a round trip on every rendered page,
~0.1 ms of the app's CPU, PostgreSQL's own work and ~0.2 ms of waiting on this
kind of machine (bench/: a cold article reads everything else in one statement).

A connection the server has closed — a restart, a failover, an idle timeout, a
terminated backend — becomes readable at our end: the server's FATAL message,
then end of file. An idle connection with nothing to read is one the server
still holds, which the socket alone tells. Anything else (data waiting, a
transaction left open) gets Django's ``SELECT 1``. A server that vanished
without closing (a network partition) fools both checks alike.
"""

import select

from django.db.backends.postgresql.base import DatabaseWrapper as PostgresWrapper
from psycopg import pq


class DatabaseWrapper(PostgresWrapper):
    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed:
            return False
        try:
            idle = connection.info.transaction_status == pq.TransactionStatus.IDLE
            poll = select.poll()  # not select(): file descriptors past 1024
            poll.register(connection.fileno(), select.POLLIN)
            readable = bool(poll.poll(0))
        except (OSError, ValueError):
            return False
        if idle and not readable:
            return True
        return super().is_usable()

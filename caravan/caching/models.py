from django.db import models
from django.utils import timezone

from caravan.queue.models import QueueItem


class PendingPurge(QueueItem):
    """A purge not yet delivered everywhere (the outbox). Written in the
    transaction of the change it purges for, so it exists exactly when the change
    was committed; delivered right after the commit, and until then (the shared
    cache or Varnish down, the process gone) retried by the scheduler and by each
    process that sees the shared cache come back.

    A row of the shared queue (caravan.queue) that is retried, never claimed nor
    given up: it has no status (it exists while its purge is left), delivering a
    purge twice is harmless, and a process the shared cache came back to must
    deliver every pending purge itself, even one another process has in hand.
    Its fields keep their types and columns from before the shared queue."""

    STATUS_FIELD = None

    tags = models.TextField(help_text="Purge tags, space-separated.")
    created = models.DateTimeField(default=timezone.now)
    bumped = models.BooleanField(
        default=False, help_text="The shared cache's generations were bumped."
    )
    banned = models.BooleanField(default=False, help_text="Varnish was sent a BAN.")
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(
        default=timezone.now, db_index=True, db_column="next_attempt"
    )
    claimed_at = None
    error = models.TextField(blank=True, db_column="last_error")

    class Meta:
        verbose_name = "pending purge"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"purge {self.tags[:60]}"

    @property
    def last_error(self) -> str:
        """Why the last delivery failed (the field's name before the shared queue)."""
        return self.error

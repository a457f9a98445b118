from django.db import models
from django.utils import timezone


class PendingPurge(models.Model):
    """A purge not yet delivered everywhere (the outbox). Written in the
    transaction of the change it purges for, so it exists exactly when the change
    was committed; delivered right after the commit, and until then (the shared
    cache or Varnish down, the process gone) retried by the scheduler and by each
    process that sees the shared cache come back."""

    tags = models.TextField(help_text="Purge tags, space-separated.")
    created = models.DateTimeField(default=timezone.now)
    bumped = models.BooleanField(
        default=False, help_text="The shared cache's generations were bumped."
    )
    banned = models.BooleanField(default=False, help_text="Varnish was sent a BAN.")
    attempts = models.PositiveIntegerField(default=0)
    next_attempt = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = "pending purge"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"purge {self.tags[:60]}"

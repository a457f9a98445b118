"""The scheduler's entry point (settings.CARAVAN_SCHEDULED_JOBS)."""

from .posting import apply_changes_due, post_due


def run_due(now=None) -> None:
    post_due(now)
    apply_changes_due(now)

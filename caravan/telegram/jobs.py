"""The scheduler's entry point (settings.CARAVAN_SCHEDULED_JOBS)."""

from .posting import post_due


def run_due(now=None) -> None:
    post_due(now)

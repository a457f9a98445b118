"""The periodic jobs the site needs without a person: scheduled publishing and
expiry, and the daily currency rates. One `run_scheduler` process runs them; each
job is idempotent and catches up on what it missed while the process was down."""

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, close_old_connections
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import SchedulerHeartbeat

logger = logging.getLogger(__name__)


def publish_scheduled(now) -> None:
    """Publish every revision whose go-live time has passed (however long ago:
    Wagtail selects approved_go_live_at < now) and unpublish expired pages."""
    call_command("publish_scheduled", verbosity=0)


def scheduled_jobs() -> list[tuple[str, Callable]]:
    return [
        (path.rsplit(".", 1)[-1], import_string(path))
        for path in settings.CARAVAN_SCHEDULED_JOBS
    ]


def run_once(now=None) -> dict[str, str]:
    """Run each job once; one failing job never stops the others."""
    now = now or timezone.now()
    results = {}
    for name, job in scheduled_jobs():
        error = ""
        try:
            job(now)
        except Exception as exc:
            logger.exception("Scheduled job %s failed", name)
            error = f"{type(exc).__name__}: {exc}"
        try:
            SchedulerHeartbeat.objects.update_or_create(
                job=name, defaults={"last_run_at": timezone.now(), "last_error": error}
            )
        except DatabaseError:
            # E.g. SQLite locked by a long import: the job itself ran (or failed and
            # was logged); the dashboard's heartbeat catches up on the next run.
            logger.warning("Could not record the scheduler heartbeat", exc_info=True)
        results[name] = error or "ok"
    return results


def run_forever(*, interval: float, max_runs: int | None = None) -> None:
    """Run the jobs every `interval` seconds until stopped. Nothing a run raises
    (the database restarting or locked, say) ends the loop: the next run retries."""
    runs = 0
    while max_runs is None or runs < max_runs:
        try:
            close_old_connections()
            run_once()
        except Exception:
            logger.exception("Scheduler run failed; retrying in %s s", interval)
        finally:
            close_old_connections()
        runs += 1
        if max_runs is None or runs < max_runs:
            time.sleep(interval)

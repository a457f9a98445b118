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
    Wagtail selects approved_go_live_at < now) and unpublish expired pages; log
    each page it published or unpublished (Wagtail's command says nothing at
    verbosity 0, and an editor asking "did it go out?" needs the answer)."""
    from wagtail.models import Page, Revision

    due = list(
        Revision.objects.filter(approved_go_live_at__lt=timezone.now())
        .order_by("approved_go_live_at")
        .values_list("object_id", "approved_go_live_at")
    )
    expiring = list(
        Page.objects.live()
        .filter(expire_at__lt=timezone.now())
        .values_list("pk", "expire_at")
    )
    call_command("publish_scheduled", verbosity=0)
    pages = Page.objects.in_bulk(
        [int(pk) for pk, _ in due] + [pk for pk, _ in expiring]
    )
    for object_id, due_at in due:
        page = pages.get(int(object_id))
        if page is not None and page.live:
            logger.info(
                "Scheduler published “%s” (page %s, %s), due at %s",
                page.title,
                page.pk,
                page.url_path,
                due_at.isoformat(),
            )
    for pk, expire_at in expiring:
        page = pages.get(pk)
        if page is not None:
            page.refresh_from_db(fields=["live"])
            if not page.live:
                logger.info(
                    "Scheduler unpublished “%s” (page %s, %s), expired at %s",
                    page.title,
                    page.pk,
                    page.url_path,
                    expire_at.isoformat(),
                )


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

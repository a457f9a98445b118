"""What the scheduler should already have done: shown on the admin dashboard."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from wagtail.models import Page, Revision

from .models import SchedulerHeartbeat


def overdue_items(*, now=None, grace=timedelta(minutes=2)) -> dict:
    """Scheduled publications and expiries whose time passed more than `grace` ago,
    and whether the scheduler looks alive."""
    now = now or timezone.now()
    cutoff = now - grace
    to_publish = list(
        Revision.page_revisions.filter(approved_go_live_at__lt=cutoff)
        .select_related("content_type")
        .order_by("approved_go_live_at")[:50]
    )
    to_expire = list(
        Page.objects.filter(live=True, expire_at__lt=cutoff).order_by("expire_at")[:50]
    )
    heartbeat = SchedulerHeartbeat.objects.filter(job="publish_scheduled").first()
    stale_after = timedelta(seconds=settings.CARAVAN_SCHEDULER_INTERVAL * 4)
    return {
        "to_publish": to_publish,
        "to_expire": to_expire,
        "heartbeat": heartbeat,
        "scheduler_down": heartbeat is None
        or heartbeat.last_run_at < now - stale_after,
    }

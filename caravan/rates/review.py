"""Write side of the editors' review of rates (the rates dashboard in the admin).

A held rate is confirmed (published) or discarded; a published rate that another
provider disagrees with is marked checked or discarded; a rejected value is
dismissed. Each decision records who made it and when, and is written to Wagtail's
audit log. Saving a Rate drops the cached ticker (signals.py), so a confirmed value
shows on the next request and a discarded one disappears.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from .models import Rate, RateStatus, RejectedValue

CONFIRM = "rates.confirm"
DISCARD = "rates.discard"
CHECKED = "rates.checked"


class ReviewError(ValueError):
    """The decision does not apply to the item as it is now (shown to the editor)."""


def _decide(rate: Rate, user, status: str, action: str) -> Rate:
    rate.status = status
    rate.reviewed_at = timezone.now()
    rate.reviewed_by = user
    rate.save()
    log(instance=rate, action=action, user=user)
    return rate


@transaction.atomic
def rate_confirm(*, rate: Rate, user) -> Rate:
    """Publish a held rate (or keep a published one, marked checked)."""
    rate = Rate.objects.select_for_update().get(pk=rate.pk)
    if rate.status == RateStatus.REJECTED:
        raise ReviewError("This rate was discarded; it can no longer be confirmed.")
    action = CONFIRM if rate.status == RateStatus.HELD else CHECKED
    return _decide(rate, user, RateStatus.PUBLISHED, action)


@transaction.atomic
def rate_discard(*, rate: Rate, user) -> Rate:
    """Keep a held or published rate off the site. The row stays (with who
    discarded it); a different value fetched later for that day replaces it."""
    rate = Rate.objects.select_for_update().get(pk=rate.pk)
    if rate.status == RateStatus.REJECTED:
        raise ReviewError("This rate is already discarded.")
    return _decide(rate, user, RateStatus.REJECTED, DISCARD)


@transaction.atomic
def rejection_dismiss(*, rejected: RejectedValue, user) -> RejectedValue:
    """A rejected value was never stored: the editor takes note of it and it
    leaves the dashboard (seeing it again only counts it)."""
    rejected = RejectedValue.objects.select_for_update().get(pk=rejected.pk)
    if rejected.dismissed_at is None:
        rejected.dismissed_at = timezone.now()
        rejected.dismissed_by = user
        rejected.save(update_fields=["dismissed_at", "dismissed_by"])
    return rejected

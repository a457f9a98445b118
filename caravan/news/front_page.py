"""The front page editors choose: a lead story and featured stories per home page
(one per language), each with an optional expiry; the newest articles fill
whatever is not chosen.

The cached front page learns of a choice in two ways: publishing the home page
purges it (``HomePage.purge_tags``), and an expiry, which nothing publishes,
bounds how long its cached copy lives (``limit_cache_to_next_expiry``)."""

from __future__ import annotations

import math

from django.db.models import Q
from django.utils import timezone
from django.utils.cache import get_max_age, patch_cache_control


def chosen_ids(home, now=None) -> tuple[int | None, list[int]]:
    """The lead's and the featured stories' ids as the editors chose them for
    ``now`` (expired choices left out); whether they are published is the
    caller's concern."""
    from .models import HomeFeature

    now = now or timezone.now()
    lead = home.lead_article_id
    if lead is not None and home.lead_until is not None and home.lead_until <= now:
        lead = None
    features = (
        HomeFeature.objects.filter(home_id=home.pk)
        .filter(Q(until__isnull=True) | Q(until__gt=now))
        .order_by("sort_order", "pk")
        .values_list("article_id", flat=True)
    )
    return lead, [pk for pk in features if pk != lead]


def next_expiry(home, now=None):
    """The next moment a choice on this home page runs out, or None."""
    from .models import HomeFeature

    now = now or timezone.now()
    moments = list(
        HomeFeature.objects.filter(home_id=home.pk, until__gt=now).values_list(
            "until", flat=True
        )
    )
    if home.lead_article_id and home.lead_until and home.lead_until > now:
        moments.append(home.lead_until)
    return min(moments, default=None)


def limit_cache_to_next_expiry(home, response, now=None) -> None:
    """Tell the page cache (and any cache downstream) to keep this rendering no
    longer than until the next choice expires."""
    now = now or timezone.now()
    until = next_expiry(home, now)
    if until is None:
        return
    seconds = max(0, math.ceil((until - now).total_seconds()))
    current = get_max_age(response)
    if current is None or seconds < current:
        patch_cache_control(response, max_age=seconds)

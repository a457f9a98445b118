"""The most-read lists (24 hours, 7 days) as a slot (caravan.caching.slots): put
into the home page and every sidebar when they are served, refreshed every few
minutes, and by any publication ("content"), without purging any page."""

from __future__ import annotations

import time

from django.template.loader import render_to_string
from wagtail.models import Locale

from .selectors import most_read

SLOT = "most_read"
REFRESH_SECONDS = 180


def render(language: str) -> tuple[str, float | None]:
    """(HTML, when to read the counts again)."""
    refresh = time.time() + REFRESH_SECONDS
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return "", refresh
    day = most_read(locale_id=locale.pk, hours=24)
    week = most_read(locale_id=locale.pk, hours=24 * 7)
    if not day and not week:
        return "", refresh
    html = render_to_string("readership/most_read.html", {"day": day, "week": week})
    return html.strip(), refresh

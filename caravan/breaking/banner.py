"""The banner slot: rendered per language, put into cached pages when they are
served (caravan.caching.slots), purged by the "banner" tag when an alert is
saved or deleted, and refreshed by itself when an alert expires."""

from __future__ import annotations

from django.template.loader import render_to_string

from .selectors import active_alert, next_change

SLOT = "banner"
TAG = "banner"


def render(language: str) -> tuple[str, float | None]:
    alert = active_alert(language=language)
    html = render_to_string("breaking/banner.html", {"alert": alert}) if alert else ""
    return html.strip(), next_change(language=language)

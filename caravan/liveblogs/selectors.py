"""What a live blog's page, fragment, feed and JSON-LD show."""

from __future__ import annotations

import dataclasses

from .models import LiveBlogUpdate

# A live blog page shows this many updates (pinned ones on top, then the newest);
# older ones stay reachable through the feed and each update's anchor while shown.
PAGE_SIZE = 200


@dataclasses.dataclass(frozen=True)
class Updates:
    pinned: list
    newest: list  # newest first, the pinned ones not repeated
    key_events: list  # newest first

    @property
    def all(self) -> list:
        return [*self.pinned, *self.newest]

    @property
    def latest(self):
        return max(self.all, key=lambda u: (u.posted_at, u.pk), default=None)


def published_updates(live_blog):
    return (
        LiveBlogUpdate.objects.filter(live_blog_id=live_blog.pk, published=True)
        .select_related("author", "image")
        .order_by("-posted_at", "-pk")
    )


def live_blog_updates(live_blog, limit: int = PAGE_SIZE) -> Updates:
    """One query: the newest published updates, split into pinned and the rest."""
    rows = list(published_updates(live_blog)[:limit])
    return Updates(
        pinned=[u for u in rows if u.pinned],
        newest=[u for u in rows if not u.pinned],
        key_events=[u for u in rows if u.key_event],
    )

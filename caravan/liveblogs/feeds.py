"""``<live blog URL>updates/atom/``: an Atom feed of the live blog's published updates,
newest first, each linking to its own anchor on the page. Linked from the page's
head; kept by the page cache under the live blog's tag like the page."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.feedgenerator import Atom1Feed

FEED_SIZE = 50


def updates_feed(request, live_blog) -> HttpResponse:
    page_url = request.build_absolute_uri(live_blog.get_url(request))
    updates = live_blog.shown_updates
    feed = Atom1Feed(
        title=live_blog.title,
        link=page_url,
        description=live_blog.standfirst or live_blog.title,
        language=live_blog.locale.language_code,
        feed_url=request.build_absolute_uri(request.path),
        feed_guid=page_url,
    )
    newest = sorted(updates.all, key=lambda u: (u.posted_at, u.pk), reverse=True)
    for update in newest[:FEED_SIZE]:
        link = f"{page_url}#{update.anchor}"
        feed.add_item(
            title=str(update),
            link=link,
            unique_id=link,
            description=update.body,
            pubdate=update.posted_at,
            updateddate=max(update.posted_at, update.updated_at),
            author_name=update.author.title if update.author else None,
            categories=["key event"] if update.key_event else None,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response

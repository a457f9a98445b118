"""Live blogs for tests (and the browser test, the topology test and the bench)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from caravan.liveblogs.models import LiveBlogPage, LiveBlogUpdate
from caravan.news.models import ArticleAuthor


def make_live_blog(
    section, *, title="Earthquake in Almaty: live", authors=(), **fields
):
    page = LiveBlogPage(
        title=title,
        slug=fields.pop("slug", "earthquake-live"),
        standfirst=fields.pop("standfirst", "The latest on the earthquake."),
        date_published=fields.pop(
            "date_published", timezone.now() - dt.timedelta(hours=2)
        ),
        body=[{"type": "paragraph", "value": "<p>What we know so far.</p>"}],
        **fields,
    )
    page.article_authors = [
        ArticleAuthor(author=a, sort_order=i) for i, a in enumerate(authors)
    ]
    section.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def add_update(live_blog, text="Aftershock felt in the city centre.", **fields):
    fields.setdefault("published", True)
    return LiveBlogUpdate.objects.create(
        live_blog=live_blog, body=f"<p>{text}</p>", **fields
    )

"""A live blog's JSON-LD: schema.org ``LiveBlogPosting`` (what search engines
read to show a "Live" badge and the latest updates)."""

from __future__ import annotations

from django.utils.text import Truncator


def _iso(value) -> str:
    return value.replace(microsecond=0).isoformat()


def live_blog_posting(page, article: dict, absolute) -> dict:
    """``article``: the NewsArticle the SEO head built for the page (headline,
    authors, publisher, images …), turned into a LiveBlogPosting."""
    data = {**article, "@type": "LiveBlogPosting"}
    updates = page.shown_updates
    started = page.started_at
    if started:
        data["coverageStartTime"] = _iso(started)
    if page.coverage_end:
        data["coverageEndTime"] = _iso(page.coverage_end)
    url = article.get("url") or ""
    data["liveBlogUpdate"] = [_update(update, url, absolute) for update in updates.all]
    latest = updates.latest
    if latest and (
        "dateModified" not in data or data["dateModified"] < _iso(latest.posted_at)
    ):
        data["dateModified"] = _iso(latest.posted_at)
    return data


def _update(update, url: str, absolute) -> dict:
    text = update.body_text
    posting = {
        "@type": "BlogPosting",
        "headline": Truncator(update.headline or text).chars(110),
        "datePublished": _iso(update.posted_at),
        "dateModified": _iso(max(update.posted_at, update.updated_at)),
        "articleBody": text,
        "url": f"{url}#{update.anchor}",
    }
    if update.author is not None:
        posting["author"] = {
            "@type": "Person",
            "name": update.author.title,
            "url": absolute(update.author.url or "/"),
        }
    return posting

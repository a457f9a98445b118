"""What a content change purges: the tags of every cached page that shows it."""

from __future__ import annotations

import logging

from django.db import transaction

from . import store
from .tags import ancestor_paths, archive_tag

logger = logging.getLogger(__name__)

# How many of the newest articles the home page and the sidebars can show.
LATEST_WINDOW = 9


def article_relations(pk: int) -> dict:
    """An article's archives as stored now (before a save: its previous state)."""
    from caravan.news.models import ArticleAuthor, ArticlePage, ArticleTag, Country

    return {
        "tags": set(
            ArticleTag.objects.filter(content_object_id=pk).values_list(
                "tag__slug", flat=True
            )
        ),
        "countries": set(
            Country.objects.filter(articles=pk).values_list("slug", flat=True)
        ),
        "authors": set(
            ArticleAuthor.objects.filter(article_id=pk).values_list(
                "author_id", flat=True
            )
        ),
        # Further sections that list it (their listings and their ancestors').
        "sections": set(
            ArticlePage.other_sections.through.objects.filter(
                articlepage_id=pk
            ).values_list("sectionpage__path", flat=True)
        ),
    }


def relation_tags(relations: dict) -> set[str]:
    return (
        {archive_tag("tag", slug) for slug in relations["tags"]}
        | {archive_tag("country", slug) for slug in relations["countries"]}
        | {archive_tag("author", pk) for pk in relations["authors"]}
        | {
            f"list:{p}"
            for path in relations.get("sections", ())
            for p in [*ancestor_paths(path), path]
        }
    )


def in_latest_window(article) -> bool:
    """Would the article show (or have shown) in "latest news" lists?"""
    from caravan.news.models import ArticlePage

    if article.date_published is None:
        return True
    edge = (
        ArticlePage.objects.published()
        .filter(locale_id=article.locale_id)
        .order_by("-date_published")
        .values_list("date_published", flat=True)[LATEST_WINDOW - 1 : LATEST_WINDOW]
    )
    edge = list(edge)
    return not edge or article.date_published >= edge[0]


def page_tags(page, *, path: str | None = None) -> set[str]:
    """Tags to purge when ``page`` changes (published, unpublished, moved, deleted),
    from its state in the database now."""
    from caravan.news.models import ArticlePage, HomePage, SectionPage
    from caravan.people.models import AuthorPage

    path = path or page.path
    tags = {f"p:{page.pk}", f"tree:{path}", "content", "notfound"}
    tags |= {f"list:{p}" for p in ancestor_paths(path, page.steplen)}
    specific = page.specific_deferred
    if isinstance(specific, ArticlePage):
        tags |= relation_tags(article_relations(page.pk))
        if in_latest_window(specific):
            tags.add(f"latest:{specific.locale_id}")
    elif isinstance(specific, (SectionPage, HomePage)):
        tags.add("chrome")  # the navigation lists sections
    elif isinstance(specific, AuthorPage):
        # Their articles show an author box with name, photo and bio.
        from caravan.news.models import ArticleAuthor

        tags |= {
            f"p:{pk}"
            for pk in ArticleAuthor.objects.filter(author_id=page.pk).values_list(
                "article_id", flat=True
            )
        }
    return tags


def purge_later(tags: set[str]) -> None:
    """Purge now, and again once the change is committed: a reader between the two
    may have cached the old version; after the commit readers see the new one."""
    if tags:
        _bump(tags)
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(lambda: _bump(tags))


def _bump(tags):
    try:
        store.bump(*tags)
    except Exception:
        logger.exception("page cache purge failed for %s", sorted(tags))


def purge_all() -> None:
    store.bump("all")

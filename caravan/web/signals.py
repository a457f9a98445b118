"""Purge the page cache when pages or the site's structure change: a page
published, unpublished, moved or deleted purges the tags its type names
(``caravan.web.pages``); sites, locales and view restrictions purge "chrome"
(the frame every page shows, and what routing keeps in each process)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    pre_page_move,
)

from caravan.caching.purge import purge_later

from .pages import page_purge_tags


def _is_page(sender) -> bool:
    return isinstance(sender, type) and issubclass(sender, Page)


def _page_changed(sender, instance, **kwargs):
    purge_later(page_purge_tags(instance))


def _page_moved(sender, instance, **kwargs):
    instance.refresh_from_db(fields=["path", "url_path"])
    purge_later(page_purge_tags(instance))


def _page_deleting(sender, instance, **kwargs):
    if _is_page(sender) and sender is not Page and instance.live:
        purge_later(page_purge_tags(instance))


def _site_root_added(sender, instance, created=False, **kwargs):
    """A new home page or translation of one is a new site root (URLs of its
    language start from it): the memo of site root paths must see it."""
    if created and _is_page(sender) and instance.depth == 2:
        purge_later({"chrome"})


def _chrome_changed(sender, **kwargs):
    purge_later({"chrome"})


def connect() -> None:
    page_published.connect(_page_changed, dispatch_uid="web-published")
    page_unpublished.connect(_page_changed, dispatch_uid="web-unpublished")
    pre_page_move.connect(_page_changed, dispatch_uid="web-moving")
    post_page_move.connect(_page_moved, dispatch_uid="web-moved")
    pre_delete.connect(_page_deleting, dispatch_uid="web-deleting")
    post_save.connect(_site_root_added, dispatch_uid="web-site-root")
    for model in (Site, Locale, PageViewRestriction):
        post_save.connect(_chrome_changed, sender=model, dispatch_uid=f"web-{model}")
        post_delete.connect(_chrome_changed, sender=model, dispatch_uid=f"web-d{model}")

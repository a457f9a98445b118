"""Purge cached pages when content changes: publish, unpublish, edit (a publish),
move, delete; rates and site settings."""

from __future__ import annotations

import threading

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    pre_page_move,
)

from .purge import article_relations, page_tags, purge_later, relation_tags

_state = threading.local()


def _is_page(sender) -> bool:
    return isinstance(sender, type) and issubclass(sender, Page)


@receiver(pre_save)
def _remember_previous_archives(sender, instance, update_fields=None, **kwargs):
    """Before an article's new version is saved, purge what listed its previous
    version (a removed tag's archive must drop it too)."""
    from caravan.news.models import ArticlePage

    if sender is not ArticlePage or instance.pk is None or update_fields:
        return
    previous = ArticlePage.objects.filter(pk=instance.pk, live=True).first()
    if previous is not None:
        purge_later(relation_tags(article_relations(instance.pk)) | {"content"})


@receiver(page_published)
@receiver(page_unpublished)
def _page_changed(sender, instance, **kwargs):
    purge_later(page_tags(instance))


@receiver(pre_page_move)
def _page_moving(sender, instance, **kwargs):
    purge_later(page_tags(instance))


@receiver(post_page_move)
def _page_moved(sender, instance, **kwargs):
    instance.refresh_from_db(fields=["path", "url_path"])
    purge_later(page_tags(instance))


@receiver(pre_delete)
def _page_deleting(sender, instance, **kwargs):
    if _is_page(sender) and sender is not Page and instance.live:
        purge_later(page_tags(instance))


@receiver(post_save)
def _site_root_added(sender, instance, created=False, **kwargs):
    """A new home page or translation of one is a new site root (URLs of its
    language start from it): the site-wide memo of root paths must see it."""
    if created and _is_page(sender) and instance.depth == 2:
        purge_later({"chrome"})


def _rates_changed(sender, **kwargs):
    # Every page shows the ticker: the pages re-render lazily, one by one, on their
    # next request (nothing is rendered here).
    purge_later({"ticker"})


def _chrome_changed(sender, **kwargs):
    purge_later({"chrome"})


def _settings_changed(sender, created=False, **kwargs):
    # A settings row is created with its defaults the first time a page reads it:
    # nothing shown changes then.
    if not created:
        purge_later({"chrome"})


def connect_model_signals():
    from wagtail.models import Locale, PageViewRestriction, Site

    from caravan.core.models import SiteSettings
    from caravan.rates.models import Currency, Rate, RatesSettings
    from caravan.seo.models import SeoSettings

    for model in (Rate, Currency, RatesSettings):
        post_save.connect(_rates_changed, sender=model, dispatch_uid=f"pc-{model}")
        post_delete.connect(_rates_changed, sender=model, dispatch_uid=f"pc-d{model}")
    # What every page shows or is routed by (and caching.sitewide keeps in memory).
    for model in (SiteSettings, SeoSettings, Site, Locale, PageViewRestriction):
        receiver = (
            _settings_changed
            if model in (SiteSettings, SeoSettings)
            else _chrome_changed
        )
        post_save.connect(receiver, sender=model, dispatch_uid=f"pc-{model}")
        post_delete.connect(_chrome_changed, sender=model, dispatch_uid=f"pc-d{model}")


connect_model_signals()

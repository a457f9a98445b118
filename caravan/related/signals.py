"""Neighbours follow publication: computed once the publishing transaction
commits (bounded work, see ``services``); if that fails the article is left
for the scheduler (``jobs.refresh_stale``), never failing the publication."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_save, pre_delete
from wagtail.signals import page_published, page_unpublished

logger = logging.getLogger(__name__)


def _article_class():
    from caravan.news.models import ArticlePage

    return ArticlePage


def _after_commit(pk: int) -> None:
    def run():
        from . import services

        article = _article_class().objects.filter(pk=pk).first()
        try:
            if article is None:
                services.purge_articles(services.remove_article(pk))
            else:
                services.refresh(article)
        except Exception:
            logger.exception("Related articles of %s not updated; left stale", pk)
            from .models import ArticleTerms

            ArticleTerms.objects.filter(article_id=pk).update(computed_at=None)

    transaction.on_commit(run)


def _published(sender, instance, **kwargs):
    if isinstance(instance, _article_class()):
        _after_commit(instance.pk)


def _deleting(sender, instance, **kwargs):
    if isinstance(instance, _article_class()):
        from . import services

        services.purge_articles(services.remove_article(instance.pk))


def _curated(sender, instance, **kwargs):
    from .services import purge_articles

    purge_articles({instance.article_id})


def connect() -> None:
    from .models import Curation

    page_published.connect(_published, dispatch_uid="related-published")
    page_unpublished.connect(_published, dispatch_uid="related-unpublished")
    pre_delete.connect(_deleting, dispatch_uid="related-deleting")
    post_save.connect(_curated, sender=Curation, dispatch_uid="related-curated")

"""What a live blog's update purges: ``liveblog:<pk>``, the tag its page and its
``updates/`` fragment (and feed) carry — and nothing else (no listing shows an
update, so no section, home page or archive is purged)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save

from caravan.caching.purge import purge_later


def live_blog_tag(pk) -> str:
    return f"liveblog:{pk}"


def _update_saved(sender, instance, **kwargs):
    # A draft's save changes nothing readers see, unless it was shown before.
    if instance.published or getattr(instance, "_was_published", False):
        purge_later({live_blog_tag(instance.live_blog_id)})


def _update_saving(sender, instance, **kwargs):
    if instance.pk is not None:
        previous = (
            sender.objects.filter(pk=instance.pk)
            .values("published", "live_blog_id")
            .first()
        )
        instance._was_published = bool(previous and previous["published"])
        if previous and previous["live_blog_id"] != instance.live_blog_id:
            # Moved to another live blog: the old one stops showing it.
            purge_later({live_blog_tag(previous["live_blog_id"])})


def _update_deleted(sender, instance, **kwargs):
    if instance.published:
        purge_later({live_blog_tag(instance.live_blog_id)})


def connect() -> None:
    from .models import LiveBlogUpdate

    pre_save.connect(_update_saving, sender=LiveBlogUpdate, dispatch_uid="lb-saving")
    post_save.connect(_update_saved, sender=LiveBlogUpdate, dispatch_uid="lb-saved")
    post_delete.connect(
        _update_deleted, sender=LiveBlogUpdate, dispatch_uid="lb-deleted"
    )
    # A live blog is an article: news connects its "previous archives" purge for
    # every ArticlePage subclass.

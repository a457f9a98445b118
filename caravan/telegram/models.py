"""Telegram channels articles are posted to, and one post row per article and
channel (the queue, and the record of what was posted)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from caravan.queue.models import QueueItem


class TelegramChannel(models.Model):
    name = models.CharField(_("name"), max_length=100)
    chat_id = models.CharField(
        _("chat"),
        max_length=100,
        help_text=_("The channel's @username or numeric id; the bot must be an admin."),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    section = models.ForeignKey(
        "news.SectionPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("section"),
        help_text=_("Only this section's articles (empty: every section)."),
    )
    enabled = models.BooleanField(_("post new articles"), default=True)
    with_photo = models.BooleanField(
        _("with the hero image"),
        default=True,
        help_text=_("Post the hero image with a caption when the article has one."),
    )
    delete_when_unpublished = models.BooleanField(
        _("delete when unpublished"),
        default=False,
        help_text=_(
            "Delete the message when its article is unpublished (Telegram lets "
            "bots delete only messages less than 48 hours old)."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("chat_id"),
        FieldPanel("language"),
        FieldPanel("section"),
        FieldPanel("enabled"),
        FieldPanel("with_photo"),
        FieldPanel("delete_when_unpublished"),
    ]

    class Meta:
        verbose_name = _("Telegram channel")
        verbose_name_plural = _("Telegram channels")

    def __str__(self):
        return f"{self.name} ({self.chat_id})"


class TelegramPost(QueueItem):
    """An article for a channel: a row of the queue (caravan.queue: attempts,
    next_attempt_at, claimed_at, error), then the record of what was posted."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being posted")
        POSTED = "posted", _("Posted")
        FAILED = "failed", _("Failed")
        UNKNOWN = "unknown", _("Interrupted")
        CANCELLED = "cancelled", _("Not posted")
        DELETED = "deleted", _("Deleted")
        GONE = "gone", _("Gone from Telegram")

    channel = models.ForeignKey(
        TelegramChannel, on_delete=models.CASCADE, related_name="posts"
    )
    # Empty once the article is deleted: the post is kept, so the deletion
    # Wagtail's unpublish queued can still remove the message from the channel.
    article = models.ForeignKey(
        "news.ArticlePage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default="pending")
    posted_at = models.DateTimeField(_("posted"), null=True, blank=True)
    message_id = models.BigIntegerField(null=True, blank=True)
    # What was sent (or last edited to), to edit only when it changes, and how:
    # a photo's text is its caption (editMessageCaption), else editMessageText.
    method = models.CharField(max_length=20, blank=True)
    text = models.TextField(blank=True)
    # The picture a photo post shows (its address), to replace it
    # (editMessageMedia) when the article's hero image changes; empty: unknown.
    photo = models.TextField(blank=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Telegram post")
        verbose_name_plural = _("Telegram posts")
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "article"], name="one_post_per_article_and_channel"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        article = self.article if self.article_id else _("a deleted article")
        return f"{article} → {self.channel}"


class TelegramChange(QueueItem):
    """An edit or a deletion of a posted message: the same kind of queue as the
    posts. Both are idempotent in Telegram, so an interrupted one is tried again."""

    class Action(models.TextChoices):
        EDIT = "edit", _("Edit")
        DELETE = "delete", _("Delete")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Not needed")

    post = models.ForeignKey(
        TelegramPost,
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name=_("post"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default="pending"
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Telegram edit or deletion")
        verbose_name_plural = _("Telegram edits and deletions")
        constraints = [
            # Edits coalesce: the worker sends the article's text as it is then.
            models.UniqueConstraint(
                fields=["post", "action"],
                condition=models.Q(status="pending"),
                name="one_waiting_change_per_post_and_action",
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.get_action_display()}: {self.post}"


class TelegramOptOut(models.Model):
    """An article editors chose not to post to Telegram (kept here rather than
    as a field on the article, so the news app needs no change)."""

    article = models.OneToOneField(
        "news.ArticlePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("article"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Telegram opt-out")
        verbose_name_plural = _("Telegram opt-outs")

    def __str__(self):
        return str(self.article)

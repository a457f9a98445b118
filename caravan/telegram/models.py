"""Telegram channels articles are posted to, and one post row per article and
channel (the queue, and the record of what was posted)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


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

    panels = [
        FieldPanel("name"),
        FieldPanel("chat_id"),
        FieldPanel("language"),
        FieldPanel("section"),
        FieldPanel("enabled"),
        FieldPanel("with_photo"),
    ]

    class Meta:
        verbose_name = _("Telegram channel")
        verbose_name_plural = _("Telegram channels")

    def __str__(self):
        return f"{self.name} ({self.chat_id})"


class TelegramPost(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being posted")
        POSTED = "posted", _("Posted")
        FAILED = "failed", _("Failed")
        UNKNOWN = "unknown", _("Interrupted")

    channel = models.ForeignKey(
        TelegramChannel, on_delete=models.CASCADE, related_name="posts"
    )
    article = models.ForeignKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default="pending")
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    posted_at = models.DateTimeField(_("posted"), null=True, blank=True)
    message_id = models.BigIntegerField(null=True, blank=True)
    error = models.CharField(_("error"), max_length=255, blank=True)
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
        return f"{self.article} → {self.channel}"

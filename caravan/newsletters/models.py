"""Newsletters: lists readers subscribe to (double opt-in), editions of a list,
and one delivery row per edition and subscriber (the send queue)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, PreviewableMixin

from caravan.queue.models import QueueItem


class NewsletterList(models.Model):
    class Frequency(models.TextChoices):
        MANUAL = "manual", _("Composed by an editor")
        DAILY = "daily", _("Daily: the day's top stories")
        WEEKLY = "weekly", _("Weekly: the week's top stories")

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    public = models.BooleanField(
        _("offered on the site"),
        default=True,
        help_text=_("Readers can subscribe from the form on every article."),
    )
    section = models.ForeignKey(
        "news.SectionPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("section"),
        help_text=_("Automatic editions take stories from this section only."),
    )
    frequency = models.CharField(
        _("editions"), max_length=10, choices=Frequency.choices, default="manual"
    )
    send_hour = models.PositiveSmallIntegerField(
        _("send at (hour, UTC)"),
        default=6,
        help_text=_("Automatic editions are sent at this hour (weekly: from Monday)."),
    )
    story_count = models.PositiveSmallIntegerField(_("stories per edition"), default=8)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("language"),
        FieldPanel("public"),
        MultiFieldPanel(
            [
                FieldPanel("frequency"),
                FieldPanel("section"),
                FieldPanel("send_hour"),
                FieldPanel("story_count"),
            ],
            heading=_("Automatic editions"),
        ),
    ]

    class Meta:
        ordering = ["language", "name"]
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")

    def __str__(self):
        return f"{self.name} ({self.language})"


class Subscriber(models.Model):
    """One e-mail address. Its data is exported or deleted from the admin."""

    email = models.EmailField(_("e-mail"), max_length=254, unique=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    # A permanent delivery failure (5xx): nothing more is sent to the address.
    bounced_at = models.DateTimeField(_("bounced"), null=True, blank=True)
    bounce_reason = models.CharField(max_length=255, blank=True)

    panels = [FieldPanel("email"), FieldPanel("language"), FieldPanel("bounced_at")]

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self):
        return self.email


class Subscription(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    newsletter = models.ForeignKey(
        NewsletterList, on_delete=models.CASCADE, related_name="subscriptions"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default="pending")
    requested_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "newsletter"], name="one_subscription_per_list"
            )
        ]
        indexes = [models.Index(fields=["newsletter", "status"])]


class Edition(PreviewableMixin, ClusterableModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    newsletter = models.ForeignKey(
        NewsletterList,
        on_delete=models.PROTECT,
        related_name="editions",
        verbose_name=_("newsletter"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default="draft"
    )
    send_at = models.DateTimeField(
        _("send at"),
        null=True,
        blank=True,
        help_text=_("Scheduled editions go out at this time (empty: at once)."),
    )
    # Automatic editions: the period they cover (e.g. 2026-12-05), one per list.
    period = models.CharField(max_length=20, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)

    panels = [
        FieldPanel("newsletter"),
        FieldPanel("subject"),
        FieldPanel("intro"),
        InlinePanel("stories", label=_("Stories")),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("send_at")], heading=_("Sending")
        ),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "period"],
                condition=~models.Q(period=""),
                name="one_automatic_edition_per_period",
            )
        ]

    def __str__(self):
        return self.subject

    def delivery_progress(self) -> str:
        from .delivery import progress_of

        counts = progress_of(self)
        total = sum(counts.values())
        if not total:
            return "—"
        return _("%(sent)s of %(total)s sent, %(failed)s failed") % {
            "sent": counts["sent"],
            "total": total,
            "failed": counts["failed"],
        }

    delivery_progress.short_description = _("delivery")

    def get_preview_template(self, request, mode_name):
        return "newsletters/admin_preview.html"

    def get_preview_context(self, request, mode_name):
        from .messages import render_edition

        rendered = render_edition(self)
        return {"edition": self, "html": rendered.preview_html()}


class EditionStory(Orderable):
    edition = ParentalKey(Edition, on_delete=models.CASCADE, related_name="stories")
    article = models.ForeignKey(
        "news.ArticlePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("article"),
    )

    panels = [FieldPanel("article")]


class Delivery(QueueItem):
    """One edition to one subscriber: created when the edition is queued (never
    twice: the unique constraint), claimed before sending, marked after
    (caravan.queue: attempts, next_attempt_at, claimed_at, error)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        # A worker died between claiming and recording the result: the server
        # may have accepted it, so it is never sent again.
        UNKNOWN = "unknown", _("Interrupted")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default="pending")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "subscriber"], name="one_delivery_per_recipient"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class LegacyItem(models.Model):
    """One imported WordPress object: where it came from (WordPress id, old URL) and
    what it became. Makes re-imports idempotent and resolves old query-string URLs."""

    class Kind(models.TextChoices):
        AUTHOR = "author", _("author")
        CATEGORY = "category", _("category")
        TAG = "tag", _("tag")
        POST = "post", _("post")
        PAGE = "page", _("page")
        ATTACHMENT = "attachment", _("attachment")

    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Stable identity inside the export: post id, category/tag slug, author login.
    wp_key = models.CharField(max_length=255)
    # Numeric WordPress id (post id, term id, author id) for ?p= / ?cat= lookups.
    wp_id = models.BigIntegerField(null=True, blank=True)
    # Id in the system before WordPress (Joomla), from postmeta, for legacy patterns.
    legacy_id = models.CharField(max_length=64, blank=True)
    slug = models.CharField(max_length=255, blank=True)
    old_path = models.CharField(max_length=1000, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    # Where old URLs should go when the target is not a page (tags, image files).
    target_url = models.CharField(max_length=1000, blank=True)
    checksum = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("imported WordPress item")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "kind", "wp_key"], name="legacy_item_key"
            )
        ]
        indexes = [
            models.Index(fields=["wp_id", "kind"], name="legacy_item_wp_id"),
            models.Index(fields=["legacy_id"], name="legacy_item_legacy_id"),
            models.Index(fields=["slug", "kind"], name="legacy_item_slug"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.wp_key} → {self.old_path or '-'}"

    def get_url(self, request=None) -> str | None:
        if self.page_id and self.page is not None:
            # The site is known (select_related), so no Site lookup per request.
            return self.page.get_url(request=request, current_site=self.site)
        return self.target_url or None

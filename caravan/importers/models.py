from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from caravan.web.page_urls import site_root_paths


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
        # A podcast show the importer made or used (wp_key: "series:<slug>",
        # "channel:<name>" or "main:podcast"): found again if renamed or moved.
        SHOW = "show", _("podcast show")
        # A Redirect the importer made (wp_key: its old path): the only ones it
        # changes; a redirect an editor made at the same path is left alone.
        REDIRECT = "redirect", _("redirect")

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
    # Of the source item in the export (and what it resolved to: parent, author,
    # images), never of the importer's code: an unchanged item is left alone.
    checksum = models.CharField(max_length=64, blank=True)
    # The importer that wrote it: a newer one converts it again only when asked
    # (import_wordpress --reconvert).
    importer_version = models.PositiveSmallIntegerField(default=1)
    # What was imported, per source field (a digest each, the status as is), and
    # what the importer owns on the page (its view restriction, its tags): a
    # re-import reports what WordPress changed and touches only those.
    source = models.JSONField(default=dict, blank=True)
    # The page's newest revision and log entry when the importer last wrote it:
    # anything newer was done in Caravan, and the page is then kept.
    last_revision_id = models.BigIntegerField(null=True, blank=True)
    last_log_entry_id = models.BigIntegerField(null=True, blank=True)
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
        """Where the old URL goes now; None for a page that is not live (a
        draft's old ``?page_id=`` must not lead to a URL that answers 404)."""
        if self.page_id and self.page is not None:
            if not self.page.live:
                return None
            # The site is known (select_related), so no Site lookup per request.
            # The page is a plain Page, whose get_url reads the site root paths
            # from the shared cache (two queries whenever that key is missing);
            # handing it the process's memoised paths makes this lookup's cost
            # independent of what happened to warm that key before.
            holder = request if request is not None else self.page
            if not hasattr(holder, "_wagtail_cached_site_root_paths"):
                holder._wagtail_cached_site_root_paths = site_root_paths()
            url = self.page.get_url(request=request, current_site=self.site)
            # A route of the page (an old podcast feed URL → the show's rss/).
            route = self.target_url if self.kind == self.Kind.REDIRECT else ""
            if url and route and not route.startswith(("/", "http:", "https:")):
                return url + route
            return url
        return self.target_url or None

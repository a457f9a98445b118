"""A live blog: an article (``news.ArticlePage``: listed, fed, searched and
bylined like any other) whose page also shows timestamped updates, newest
first, with its key events summarised at the top.

Updates are plain rows, not page revisions: a contributor adds one from a short
form (``wagtail_hooks``), an editor publishes it, and only that live blog's
pages and fragments are purged (``purges``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField

from caravan.caching.conf import fresh_seconds
from caravan.news.models import ArticlePage

UPDATE_FEATURES = ["bold", "italic", "link", "ol", "ul"]


def poll_seconds() -> int:
    """How often readers' pages ask for new updates (the script's interval)."""
    return getattr(settings, "CARAVAN_LIVEBLOG_POLL_SECONDS", 15)


class LiveBlogPage(RoutablePageMixin, ArticlePage):
    coverage_start = models.DateTimeField(
        _("coverage starts"),
        null=True,
        blank=True,
        help_text=_("Leave empty to start with the first publication."),
    )
    coverage_end = models.DateTimeField(
        _("coverage ended"),
        null=True,
        blank=True,
        help_text=_("Set when the coverage is over: the page is then marked ended."),
    )

    content_panels = [
        *ArticlePage.content_panels,
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("coverage_start"), FieldPanel("coverage_end")])],
            heading=_("Live coverage"),
        ),
    ]
    parent_page_types = ["news.SectionPage"]
    subpage_types: list[str] = []
    template = "liveblogs/live_blog_page.html"

    class Meta:
        verbose_name = _("live blog")

    def listing_tags(self, view_name, route_kwargs):
        from .purges import live_blog_tag

        return {live_blog_tag(self.pk)}

    @property
    def started_at(self):
        return self.coverage_start or self.date_published or self.first_published_at

    def is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return self.coverage_end is None or self.coverage_end > now

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # The public policy runs no script; this page runs one (static/liveblogs).
        response._csp_replace = {"script-src": ["'self'"]}
        if getattr(request, "_cache_tags", None) is not None:
            # Kept by the page cache and Varnish until an update purges it, but
            # revalidated by browsers on every view (a 304 when nothing is new):
            # a reader without JavaScript who reloads sees the latest updates.
            response["Cache-Control"] = (
                f"public, max-age=0, must-revalidate, s-maxage={fresh_seconds()}"
            )
        return response

    @cached_property
    def shown_updates(self):
        """The page's published updates (the page, its fragment, its JSON-LD)."""
        from .selectors import live_blog_updates

        return live_blog_updates(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["updates"] = self.shown_updates
        context["poll_seconds"] = poll_seconds()
        return context

    def structured_data(self, article: dict, absolute) -> dict:
        """The SEO head's NewsArticle, as a LiveBlogPosting (caravan.seo)."""
        from .structured_data import live_blog_posting

        return live_blog_posting(self, article, absolute)

    @path("updates/")
    def updates_fragment(self, request):
        from .views import updates_fragment

        return updates_fragment(request, self)

    @path("updates/atom/")
    def updates_feed(self, request):
        from .feeds import updates_feed

        return updates_feed(request, self)


class LiveBlogUpdate(models.Model):
    """One timestamped update of a live blog."""

    live_blog = models.ForeignKey(
        LiveBlogPage,
        on_delete=models.CASCADE,
        related_name="updates",
        verbose_name=_("live blog"),
    )
    posted_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    author = models.ForeignKey(
        "people.AuthorPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    headline = models.CharField(
        _("headline"),
        max_length=200,
        blank=True,
        help_text=_("Optional; key events are listed by it at the top."),
    )
    body = RichTextField(_("text"), features=UPDATE_FEATURES)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )
    image_caption = models.CharField(_("image caption"), max_length=300, blank=True)
    embed_url = models.URLField(
        _("embed"),
        blank=True,
        help_text=_("A video or social post URL (YouTube, Vimeo, X …)."),
    )
    key_event = models.BooleanField(_("key event"), default=False)
    pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Kept at the top of the live blog.")
    )
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Only editors publish; contributors' updates wait for them."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("live_blog"),
        FieldRowPanel([FieldPanel("posted_at"), FieldPanel("author")]),
        FieldPanel("headline"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("image"), FieldPanel("image_caption")]),
        FieldPanel("embed_url"),
        FieldRowPanel([FieldPanel("key_event"), FieldPanel("pinned")]),
        # Contributors' updates wait for an editor (the field is not in their form).
        FieldPanel("published", permission="liveblogs.publish_liveblogupdate"),
    ]

    class Meta:
        verbose_name = _("live blog update")
        verbose_name_plural = _("live blog updates")
        ordering = ["-posted_at", "-pk"]
        permissions = [("publish_liveblogupdate", "Can publish live blog updates")]
        indexes = [
            models.Index(
                fields=["live_blog", "published", "-posted_at"],
                name="liveblog_update_newest",
            )
        ]

    def __str__(self) -> str:
        return self.headline or self.body_text[:80]

    @property
    def body_text(self) -> str:
        from django.utils.html import strip_tags

        return " ".join(strip_tags(self.body).split())

    @property
    def embed_html(self):
        """The embed as the article body shows one (a plain link when the
        provider cannot be reached)."""
        from wagtail.embeds.blocks import EmbedValue

        from caravan.core.blocks import SafeEmbedBlock

        return SafeEmbedBlock().render_basic(EmbedValue(self.embed_url))

    @property
    def anchor(self) -> str:
        return f"update-{self.pk}"

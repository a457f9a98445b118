from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import register_setting

from caravan.core.models import SiteWideSetting


@register_setting(icon="globe")
class SeoSettings(SiteWideSetting):
    """How the site presents itself to feed readers, search engines and social
    networks (feeds, sitemaps, JSON-LD, OpenGraph/Twitter cards)."""

    publisher_name = models.CharField(
        max_length=120,
        blank=True,
        help_text=_(
            "Publisher and Google News publication name; the site name if empty."
        ),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Publisher logo for structured data (a wide PNG or JPEG)."),
    )
    default_share_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when a page without its own image is shared."),
    )
    twitter_handle = models.CharField(
        max_length=40, blank=True, help_text=_("e.g. @caravan_news")
    )
    feed_full_content = models.BooleanField(
        default=False,
        help_text=_(
            "Put the whole article text in RSS/Atom feeds (otherwise the standfirst)."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("publisher_name"),
                FieldPanel("logo"),
                FieldPanel("default_share_image"),
                FieldPanel("twitter_handle"),
            ],
            heading=_("Publisher"),
        ),
        FieldPanel("feed_full_content"),
    ]

    class Meta:
        verbose_name = _("SEO and feeds")

    @property
    def twitter_site(self) -> str:
        handle = self.twitter_handle.strip()
        if handle and not handle.startswith("@"):
            handle = "@" + handle
        return handle

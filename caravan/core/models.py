import zoneinfo

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from caravan.caching.memo import Memo
from caravan.web.pages import ServedPage

from .blocks import BodyBlock

TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]


_setting_memos: dict[str, Memo] = {}


class SiteWideSetting(BaseSiteSetting):
    """Site settings read from this process's memo: every page reads them,
    editors change them rarely (saving one purges "chrome"). Each caller gets
    a copy (the admin edits the object it is given)."""

    class Meta:
        abstract = True

    @classmethod
    def for_site(cls, site):
        if site is None:
            return super().for_site(site)  # raises DoesNotExist, as Wagtail does
        label = cls._meta.label
        memo = _setting_memos.get(label)
        if memo is None:
            memo = _setting_memos[label] = Memo(
                f"settings:{label}", max_entries=100, copies=True
            )
        return memo.get(site.pk, lambda: super(SiteWideSetting, cls).for_site(site))


@register_setting(icon="site")
class SiteSettings(SiteWideSetting):
    """Per-site presentation settings editors can change without a deploy."""

    tagline = models.CharField(
        max_length=200, blank=True, default="News and analysis from Central Asia"
    )
    time_zone = models.CharField(
        max_length=64,
        choices=TIME_ZONE_CHOICES,
        default="Asia/Almaty",
        help_text=_("Dates on the site (masthead, bylines) are shown in this zone."),
    )
    archive_page_size = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "Articles per page on section, tag, country, author and search pages."
        ),
    )

    # The footer (on every page, in the cached frame: saving purges "chrome").
    about_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked as “About us” in the footer, in the reader's language."),
    )
    contact_email = models.EmailField(
        blank=True, help_text=_("Linked as “Contact” in the footer.")
    )
    telegram_url = models.URLField(blank=True, verbose_name="Telegram")
    x_url = models.URLField(blank=True, verbose_name="X")
    facebook_url = models.URLField(blank=True, verbose_name="Facebook")
    youtube_url = models.URLField(blank=True, verbose_name="YouTube")
    instagram_url = models.URLField(blank=True, verbose_name="Instagram")

    SOCIAL_FIELDS = (
        "telegram_url",
        "x_url",
        "facebook_url",
        "youtube_url",
        "instagram_url",
    )

    panels = [
        FieldPanel("tagline"),
        FieldPanel("time_zone"),
        FieldPanel("archive_page_size"),
        MultiFieldPanel(
            [
                FieldPanel("about_page"),
                FieldPanel("contact_email"),
                *[FieldPanel(name) for name in SOCIAL_FIELDS],
            ],
            heading=_("Footer"),
        ),
    ]

    class Meta:
        verbose_name = _("Site settings")

    def social_links(self) -> list[tuple[str, str]]:
        """(name, URL) of each profile set, in the footer's order."""
        return [
            (str(self._meta.get_field(name).verbose_name), getattr(self, name))
            for name in self.SOCIAL_FIELDS
            if getattr(self, name)
        ]

    def about_link(self) -> tuple[str, str] | None:
        """(title, URL) of the about page in the active language (its translation
        when there is a live one), or None."""
        page = self.about_page
        if page is None or not page.live:
            return None
        page = page.localized
        url = page.get_url()
        return (page.title, url) if url else None

    @property
    def localized_tagline(self) -> str:
        """The tagline in the active language: the default tagline is in the
        translation catalogue (caravan/locale); one an editor wrote shows as
        written."""
        return gettext(self.tagline) if self.tagline else ""

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @classmethod
    def for_site(cls, site):
        instance = super().for_site(site)
        # Templates show settings.site.site_name: keep the Site we already have.
        if instance.site_id == site.pk:
            cls.site.field.set_cached_value(instance, site)
        return instance


class StandardPage(ServedPage, Page):
    """A plain page: About, Contacts, imported WordPress pages."""

    introduction = models.TextField(blank=True)
    body = StreamField(BodyBlock(), blank=True)

    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    subpage_types = ["core.StandardPage"]

    class Meta:
        verbose_name = _("Standard page")


class SchedulerHeartbeat(models.Model):
    """When each periodic job last ran, so the admin can tell the scheduler is down
    (kept in the database because every web process must see it)."""

    job = models.CharField(max_length=60, unique=True)
    last_run_at = models.DateTimeField()
    last_error = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.job} @ {self.last_run_at:%Y-%m-%d %H:%M:%S}"


def site_time_zone() -> str | None:
    """The default site's display time zone (the page cache keys pages by its date)."""
    return (
        SiteSettings.objects.filter(site__is_default_site=True)
        .values_list("time_zone", flat=True)
        .first()
    )

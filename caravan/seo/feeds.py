"""RSS 2.0 and Atom feeds: the whole site, each section, tag, country and author.

Every feed is the newest FEED_SIZE published articles (``ArticlePage.objects
.published()``) in the feed's language, read with ``for_listing()`` so the number
of queries does not grow with the number of items.
"""

import re
from dataclasses import dataclass, field

from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.http import Http404
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page, Site

from caravan.news.models import ArticlePage, Country, HomePage, SectionPage
from caravan.news.selectors import by_author, for_listing

from .links import absolute

FEED_SIZE = 50
# One of the card renditions for_listing() prefetches, so enclosures cost no query.
ENCLOSURE_SPEC = "format-jpeg|fill-800x450"
FULL_CONTENT_CACHE_SECONDS = 24 * 3600
MEDIA_NS = "http://search.yahoo.com/mrss/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
_RELATIVE_ATTR = re.compile(r'(\s(?:href|src|poster)=")/(?!/)')
_SRCSET = re.compile(r'(\ssrcset=")([^"]*)(")')


def absolutize_html(html: str, root: str) -> str:
    """Make every root-relative href/src/srcset in ``html`` absolute on ``root``."""
    html = _RELATIVE_ATTR.sub(lambda m: f"{m.group(1)}{root}/", html)

    def srcset(m):
        parts = []
        for candidate in m.group(2).split(","):
            candidate = candidate.strip()
            if candidate.startswith("/") and not candidate.startswith("//"):
                candidate = root + candidate
            parts.append(candidate)
        return m.group(1) + ", ".join(parts) + m.group(3)

    return _SRCSET.sub(srcset, html)


class MediaRssFeed(Rss201rev2Feed):
    """RSS 2.0 with media:content for the hero image and content:encoded."""

    def rss_attributes(self):
        attrs = super().rss_attributes()
        attrs["xmlns:media"] = MEDIA_NS
        attrs["xmlns:content"] = CONTENT_NS
        attrs["xmlns:dc"] = "http://purl.org/dc/elements/1.1/"
        return attrs

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])
        _add_media(handler, item)


class MediaAtomFeed(Atom1Feed):
    def root_attributes(self):
        attrs = super().root_attributes()
        attrs["xmlns:media"] = MEDIA_NS
        return attrs

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})
        _add_media(handler, item)


def _add_media(handler, item):
    media = item.get("media")
    if not media:
        return
    handler.addQuickElement(
        "media:content",
        None,
        {
            "url": media["url"],
            "medium": "image",
            "type": "image/jpeg",
            "width": str(media["width"]),
            "height": str(media["height"]),
        },
    )


@dataclass
class Channel:
    """What one feed is about, resolved from the URL before any item is read."""

    title: str
    link: str  # the matching HTML page (absolute)
    description: str
    articles: object  # a queryset of ArticlePage
    language: str
    request: object = None
    full_content: bool = False
    publisher: str = ""
    items: list = field(default_factory=list)


class ArticleFeed(Feed):
    feed_type = MediaRssFeed

    def __init__(self, channel: Channel):
        super().__init__()
        self.channel = channel

    def get_object(self, request, *args, **kwargs):
        return self.channel

    def title(self, obj):
        return obj.title

    def link(self, obj):
        return obj.link

    def feed_url(self, obj):
        return absolute(obj.request, obj.request.path)

    def description(self, obj):
        return obj.description

    def subtitle(self, obj):
        return obj.description

    def author_name(self, obj):
        return obj.publisher

    def feed_copyright(self, obj):
        return f"© {obj.publisher}"

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["language"] = obj.language
        return feed

    def items(self, obj):
        if not obj.items:
            obj.items = list(for_listing(obj.articles)[:FEED_SIZE])
        return obj.items

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return absolute(self.channel.request, item.get_url(self.channel.request))

    def item_guid(self, item):
        # Stable across moves, renames and translations (each translation is a page).
        host = self.channel.request.get_host().split(":")[0]
        return f"tag:{host},2025:article-{item.pk}"

    item_guid_is_permalink = False

    def item_description(self, item):
        return item.standfirst or item.search_description or item.title

    def item_author_name(self, item):
        names = [link.author.title for link in item.article_authors.all()]
        return ", ".join(names) or self.channel.publisher

    def item_pubdate(self, item):
        return item.date_published

    def item_updateddate(self, item):
        return item.date_updated or item.last_published_at or item.date_published

    def item_categories(self, item):
        # Tags are read per item: a prefetch is one query per feed, not per item.
        return self._categories.get(item.pk, [])

    def _hero(self, item):
        if not item.hero_image:
            return None
        try:
            return item.hero_image.get_rendition(ENCLOSURE_SPEC)
        except (OSError, SourceImageIOError):  # a missing file must not break it
            return None

    def item_enclosures(self, item):
        rendition = self._hero(item)
        if rendition is None:
            return []
        try:
            size = rendition.file.size
        except OSError:
            size = 0
        url = absolute(self.channel.request, rendition.url)
        return [Enclosure(url, str(size), "image/jpeg")]

    def item_extra_kwargs(self, item):
        extra = {}
        rendition = self._hero(item)
        if rendition is not None:
            extra["media"] = {
                "url": absolute(self.channel.request, rendition.url),
                "width": rendition.width,
                "height": rendition.height,
            }
        if self.channel.full_content:
            extra["content_html"] = self._full_content(item)
        return extra

    def _full_content(self, item) -> str:
        root = absolute(self.channel.request, "/").rstrip("/")
        stamp = item.last_published_at.timestamp() if item.last_published_at else 0
        key = f"caravan:feed-content:{item.pk}:{stamp}:{root}"
        html = cache.get(key)
        if html is None:
            body = item.body.render_as_block() if item.body else ""
            html = absolutize_html(str(body), root)
            if item.standfirst:
                html = f"<p><strong>{strip_tags(item.standfirst)}</strong></p>{html}"
            cache.set(key, html, FULL_CONTENT_CACHE_SECONDS)
        return html

    def __call__(self, request, *args, **kwargs):
        self.channel.request = request
        items = self.items(self.channel)
        self._categories = _categories_for(items)
        return super().__call__(request, *args, **kwargs)


class AtomArticleFeed(ArticleFeed):
    feed_type = MediaAtomFeed


def _categories_for(items) -> dict[int, list[str]]:
    """Section, countries and tags of every item in three queries."""
    from caravan.news.models import ArticleTag

    ids = [item.pk for item in items]
    if not ids:
        return {}
    categories: dict[int, list[str]] = {pk: [] for pk in ids}
    section_paths = {item.pk: item.path[: -item.steplen] for item in items}
    titles = dict(
        Page.objects.filter(path__in=set(section_paths.values())).values_list(
            "path", "title"
        )
    )
    for pk, path in section_paths.items():
        if path in titles:
            categories[pk].append(titles[path])
    through = ArticlePage.countries.through
    for pk, name in through.objects.filter(articlepage_id__in=ids).values_list(
        "articlepage_id", "country__name"
    ):
        categories[pk].append(name)
    for pk, name in (
        ArticleTag.objects.filter(content_object_id__in=ids)
        .order_by("tag__name")
        .values_list("content_object_id", "tag__name")
    ):
        categories[pk].append(name)
    return categories


# --- resolving the subject of a feed from its URL ---


def _settings(request):
    from .models import SeoSettings

    return SeoSettings.for_request(request)


def _site_root(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site")
    root = site.root_page.localized.specific
    if not root.live or root.locale.language_code != translation.get_language():
        raise Http404("No home page in this language")
    return site, root


def _channel(request, *, title, link, description, articles) -> Channel:
    seo = _settings(request)
    site = Site.find_for_request(request)
    publisher = seo.publisher_name or (site.site_name if site else "") or "Caravan"
    language = translation.get_language() or "en"
    return Channel(
        title=f"{title} — {publisher}" if title != publisher else title,
        link=absolute(request, link),
        description=description,
        articles=articles,
        language=language,
        full_content=seo.feed_full_content,
        publisher=publisher,
    )


def _published_here(root):
    return ArticlePage.objects.published().filter(locale_id=root.locale_id)


def _respond(request, channel: Channel, fmt: str | None):
    feed_class = AtomArticleFeed if fmt else ArticleFeed
    response = feed_class(channel)(request)
    response["Cache-Control"] = "public, max-age=300"
    return response


def site_feed(request, fmt=None):
    site, root = _site_root(request)
    from caravan.core.models import SiteSettings

    tagline = SiteSettings.for_request(request).localized_tagline
    name = _settings(request).publisher_name or site.site_name or "Caravan"
    channel = _channel(
        request,
        title=name,
        link=root.get_url(request),
        description=tagline or name,
        articles=_published_here(root).descendant_of(root),
    )
    return _respond(request, channel, fmt)


def tag_feed(request, slug, fmt=None):
    _site, root = _site_root(request)
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise Http404("No such tag")
    channel = _channel(
        request,
        title=tag.name,
        link=root.get_url(request) + f"tag/{tag.slug}/",
        description=_("Articles tagged “%(name)s”") % {"name": tag.name},
        articles=_published_here(root).filter(tags=tag),
    )
    return _respond(request, channel, fmt)


def country_feed(request, slug, fmt=None):
    _site, root = _site_root(request)
    country = Country.objects.filter(slug=slug).first()
    if country is None:
        raise Http404("No such country")
    channel = _channel(
        request,
        title=country.name,
        link=root.get_url(request) + f"country/{country.slug}/",
        description=_("News from %(name)s") % {"name": country.name},
        articles=_published_here(root).filter(countries=country),
    )
    return _respond(request, channel, fmt)


def page_feed(request, page_path, fmt=None):
    """``<section-url>feed/`` and ``<author-url>feed/`` (and ``…/feed/atom/``)."""
    from caravan.people.models import AuthorPage

    _site, root = _site_root(request)
    page = (
        Page.objects.live()
        .public()
        .filter(url_path=root.url_path + page_path, locale_id=root.locale_id)
        .first()
    )
    if page is None:
        raise Http404("No such page")
    page = page.specific
    if isinstance(page, SectionPage):
        articles = _published_here(root).in_section(page)
        description = page.introduction or page.title
    elif isinstance(page, AuthorPage):
        articles = by_author(_published_here(root), page)
        description = _("Articles by %(name)s") % {"name": page.title}
    elif isinstance(page, HomePage):
        return site_feed(request, fmt)
    else:
        raise Http404("This page has no feed")
    channel = _channel(
        request,
        title=page.title,
        link=page.get_url(request),
        description=description,
        articles=articles,
    )
    return _respond(request, channel, fmt)

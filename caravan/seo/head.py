"""Everything a page's <head> says to search engines, feed readers and social
networks: canonical URL, robots, hreflang alternates, feed discovery, pagination
links, OpenGraph/Twitter cards and JSON-LD. One pass per request, a few queries."""

import functools
import json
import logging
import unicodedata

from django.conf import settings
from django.urls import NoReverseMatch, translate_url
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from wagtail.images.models import SourceImageIOError
from wagtail.models import Site

from caravan.caching.keys import full_path_as_read
from caravan.caching.memo import Memo
from caravan.web.templating import gettext as _  # Django's, remembered per language
from caravan.web.templating import url as named_url

from .links import absolute

# The site's live home page in each language, per site.
HOMES = Memo("seo-homes", max_entries=100)
# What every page of a site, language, host and publisher shares (the
# publisher's JSON-LD, the site feeds), per name.
SHARED = Memo("seo-shared", max_entries=1000)

logger = logging.getLogger(__name__)
IMAGE_ERRORS = (OSError, SourceImageIOError)
ARTICLE_IMAGE_SPECS = {
    "16x9": "format-jpeg|fill-1200x675",
    "4x3": "format-jpeg|fill-1200x900",
    "1x1": "format-jpeg|fill-1200x1200",
}
LOGO_SPEC = "format-png|max-600x60"
PHOTO_SPEC = "format-jpeg|fill-400x400"
OG_LOCALES = {
    "en": "en_US",
    "ru": "ru_RU",
    "kk": "kk_KZ",
    "ky": "ky_KG",
    "uz": "uz_UZ",
    "tg": "tg_TJ",
    "tk": "tk_TM",
}


def json_ld(data) -> str:
    """A <script type="application/ld+json"> that no string can break out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(  # <, > and & are escaped above
        f'<script type="application/ld+json">{text}</script>'
    )


def og_locale(language: str) -> str:
    return OG_LOCALES.get(language, language.replace("-", "_"))


_UNSET = object()


def _once(method):
    """A method computed once per Head: the template and the JSON-LD ask for the
    canonical URL, the alternates and the description several times."""
    name = f"_once_{method.__name__}"

    @functools.wraps(method)
    def wrapper(self):
        value = self.__dict__.get(name, _UNSET)
        if value is _UNSET:
            value = self.__dict__[name] = method(self)
        return value

    return wrapper


def _headline(title: str, length: int = 110) -> str:
    """``Truncator(title).chars(110)``: a title that short comes back whole
    (normalised), without counting its characters one by one."""
    if len(title) <= length:
        return unicodedata.normalize("NFC", title)
    return Truncator(title).chars(length)


def _text(value, words=50) -> str:
    return Truncator(" ".join(strip_tags(value or "").split())).words(words)


class Head:
    def __init__(self, context):
        self.context = context
        self.request = context.get("request")
        page = context.get("page")
        self.page = getattr(page, "specific", page) if page is not None else None
        self.page_obj = context.get("page_obj")
        self.kind = context.get("kind")
        self.subject = context.get("subject")
        self.language = translation.get_language() or settings.LANGUAGE_CODE
        self.site = Site.find_for_request(self.request) if self.request else None
        from caravan.core.models import SiteSettings

        from .models import SeoSettings

        self.seo = SeoSettings.for_request(self.request) if self.request else None
        self.site_settings = (
            SiteSettings.for_request(self.request) if self.request else None
        )
        self.site_name = (self.site.site_name if self.site else "") or "Caravan"
        self.publisher = (self.seo.publisher_name if self.seo else "") or self.site_name
        self._urls: dict = {}

    # --- helpers ---

    def abs(self, url: str) -> str:
        return absolute(self.request, url)

    def page_url(self, page) -> str:
        # The page itself, its authors and ancestors are linked several times
        # (a preview of a new page has no pk yet: not kept).
        key = page.pk
        if key is None:
            return page.get_url(self.request) or "/"
        if key not in self._urls:
            self._urls[key] = page.get_url(self.request) or "/"
        return self._urls[key]

    @property
    def is_article(self) -> bool:
        from caravan.news.models import ArticlePage

        return isinstance(self.page, ArticlePage) and not self.kind

    # --- what the template shows ---

    @_once
    def canonical(self) -> str | None:
        if self.page is None:
            return None
        base = self.abs(self.request.path if self.kind else self.page_url(self.page))
        if self.page_obj is not None and self.page_obj.number > 1:
            return f"{base}?page={self.page_obj.number}"
        return base

    @_once
    def noindex(self) -> bool:
        if self.page is None:
            return False
        return self.page_obj is not None and self.page_obj.paginator.count == 0

    def _remainder(self) -> str:
        """The sub-route after the page's own URL (tag/x/ on the home page)."""
        if not self.kind:
            return ""
        own = self.page_url(self.page)
        path = self.request.path
        return path[len(own) :] if path.startswith(own) else ""

    def _translations(self):
        if not hasattr(self, "_translations_cache"):
            if self.page is None:
                self._translations_cache = []
            elif self._untranslated():
                self._translations_cache = [self.page]
            else:
                self._translations_cache = list(
                    self.page.get_translations(inclusive=True)
                    .live()
                    .select_related("locale")
                    .order_by("locale__language_code")
                )
        return self._translations_cache

    def _untranslated(self) -> bool:
        """Routing counted the page's live translations (and loaded its locale,
        web.routing.with_live_translations): itself only."""
        return self.page.live and getattr(self.page, "live_translations", None) == 1

    def _ancestors(self) -> list:
        """Ancestors below the root, top first (from routing: usually no query)."""
        if not hasattr(self, "_ancestors_cache"):
            from caravan.web.routing import loaded_ancestors

            self._ancestors_cache = loaded_ancestors(self.page)
        return self._ancestors_cache

    def _parent_title(self) -> str:
        ancestors = self._ancestors()
        return ancestors[-1].title if ancestors else self.page.get_parent().title

    def _page_language(self) -> str:
        """The page's language, from its translations (loaded with their locales)
        when it is among them, else from its locale."""
        for translation_ in self._translations():
            if translation_.pk == self.page.pk:
                return translation_.locale.language_code
        return self.page.locale.language_code

    def _homes(self) -> dict:
        """The site's live home page in each language (from the site-wide memo)."""
        if self.site is None:
            return {}
        root = self.site.root_page
        return HOMES.get(
            self.site.pk,
            lambda: {
                home.locale.language_code: home
                # Specific: HomePage's URLs skip Wagtail's reverse() per link.
                for home in root.get_translations(inclusive=True)
                .live()
                .select_related("locale")
                .specific()
            },
        )

    @_once
    def alternates(self) -> list[dict]:
        if self.page is None or self.noindex():
            return []
        remainder = self._remainder()
        links = [
            {
                "hreflang": t.locale.language_code,
                "href": self.abs(self.page_url(t) + remainder),
            }
            for t in self._translations()
        ]
        if not links:
            return []
        default = next(
            (a for a in links if a["hreflang"] == settings.LANGUAGE_CODE),
            next((a for a in links if a["hreflang"] == self.language), links[0]),
        )
        links.append({"hreflang": "x-default", "href": default["href"]})
        return links

    def languages(self) -> list[dict]:
        """The header's language switcher: this page in each language, or that
        language's home page when there is no translation."""
        names = dict(settings.LANGUAGES)
        by_language = {t.locale.language_code: t for t in self._translations()}
        remainder = self._remainder()
        homes = self._homes()
        choices = []
        for code, _name in settings.LANGUAGES:
            info = translation.get_language_info(code)
            if code in by_language:
                url = self.page_url(by_language[code]) + remainder
            elif self.page is None and code in homes:
                here = full_path_as_read(self.request)
                url = translate_url(here, code)
                if code != self.language and url == here:
                    url = self.page_url(homes[code])
            elif code in homes:
                url = self.page_url(homes[code])
            else:
                continue
            choices.append(
                {
                    "code": code,
                    "name": info.get("name_local") or str(names[code]),
                    "url": url,
                    "current": code == self.language,
                }
            )
        return choices if len(choices) > 1 else []

    def _shared(self, name: str, build):
        """``build()`` for this site, language, host and publisher, kept in the
        process while "chrome" (sites, settings, home pages) is unchanged: the
        same on every page of the site. Read-only."""
        key = (
            getattr(self.site, "pk", None),
            self.language,
            self.abs("/"),
            self.publisher,
        )
        return SHARED.get((name, *key), build)

    def feeds(self) -> list[dict]:
        from caravan.news.models import SectionPage
        from caravan.people.models import AuthorPage

        feeds = []
        try:
            site_rss, site_atom = named_url("feeds:site"), named_url("feeds:site_atom")
        except NoReverseMatch:
            return []
        site_feeds = self._shared(
            "site-feeds",
            lambda: self._feed_links(
                [
                    (self.publisher, site_rss, "rss"),
                    (self.publisher, site_atom, "atom"),
                ]
            ),
        )
        if self.kind in ("tag", "country") and self.subject is not None:
            slug = self.subject.slug
            name = self.subject.name
            feeds += [
                (name, named_url(f"feeds:{self.kind}", slug), "rss"),
                (name, named_url(f"feeds:{self.kind}_atom", slug), "atom"),
            ]
        elif isinstance(self.page, SectionPage | AuthorPage) and not self.kind:
            url = self.page_url(self.page)
            feeds += [
                (self.page.title, url + "feed/", "rss"),
                (self.page.title, url + "feed/atom/", "atom"),
            ]
        return self._feed_links(feeds) + site_feeds

    def _feed_links(self, feeds) -> list[dict]:
        return [
            {
                "title": f"{title} ({'RSS' if fmt == 'rss' else 'Atom'})",
                "href": self.abs(href),
                "type": "application/rss+xml"
                if fmt == "rss"
                else "application/atom+xml",
            }
            for title, href, fmt in feeds
        ]

    def pagination(self) -> dict:
        links = {}
        if self.page_obj is None or self.page is None:
            return links
        base = self.abs(self.request.path)
        if self.page_obj.has_previous():
            number = self.page_obj.previous_page_number()
            links["prev"] = base if number == 1 else f"{base}?page={number}"
        if self.page_obj.has_next():
            links["next"] = f"{base}?page={self.page_obj.next_page_number()}"
        return links

    # --- titles, descriptions, images ---

    @_once
    def title(self) -> str:
        if self.kind and self.subject is not None:
            return self.subject.name
        if self.page is None:
            return self.site_name
        if self.page.depth <= 2 or self._is_home():
            return self.site_name
        return self.page.seo_title or self.page.title

    def _is_home(self) -> bool:
        from caravan.news.models import HomePage

        return isinstance(self.page, HomePage)

    @_once
    def description(self) -> str:
        page = self.page
        tagline = self.site_settings.localized_tagline if self.site_settings else ""
        if page is None:
            return tagline
        if self.kind == "tag":
            return _("Articles tagged “%(name)s”") % {"name": self.subject.name}
        if self.kind == "country":
            return _("News from %(name)s") % {"name": self.subject.name}
        if page.search_description:
            return page.search_description
        for attribute in ("standfirst", "introduction", "role"):
            value = getattr(page, attribute, "")
            if value:
                return _text(value, 40)
        return tagline

    def article_images(self) -> dict:
        if not self.is_article or not self.page.hero_image:
            return {}
        if not hasattr(self, "_article_images"):
            try:
                renditions = self.page.hero_image.get_renditions(
                    *ARTICLE_IMAGE_SPECS.values()
                )
            except IMAGE_ERRORS:
                renditions = {}
            self._article_images = {
                ratio: renditions[spec]
                for ratio, spec in ARTICLE_IMAGE_SPECS.items()
                if spec in renditions
            }
        return self._article_images

    def share_image(self) -> dict | None:
        images = self.article_images()
        rendition = images.get("16x9")
        alt = self.page.hero_caption if rendition is not None else ""
        if rendition is None:
            image = None
            from caravan.people.models import AuthorPage

            if isinstance(self.page, AuthorPage) and not self.kind:
                image = self.page.photo
            elif self.seo is not None:
                image = self.seo.default_share_image
            if image is None:
                return None
            try:
                rendition = image.get_rendition(
                    PHOTO_SPEC
                    if image is getattr(self.page, "photo", None)
                    else ARTICLE_IMAGE_SPECS["16x9"]
                )
            except IMAGE_ERRORS:
                return None
            alt = ""
        return {
            "url": self.abs(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": alt or self.title(),
        }

    # --- JSON-LD ---

    def organization(self) -> dict:
        """The publisher, as JSON-LD (shared: read-only)."""
        return self._shared("organization", self._organization)

    def _organization(self) -> dict:
        home = self._homes().get(self.language) or (
            self.site.root_page if self.site else None
        )
        org = {
            "@type": "NewsMediaOrganization",
            "name": self.publisher,
            "url": self.abs(self.page_url(home) if home else "/"),
        }
        logo = self.seo.logo if self.seo else None
        if logo is not None:
            try:
                rendition = logo.get_rendition(LOGO_SPEC)
                org["logo"] = {
                    "@type": "ImageObject",
                    "url": self.abs(rendition.url),
                    "width": rendition.width,
                    "height": rendition.height,
                }
            except IMAGE_ERRORS:
                logger.warning("Publisher logo cannot be rendered", exc_info=True)
        if self.seo and self.seo.twitter_site:
            org["sameAs"] = [f"https://x.com/{self.seo.twitter_site[1:]}"]
        return org

    def breadcrumbs(self) -> dict | None:
        if self.page is None:
            return None
        items = []
        ancestors = self._ancestors()
        if self.kind:
            trail = [(_("Home"), self.page_url(self.page))]
            trail.append((self.subject.name, self.request.path))
        else:
            trail = [
                (_("Home") if i == 0 else a.title, self.page_url(a))
                for i, a in enumerate(ancestors)
            ]
            if not ancestors:
                return None
            trail.append((self.page.title, self.page_url(self.page)))
        for position, (name, url) in enumerate(trail, start=1):
            items.append(
                {
                    "@type": "ListItem",
                    "position": position,
                    "name": str(name),
                    "item": self.abs(url),
                }
            )
        return {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": items,
        }

    def _person(self, author) -> dict:
        return {
            "@type": "Person",
            "name": author.title,
            "url": self.abs(self.page_url(author)),
        }

    def structured_data(self) -> list[dict]:
        from caravan.news.models import HomePage, SectionPage
        from caravan.people.models import AuthorPage

        page = self.page
        if page is None:
            return []
        data = []
        canonical = self.canonical()
        if self.is_article:
            images = self.article_images()
            keywords = [c.name for c in page.relations.countries] + [
                t.name for t in page.relations.tags
            ]
            modified = (
                page.date_updated or page.last_published_at or page.date_published
            )
            article = {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": _headline(page.title),
                "description": self.description(),
                "url": canonical,
                "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
                "inLanguage": self._page_language(),
                "author": [self._person(author) for author in page.relations.authors],
                "publisher": self.organization(),
                "articleSection": self._parent_title(),
                "keywords": keywords,
                "isAccessibleForFree": True,
            }
            if images:
                article["image"] = [
                    self.abs(rendition.url) for rendition in images.values()
                ]
            if page.date_published:
                article["datePublished"] = page.date_published.replace(
                    microsecond=0
                ).isoformat()
            if modified:
                article["dateModified"] = (
                    max(filter(None, [modified, page.date_published]))
                    .replace(microsecond=0)
                    .isoformat()
                )
            # A page type may say more of itself (a live blog: LiveBlogPosting).
            extend = getattr(page, "structured_data", None)
            if extend is not None:
                article = extend(article, self.abs)
            data.append(article)
        elif isinstance(page, HomePage) and not self.kind:
            search = self.abs(named_url("search:search"))
            data.append(
                {
                    "@context": "https://schema.org",
                    "@type": "WebSite",
                    "name": self.site_name,
                    "url": canonical,
                    "inLanguage": self.language,
                    "publisher": self.organization(),
                    "potentialAction": {
                        "@type": "SearchAction",
                        "target": {
                            "@type": "EntryPoint",
                            "urlTemplate": f"{search}?q={{search_term_string}}",
                        },
                        "query-input": "required name=search_term_string",
                    },
                }
            )
        elif isinstance(page, AuthorPage) and not self.kind:
            person = self._person(page)
            if page.role:
                person["jobTitle"] = page.role
            if page.first_name:
                person["givenName"] = page.first_name
            if page.last_name:
                person["familyName"] = page.last_name
            if page.bio:
                person["description"] = _text(page.bio, 60)
            image = self.share_image()
            if image:
                person["image"] = image["url"]
            same_as = [link.value["url"] for link in page.links]
            if same_as:
                person["sameAs"] = same_as
            person["worksFor"] = {
                "@type": "NewsMediaOrganization",
                "name": self.publisher,
            }
            data.append(
                {
                    "@context": "https://schema.org",
                    "@type": "ProfilePage",
                    "url": canonical,
                    "mainEntity": person,
                }
            )
        elif isinstance(page, SectionPage) or self.kind:
            data.append(
                {
                    "@context": "https://schema.org",
                    "@type": "CollectionPage",
                    "name": self.title(),
                    "url": canonical,
                    "inLanguage": self.language,
                }
            )
        crumbs = self.breadcrumbs()
        if crumbs and not (isinstance(page, HomePage) and not self.kind):
            data.append(crumbs)
        return data

    def og_type(self) -> str:
        from caravan.people.models import AuthorPage

        if self.is_article:
            return "article"
        if isinstance(self.page, AuthorPage) and not self.kind:
            return "profile"
        return "website"

    def as_context(self) -> dict:
        image = self.share_image() if self.page is not None else None
        canonical = self.canonical()
        article = None
        if self.is_article:
            page = self.page
            article = {
                "published": page.date_published,
                "modified": page.date_updated or page.last_published_at,
                "section": self._parent_title(),
                "tags": [t.name for t in page.relations.tags],
                "authors": [
                    self.abs(self.page_url(author)) for author in page.relations.authors
                ],
            }
        return {
            "canonical": canonical,
            "noindex": self.noindex(),
            "alternates": self.alternates(),
            "feeds": self.feeds(),
            "pagination": self.pagination(),
            "og": {
                "type": self.og_type(),
                "title": self.title(),
                "description": self.description(),
                "url": canonical or self.abs(self.request.path),
                "site_name": self.site_name,
                "locale": og_locale(self.language),
                "locale_alternates": [
                    og_locale(a["hreflang"])
                    for a in self.alternates()
                    if a["hreflang"] not in ("x-default", self.language)
                ],
                "image": image,
            },
            "twitter_site": self.seo.twitter_site if self.seo else "",
            "article": article,
            "json_ld": [json_ld(item) for item in self.structured_data()],
        }

"""What a Caravan page type takes from the serving layer, and what it tells the
page cache.

Each page type says which purge tags its served copy carries (``cache_tags``)
and which tags a change to it purges (``purge_tags``); ``caravan.web.signals``
asks the page when it is published, unpublished, moved or deleted, and
``caravan.web.wagtail_hooks`` when it is served. The tags this layer names:

  chrome         the site's frame: sites, locales, settings, the home page and
                 sections (navigation, breadcrumbs, URLs), view restrictions
  p:<pk>         the page itself: its content, title and URL
  tree:<path>    pages under a tree path (their breadcrumbs and URLs)
  list:<path>    listings of the page at <path> (a home page or section)
  locale:<pk>    language-wide lists shown on every page of a locale (the
                 newest articles)

``caravan.caching.tags`` names the mechanism's own (``all``, ``content``,
``notfound``); apps name theirs (news: ``tag:``, ``country:``, ``byline:``;
rates: ``ticker``).
"""

from __future__ import annotations

from caravan.caching.tags import ancestor_paths

from .page_urls import PrefixedUrlMixin
from .routing import MemoisedRestrictionsMixin


def own_tags(page) -> set[str]:
    """Any served page: itself, its ancestors (breadcrumbs and URL) and its
    locale's lists."""
    tags = {f"p:{page.pk}", f"locale:{page.locale_id}"}
    return tags | {f"tree:{p}" for p in ancestor_paths(page.path, page.steplen)}


def change_tags(page) -> set[str]:
    """Any page that changes: itself, the pages under it, the listings of its
    ancestors, whatever lists everything, and 404s (it may fill a URL that
    answered 404)."""
    tags = {f"p:{page.pk}", f"tree:{page.path}", "content", "notfound"}
    return tags | {f"list:{p}" for p in ancestor_paths(page.path, page.steplen)}


class CachedPageMixin:
    def cache_tags(self, view_name: str = "", route_kwargs=None) -> set[str]:
        """The tags of this page's served copy: its own and what it lists."""
        return own_tags(self) | self.listing_tags(view_name, route_kwargs or {})

    def listing_tags(self, view_name: str, route_kwargs: dict) -> set[str]:
        """What the page lists besides itself. By default anything: any
        publication refreshes it."""
        return {"content"}

    def purge_tags(self) -> set[str]:
        """Tags to purge when this page is published, unpublished, moved or
        deleted, from its state in the database now."""
        return change_tags(self)


class ServedPage(CachedPageMixin, PrefixedUrlMixin, MemoisedRestrictionsMixin):
    """The mixins every Caravan page type takes (put before ``Page``): cache
    tags, page URLs without a reverse() per link, memoised view restrictions."""


def served_page_tags(page, view_name: str = "", route_kwargs=None) -> set[str]:
    """Tags for any page as served; a page type of another app (Wagtail's root)
    gets the defaults."""
    method = getattr(page, "cache_tags", None)
    if method is not None:
        return method(view_name, route_kwargs)
    return own_tags(page) | {"content"}


def page_purge_tags(page) -> set[str]:
    specific = page.specific_deferred
    method = getattr(specific, "purge_tags", None)
    if method is not None:
        return method()
    return change_tags(page)

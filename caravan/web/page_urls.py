"""Page URLs without a ``reverse()`` per link.

Wagtail's ``Page.get_url_parts`` reverses ``wagtail_serve`` inside
``translation.override`` for every link: ~60 µs, and an article page shows
~25 links (breadcrumb, byline, cards, canonical and JSON-LD). That reverse only
ever puts the language's i18n prefix ("/" or "/ru/") in front of the page's
path below the site root, quoted as Django quotes URLs; the prefix is reversed
once per language and URLconf here, and the rest is string work.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Site

from caravan.caching.memo import Memo, Store, memoised_function

_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what reverse() leaves unquoted


@memoised_function("serve-pattern", 1)
def _serve_regex():
    from wagtail.urls import serve_pattern  # imports views: not at model loading

    return re.compile(serve_pattern)


@memoised_function("language-prefixes", 64)
def _prefix(language: str, urlconf) -> str:
    """The i18n prefix of ``language``'s pages, without the script prefix."""
    with translation.override(language):
        path = reverse("wagtail_serve", args=[""], urlconf=urlconf)
    script = get_script_prefix()
    return "/" + path[len(script) :] if path.startswith(script) else path


def serve_path(language: str, path: str) -> str | None:
    """What ``reverse("wagtail_serve", args=[path])`` gives under ``language``;
    None where the pattern does not match (reverse would raise NoReverseMatch)."""
    return _serve_path(language, path, get_urlconf(), get_script_prefix())


@memoised_function("serve-paths", 20_000)
def _serve_path(language, path, urlconf, script_prefix) -> str | None:
    # Pages are linked over and over (cards, bylines, breadcrumbs): the regex,
    # the quoting and the settings lookups run once per page and language.
    if not _serve_regex().match(path):
        return None
    prefix = _prefix(language, urlconf or settings.ROOT_URLCONF)
    path = script_prefix + quote(prefix[1:] + path, safe=_SAFE)
    if not getattr(settings, "WAGTAIL_APPEND_SLASH", True) and path != "/":
        path = path.rstrip("/")
    return path


def _i18n_enabled() -> bool:
    return getattr(settings, "WAGTAIL_I18N_ENABLED", False)


SITE_ROOT_PATHS = Memo("site-root-paths", max_entries=1)


def site_root_paths():
    """``Site.get_site_root_paths()`` from the process's memo: Wagtail keeps them
    in the shared cache, a round trip on every request. Saving or deleting a
    Site, and publishing, moving or adding a site root (a home page or its
    translation), purge "chrome"."""
    return SITE_ROOT_PATHS.get(None, Site.get_site_root_paths)


# Page URLs as get_url gave them, for the site root paths they were computed
# from (the memo's object: a new one when "chrome" is purged).
PAGE_URLS = Store("page-urls", max_entries=50_000)
_urls_for = {"paths": None}


class PrefixedUrlMixin:
    """``get_url_parts`` as Wagtail computes it, with ``serve_path`` for the
    reverse and the site root paths from the memo. A page that belongs to several
    sites keeps Wagtail's own way. ``get_url`` is remembered per process: the
    same pages (home, sections, authors) are linked on page after page."""

    def get_url(self, request=None, current_site=None):
        """Wagtail's ``get_url``, remembered by everything it depends on: the
        page's type and ``url_path``, the site root paths, the active language,
        the site the link appears on, the script prefix and the URLconf."""
        if current_site is None and request is not None:
            current_site = Site.find_for_request(request)
        paths = self._get_site_root_paths(request)
        if _urls_for["paths"] is not paths:  # a new site, home page or language
            PAGE_URLS.clear()
            _urls_for["paths"] = paths
        key = (
            type(self),
            self.url_path,
            translation.get_language(),
            getattr(current_site, "pk", None),
            get_script_prefix(),
            get_urlconf(),
        )
        try:
            return PAGE_URLS.data[key]
        except KeyError:
            url = super().get_url(request=request, current_site=current_site)
            PAGE_URLS.put(key, url)
            return url

    url = property(get_url)

    def _get_site_root_paths(self, cache_object=None, **kwargs):
        cache_object = cache_object or kwargs.get("request") or self
        try:
            return cache_object._wagtail_cached_site_root_paths
        except AttributeError:
            paths = site_root_paths()
            cache_object._wagtail_cached_site_root_paths = paths
            return paths

    def get_url_parts(self, request=None):
        possible_sites = self._get_relevant_site_root_paths(request)
        if not possible_sites:
            return None
        if len({values[0] for values in possible_sites}) > 1:
            return super().get_url_parts(request)
        site_id, root_path, root_url, language_code = possible_sites[0]
        active = translation.get_language()
        if not _i18n_enabled():
            language_code = active  # Wagtail reverses under the active language
        elif active and active != language_code:
            try:
                if get_supported_content_language_variant(active) == language_code:
                    language_code = active
            except LookupError:
                pass
        page_path = serve_path(language_code, self.url_path[len(root_path) :])
        if page_path is None:
            return (site_id, None, None)
        return (site_id, root_url, page_path)

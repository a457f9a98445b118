"""Absolute URLs without a query per page: from ``url_path``, the site's root paths
(one per locale) and the language prefix i18n_patterns adds."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import iri_to_uri
from wagtail.models import Site

from caravan.caching.memo import memoised_function


def absolute(request, url: str) -> str:
    """``url`` (a path or already absolute) on the host the request came in on:
    ``request.build_absolute_uri(url)``. A page's head links a dozen URLs, most
    of them the same few on every page (home, sections, authors): a path is
    made absolute once per host, as Django makes it."""
    if url.startswith("/") and not url.startswith("//"):
        if "/./" not in url and "/../" not in url:
            return _on_origin(_origin(request), url)
    return request.build_absolute_uri(url)


def _origin(request) -> str:
    """Scheme and host, as ``build_absolute_uri`` puts them before a path."""
    try:
        return request._caravan_origin
    except AttributeError:
        origin = request._caravan_origin = f"{request.scheme}://{request.get_host()}"
        return origin


@memoised_function("absolute-urls", 10_000)
def _on_origin(origin: str, path: str) -> str:
    return iri_to_uri(origin + path)


@memoised_function("seo-language-prefixes", 64)
def _prefix(language: str) -> str:
    with translation.override(language):
        return reverse("wagtail_serve", args=[""])


def language_prefix(language: str) -> str:
    """ "/" for the default language, "/ru/" for Russian (i18n_patterns)."""
    return _prefix(language)


class PathResolver:
    """Turns (url_path, language) into a site-relative URL for one site."""

    def __init__(self, site: Site | None):
        self.roots = [
            (root.root_path, root.language_code)
            for root in Site.get_site_root_paths()
            if site is not None and root.site_id == site.pk
        ]
        self.root_paths = sorted({path for path, _ in self.roots}, key=len)

    def url(self, url_path: str, language: str) -> str | None:
        for root_path, root_language in self.roots:
            if root_language == language and url_path.startswith(root_path):
                return language_prefix(language) + url_path[len(root_path) :]
        return None


def default_language() -> str:
    return settings.LANGUAGE_CODE

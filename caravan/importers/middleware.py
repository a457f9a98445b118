"""301s for old WordPress/Joomla URLs that Wagtail's RedirectMiddleware cannot see.

``/?p=123`` is a request for the home page (status 200), so a 404-only redirect
middleware never fires. This one looks at the query string *before* the view runs:

* requests without a relevant query parameter and not matching a configured legacy
  pattern return immediately — no database query;
* otherwise exactly one indexed query on ``LegacyItem`` (joined to the site and the
  target page) finds where the old URL now lives.

Place it right after ``django.middleware.common.CommonMiddleware`` (before the
session/auth middleware it does not need).
"""

import re

from django.conf import settings
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import HttpResponsePermanentRedirect
from wagtail.contrib.redirects.models import Redirect

from caravan.caching.memo import memoised_function

from .models import LegacyItem

# WordPress query parameter → the kinds of item it addresses.
WP_QUERY_PARAMS = {
    "p": ("post", "page", "attachment"),
    "page_id": ("page", "post"),
    "attachment_id": ("attachment",),
    "cat": ("category",),
    "author": ("author",),
}

# Patterns for pre-WordPress (Joomla) URLs, matched against path + "?" + query.
# Named groups: ``id`` (the old system's id: LegacyItem.legacy_id, else the WordPress
# post id) and/or ``slug`` (the post slug). Override with CARAVAN_LEGACY_URL_PATTERNS.
DEFAULT_LEGACY_URL_PATTERNS = [
    # /index.php/news/21753-some-slug  (optionally .html, optionally more sections)
    r"^/index\.php/(?:[^/?]+/)*(?P<id>\d+)-(?P<slug>[^/?]+?)(?:\.html)?/?(?:\?.*)?$",
    # /news/21753-some-slug.html (Joomla SEF without index.php)
    r"^/(?:[^/?]+/)+(?P<id>\d+)-(?P<slug>[^/?]+?)\.html$",
    # /index.php?option=com_content&view=article&catid=5&id=5993[:slug]
    r"^/(?:index\.php)?\?(?=(?:.*&)?catid=\d+)(?:.*&)?id=(?P<id>\d+)(?::[^&]*)?(?:&.*)?$",
]


@memoised_function("legacy-url-patterns", 8)
def _compile(patterns: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in patterns)


def legacy_patterns() -> tuple[re.Pattern, ...]:
    patterns = getattr(
        settings, "CARAVAN_LEGACY_URL_PATTERNS", DEFAULT_LEGACY_URL_PATTERNS
    )
    return _compile(tuple(patterns))


# Ids from the query string or path become BigIntegerField lookups: only ASCII
# digits (str.isdigit() also accepts "²" and "٣", which int() refuses or reads
# as another number), and at most 18 of them (PostgreSQL's bigint ends at ~9.2e18).
MAX_ID_DIGITS = 18


def parse_id(value: str) -> int | None:
    if 0 < len(value) <= MAX_ID_DIGITS and value.isascii() and value.isdigit():
        return int(value)
    return None


def _site_filter(request) -> tuple[Q, Case]:
    host = request.get_host().split(":")[0].lower()
    prefer = Case(
        When(site__hostname=host, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return Q(site__hostname=host) | Q(site__is_default_site=True), prefer


def find_legacy_item(request) -> LegacyItem | None:
    """The imported item an old URL points at, or None; at most one query."""
    query = request.GET
    conditions = None
    # Not `if query:`: the page cache notes which parameters a page reads, and
    # reading the whole query would tie a cached page to every parameter.
    if request.META.get("QUERY_STRING"):
        for param, kinds in WP_QUERY_PARAMS.items():
            wp_id = parse_id(query.get(param, ""))
            if wp_id is not None:
                conditions = Q(wp_id=wp_id, kind__in=kinds)
                break
        # WordPress's query-string feeds (``/?feed=podcast``…): the importer
        # recorded each one it moved, by its normalised path.
        if conditions is None and 0 < len(query.get("feed", "")) <= 100:
            conditions = Q(
                kind="redirect",
                wp_key=Redirect.normalise_path(request.get_full_path())[:255],
            )
    if conditions is None:
        full_path = request.get_full_path()
        for pattern in legacy_patterns():
            match = pattern.match(full_path)
            if not match:
                continue
            groups = match.groupdict()
            conditions = Q(pk__in=[])
            legacy_id = groups.get("id") or ""
            if parse_id(legacy_id) is not None:
                conditions |= Q(legacy_id=legacy_id)
                conditions |= Q(wp_id=parse_id(legacy_id), kind="post")
            if groups.get("slug") and "\x00" not in groups["slug"]:
                conditions |= Q(slug=groups["slug"], kind="post")
            break
    if conditions is None:
        return None
    site_q, prefer = _site_filter(request)
    rank = Case(
        When(legacy_id__gt="", then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        LegacyItem.objects.filter(conditions, site_q)
        .select_related("page", "site")
        .order_by(prefer, rank, "pk")
        .first()
    )


class LegacyRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            item = find_legacy_item(request)
            if item is not None:
                url = item.get_url(request)
                if url and url != request.get_full_path():
                    return HttpResponsePermanentRedirect(url)
        return self.get_response(request)

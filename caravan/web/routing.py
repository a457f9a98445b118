"""Cheaper page routing and ancestors for the public pages.

Wagtail's routing of an article asks the database for the site, the active
locale, the home page (twice: base, then specific), the section, the article
and the view restrictions on the way. Here the site-wide ones come from the
process's memos (``caravan.caching.memo``, purged by "chrome": sites, locales,
home pages and sections, view restrictions): routing an article is one query.
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.http import Http404
from django.http.request import split_domain_port
from django.utils import translation
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from caravan.caching.memo import Memo

SITES = Memo("site-for-host", max_entries=1000)
HOMES = Memo("home-page", max_entries=1000)
RESTRICTIONS = Memo("any-view-restriction", max_entries=1)
CHILD_ROUTES = Memo("child-routes", max_entries=1000)


def site_for_request(request):
    """``Site.find_for_request`` from the memo. Wagtail keeps the site of a request
    in ``request._wagtail_site``: filled here, every later caller reads it."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        port = request.get_port()
        request._wagtail_site = SITES.get(
            (hostname, port), lambda: _site_for(hostname, port)
        )
    return request._wagtail_site


def _site_for(hostname, port):
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    site.root_page  # noqa: B018 (loaded once here, not by each request)
    return site


class SiteMiddleware:
    """Finds the request's site in the memo before anything asks Wagtail for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        site_for_request(request)
        return self.get_response(request)


def home_for_request(request):
    """The site's home page in the active language (Wagtail routes from it)."""
    site = site_for_request(request)
    if site is None:
        return None
    language = translation.get_language()
    return HOMES.get((site.pk, language), lambda: site.root_page.localized.specific)


def route_for_request(request, path: str):
    """``Page.route_for_request`` starting from the memoised home page; Wagtail's
    serve view reads the result from ``request._wagtail_route_for_request``."""
    if not hasattr(request, "_wagtail_route_for_request"):
        home = home_for_request(request)
        try:
            request._wagtail_route_for_request = (
                home.route(request, [part for part in path.split("/") if part])
                if home is not None
                else None
            )
        except Http404:
            request._wagtail_route_for_request = None
    return request._wagtail_route_for_request


class MemoisedRestrictionsMixin:
    """Serving a page checks the view restrictions (login, password, groups) of
    the page and its ancestors: two queries. Most sites have none at all, which
    the memo knows; with any, Wagtail's own check runs."""

    def get_view_restrictions(self):
        if RESTRICTIONS.get(None, PageViewRestriction.objects.exists):
            return super().get_view_restrictions()
        none = PageViewRestriction.objects.none()
        # Known empty: Wagtail's serve iterates it, and iterating a fresh
        # queryset compiles its SQL first (~3 % of a rendered article).
        none._result_cache = []
        return none


class ChildRouteMixin:
    """Route to a child of the usual type in one query (Wagtail's own routing
    loads the child as a base Page, then again as its specific type), or none
    with ``memoise_child_routes`` (the home page's few sections, from the
    site-wide memo: shared, read-only instances); other children take Wagtail's
    way."""

    child_route_model: type[Page]
    memoise_child_routes = False

    def _children(self):
        return with_live_translations(self.child_route_model.objects.child_of(self))

    def _route_child(self, slug: str):
        if not self.memoise_child_routes:
            return self._children().filter(slug=slug).first()
        by_slug = CHILD_ROUTES.get(
            self.pk, lambda: {child.slug: child for child in self._children()}
        )
        return by_slug.get(slug)

    def route(self, request, path_components):
        if path_components:
            child = self._route_child(path_components[0])
            if child is not None:
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        return super().route(request, path_components)


def with_live_translations(pages):
    """Pages with their locale and ``live_translations``, the number of live pages
    in their translation group: the SEO head's hreflang links and the language
    switcher need no query of their own when it is 1 (no translation)."""
    group = (
        Page.objects.filter(translation_key=OuterRef("translation_key"), live=True)
        .order_by()
        .values("translation_key")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return pages.select_related("locale").annotate(
        live_translations=Subquery(group, output_field=IntegerField())
    )


def loaded_ancestors(page) -> list:
    """A page's ancestors below the tree root, top first. Wagtail's routing leaves
    each page's parent on it (``_cached_parent_obj``): walk that chain without a
    query; a page loaded otherwise costs one query."""
    chain, current = [], page
    while current.depth > 2:
        parent = current.__dict__.get("_cached_parent_obj")
        if parent is None:
            return list(page.get_ancestors().filter(depth__gt=1).specific())
        chain.append(parent)
        current = parent
    return [getattr(p, "specific", p) for p in reversed(chain)]

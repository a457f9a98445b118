"""Which tags a cached page carries, and which tags a content change purges.

Tags:
  all            every page (``manage.py purge_page_cache``)
  chrome         navigation, site settings: every page
  ticker         the currency ticker: every HTML page; bumped when rates are stored
  latest:<loc>   the "latest news" sidebar/home lists of a locale
  p:<pk>         the page itself: its own content, title, URL
  tree:<path>    pages under the tree path (breadcrumbs, URLs)
  list:<path>    listings of the page at <path> (home, sections)
  author:<pk>    an author's archive
  tag:<slug>     a tag archive          country:<slug>  a country archive
  content        what lists everything: search results, feeds, sitemaps, the API
  notfound       404 answers (a published page may fill the URL)
"""

from __future__ import annotations

ALWAYS = ("all", "chrome", "ticker", "notfound")


def archive_tag(kind: str, key) -> str:
    """The tag of a tag, country or author archive (tag slugs match any case)."""
    return f"tag:{str(key).lower()}" if kind == "tag" else f"{kind}:{key}"


def request_tags(request, response) -> set[str]:
    tags = set(ALWAYS) if response.status_code == 404 else {"all", "chrome", "ticker"}
    served = getattr(request, "_cache_tags", None)
    if served:
        tags |= served
    else:
        # Not a Wagtail page (search, feeds, sitemaps, rates, API): it may list
        # anything, so any publication refreshes it.
        tags.add("content")
    return tags


def served_page_tags(page, serve_args=(), serve_kwargs=None) -> set[str]:
    """Tags for a page as it is served (called from the before_serve_page hook)."""
    from caravan.news.models import ArticlePage, HomePage, SectionPage
    from caravan.people.models import AuthorPage

    tags = {f"p:{page.pk}", f"latest:{page.locale_id}"}
    # Breadcrumbs and the page URL depend on the ancestors' titles and slugs.
    tags |= {f"tree:{path}" for path in ancestor_paths(page.path, page.steplen)}
    view_name, route_kwargs = _route(serve_args)
    if isinstance(page, HomePage):
        if view_name == "tag_archive":
            tags.add(archive_tag("tag", route_kwargs.get("slug", "")))
        elif view_name == "country_archive":
            tags.add(archive_tag("country", route_kwargs.get("slug", "")))
        else:
            tags.add(f"list:{page.path}")
    elif isinstance(page, SectionPage):
        tags.add(f"list:{page.path}")
    elif isinstance(page, AuthorPage):
        tags.add(archive_tag("author", page.pk))
    elif isinstance(page, ArticlePage):
        pass  # author boxes: publishing an author purges p:<article> of theirs
    else:
        tags.add("content")  # other page types (people index, standard pages)
    return tags


def ancestor_paths(path: str, steplen: int = 4) -> list[str]:
    """Tree paths of the ancestors below the root, without a query."""
    return [path[:i] for i in range(steplen * 2, len(path), steplen)]


def _route(serve_args) -> tuple[str, dict]:
    if len(serve_args) == 3 and callable(serve_args[0]):
        view, _args, kwargs = serve_args
        return getattr(view, "__name__", ""), dict(kwargs or {})
    return "", {}

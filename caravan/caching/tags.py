"""Purge tags: which tags a cached page carries, and which every page carries.

The mechanism names three:
  all            every page (``manage.py purge_page_cache``)
  content        what may list anything: a view that is not a Wagtail page
                 (search, feeds, sitemaps, the API) and page types that say so;
                 every publication purges it
  notfound       404 answers (a published page may fill the URL)

The layers and apps above name theirs (``caravan.web.pages``: chrome, p:, tree:,
list:, locale:; news: tag:, country:, byline:; rates: ticker) and declare in
their ``AppConfig.ready()`` the ones every page carries (``every_page``).
"""

from __future__ import annotations

_every_page: set[str] = {"all"}


def every_page(*tags: str) -> None:
    """Declare tags every cached answer carries (the frame, the ticker)."""
    _every_page.update(tags)


def request_tags(request, response) -> set[str]:
    tags = set(_every_page)
    if response.status_code == 404:
        # Any publication may fill the URL and purges "notfound"; nothing about
        # the request names a tag (random URLs must not create versions).
        return tags | {"notfound"}
    served = getattr(request, "_cache_tags", None)
    if served:
        tags |= served
    else:
        # Not a Wagtail page (search, feeds, sitemaps, rates, API): it may list
        # anything, so any publication refreshes it.
        tags.add("content")
    return tags


def ancestor_paths(path: str, steplen: int = 4) -> list[str]:
    """Tree paths of the ancestors below the root, without a query."""
    return [path[:i] for i in range(steplen * 2, len(path), steplen)]

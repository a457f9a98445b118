"""Database queries per rendered page: exact upper bounds that do not grow with the
archive. Rendered with the page cache off (a cache miss); the small caches every page
shares (navigation, ticker, Wagtail's site root paths) are warm, as in production."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from caravan.news.tests import factories

pytestmark = pytest.mark.django_db

# Queries per page type when rendered (bench/run.py prints the same figures).
# Raise a bound only knowingly. The site, home page, sections and settings come from
# the process's memos (caravan.caching.memo): none of these is a query.
# home +2 (2026-12-05): the editors' featured stories and the next expiry of a
# choice (caravan/news/front_page.py); article +1: the stored suggestions with the
# editors' pins and exclusions (caravan/related), which replaced a per-process index.
MAX_QUERIES = {
    "home": 11,
    "article": 6,
    "section1": 4,
    "section_last": 4,
    "tag": 6,
    "country": 4,
    "author": 7,
    # the locale, the matches' ids, their scores, the page's rows, their bylines;
    # and a savepoint's two statements around the engine's query (a query it
    # rejects must not abort an enclosing transaction on PostgreSQL)
    "search": 7,
}


def grow_archive(site, extra: int):
    for i in range(extra):
        factories.make_article(
            site["business"],
            title=f"Archive story {i}",
            authors=[site["aigerim"]],
            tags=["trade"],
            countries=[site["kz"]],
            age=factories.timedelta(days=2 + i),
        )


def page_urls(site, client) -> dict[str, str]:
    business = site["business"].url
    html = client.get(business).content.decode()
    last = max(
        (int(n) for n in re.findall(r'href="[^"]*\?page=(\d+)"', html)), default=1
    )
    return {
        "home": "/",
        "article": site["lead"].url,
        "section1": business,
        "section_last": f"{business}?page={last}",
        "tag": "/tag/trade/",
        "country": "/country/kazakhstan/",
        "author": site["aigerim"].url,
        "search": "/search/?q=story",
    }


def measure(client, site) -> dict[str, int]:
    counts = {}
    for name, url in page_urls(site, client).items():
        client.get(url)  # warm the shared small caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries.captured_queries)
    return counts


@pytest.fixture
def rendered(settings):
    settings.CARAVAN_PAGE_CACHE = False


@pytest.mark.parametrize("extra", [0, 30])
def test_queries_per_page_have_a_fixed_bound(client, news_site, rendered, extra):
    grow_archive(news_site, extra)
    counts = measure(client, news_site)
    over = {k: (v, MAX_QUERIES[k]) for k, v in counts.items() if v > MAX_QUERIES[k]}
    assert not over, f"queries (made, allowed): {over}"


def test_queries_do_not_grow_with_the_archive(client, news_site, rendered):
    grow_archive(news_site, 13)  # section has two pages
    small = measure(client, news_site)
    grow_archive(news_site, 30)
    large = measure(client, news_site)
    assert small == large


def test_a_cached_page_costs_no_query(client, news_site, settings):
    settings.CARAVAN_PAGE_CACHE = True
    for url in page_urls(news_site, client).values():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response["X-Cache"] == "HIT", url
        assert len(queries.captured_queries) == 0, url

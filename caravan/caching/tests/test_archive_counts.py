"""An archive's total ("Viewing results 1 - 6 of N") is counted once and kept in the
fragment cache until a publication purges that archive: counting a 200,000-article
section on every page-cache miss cost ~250 ms on PostgreSQL."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from caravan.news.tests import factories

from .support import log_in, reset_page_cache

pytestmark = pytest.mark.django_db

TOTAL = re.compile(r"Viewing results \d+ - \d+ of (\d+)")


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    reset_page_cache(settings, enabled=False)  # every request renders


def total(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return int(TOTAL.search(response.content.decode()).group(1))


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    # A paginator's count (Django names it "__count"), not counts inside other
    # queries (routing counts a page's translations).
    return sum('"__count"' in q["sql"] for q in queries.captured_queries)


ARCHIVES = {
    "section": lambda site: site["business"].url,
    "tag": lambda site: "/tag/trade/",
    "country": lambda site: "/country/kazakhstan/",
    "author": lambda site: site["aigerim"].url,
}


@pytest.mark.parametrize("archive", ARCHIVES)
def test_counted_once_then_from_the_cache(client, news_site, archive):
    url = ARCHIVES[archive](news_site)
    assert count_queries(client, url) == 1
    assert count_queries(client, url) == 0
    assert count_queries(client, url + "?page=2") == 0


@pytest.mark.parametrize("archive", ARCHIVES)
def test_a_new_article_counts_at_once(client, news_site, archive):
    url = ARCHIVES[archive](news_site)
    before = total(client, url)
    factories.make_article(
        news_site["energy"],  # under Business
        authors=[news_site["aigerim"]],
        tags=["trade"],
        countries=[news_site["kz"]],
    )
    assert total(client, url) == before + 1


def test_an_unpublished_article_leaves_the_count_at_once(client, news_site):
    url = news_site["business"].url
    before = total(client, url)
    news_site["articles"][0].unpublish()
    assert total(client, url) == before - 1


def test_another_archive_keeps_its_cached_count(client, news_site):
    url = news_site["business"].url
    total(client, url)
    factories.make_article(news_site["politics"], authors=[])
    assert count_queries(client, url) == 0


def test_a_future_dated_article_counts_when_its_time_comes(client, news_site):
    factories.make_article(
        news_site["business"], authors=[], age=-dt.timedelta(minutes=2)
    )
    url = news_site["business"].url
    before = total(client, url)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=3), tick=False):
        assert total(client, url) == before + 1


def test_editors_always_get_a_fresh_count(client, news_site, django_user_model):
    url = news_site["business"].url
    total(client, url)
    editor = django_user_model.objects.create_superuser("ed", "ed@example.com", "pw")
    log_in(client, editor)
    assert count_queries(client, url) == 1

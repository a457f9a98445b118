"""The archives' paginator: past the first page it reads ids, then rows."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from caravan.core import pagination
from caravan.core.pagination import CountedPaginator, paginate_for_request
from caravan.news.selectors import section_articles
from caravan.news.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(news_site):
    for i in range(20):
        factories.make_article(
            news_site["business"],
            title=f"Archive story {i}",
            authors=[news_site["aigerim"]],
            age=factories.timedelta(days=2, minutes=i),
        )
    return section_articles(section=news_site["business"])


def test_every_page_lists_what_a_plain_slice_lists(archive):
    expected = list(archive)
    paginator = CountedPaginator(archive, 5, count=len(expected))
    pages = [list(paginator.page(n).object_list) for n in paginator.page_range]
    assert [a.pk for page in pages for a in page] == [a.pk for a in expected]
    assert [len(page) for page in pages] == [5, 5, 5, 5, 5, 5, 2]


def test_a_deep_page_reads_ids_first_and_keeps_the_card_prefetches(archive):
    request = RequestFactory().get("/business/", {"page": "4"})
    request.COOKIES = {}
    page = paginate_for_request(request, archive, per_page=5, count_tags=["list:x"])
    with CaptureQueriesContext(connection) as queries:
        cards = list(page.object_list)
        for card in cards:
            list(card.article_authors.all())  # prefetched with the rows
    assert len(cards) == 5
    assert queries.captured_queries == []  # read when the page was made


def deep_page(section, number, *, cookies=None):
    request = RequestFactory().get(section.url, {"page": str(number)})
    request.COOKIES = cookies or {}
    page = paginate_for_request(
        request,
        section_articles(section=section),
        per_page=5,
        count_tags=[f"list:{section.path}"],
    )
    return [a.pk for a in page.object_list]


@pytest.fixture
def deep(monkeypatch, settings):
    from caravan.caching.tests.support import reset_page_cache

    reset_page_cache(settings, enabled=False)
    monkeypatch.setattr(pagination, "DEEP_OFFSET", 10)  # page 3 on is deep


def test_deep_pages_come_from_the_id_list_and_follow_publications(
    deep, archive, news_site
):
    section = news_site["business"]
    expected = [a.pk for a in section_articles(section=section)]
    assert deep_page(section, 3) == expected[10:15]
    with CaptureQueriesContext(connection) as queries:
        assert deep_page(section, 4) == expected[15:20]
    assert not any("OFFSET" in q["sql"] for q in queries.captured_queries)
    newest = factories.make_article(section, title="Newest", age=factories.timedelta())
    assert newest.pk not in expected
    # Everything moves down by one: page 3 starts with the former 10th.
    assert deep_page(section, 3) == expected[9:14]


def test_editors_read_deep_pages_from_the_database(deep, archive, news_site):
    from django.contrib.auth import get_user_model

    from caravan.caching.keys import EDITOR_COOKIE, editor_cookie_value

    section = news_site["business"]
    expected = [a.pk for a in section_articles(section=section)]
    editor = get_user_model().objects.create_superuser("ed", "ed@example.com", "pw")
    cookies = {EDITOR_COOKIE: editor_cookie_value(editor)}
    with CaptureQueriesContext(connection) as queries:
        assert deep_page(section, 3, cookies=cookies) == expected[10:15]
    assert any("OFFSET" in q["sql"] for q in queries.captured_queries)

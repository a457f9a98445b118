"""The archives' paginator: past the first page it reads ids, then rows."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

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

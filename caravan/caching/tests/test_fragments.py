"""The "latest news" sidebar fragment: shared by every page, refreshed by the same
purges as the cached pages; never served to editors or previews."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils import timezone

from caravan.caching import fragments, store
from caravan.news.models import ArticlePage
from caravan.news.tests import factories

from .support import reset_page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    # Pages are rendered every time: what the reader sees comes from the fragment.
    reset_page_cache(settings, enabled=False)


def sidebar(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return re.search(r'<aside class="layout__sidebar".*?</aside>', html, re.S).group(0)


def test_pages_share_the_fragment(client, news_site):
    article = news_site["articles"][0]
    assert "Business story 1" in sidebar(client, news_site["lead"].url)
    # Changed behind the purges' back (no publish): the fragment is still served...
    ArticlePage.objects.filter(pk=news_site["articles"][1].pk).update(title="Quiet")
    assert "Quiet" not in sidebar(client, article.url)
    # ...and the page itself still leaves itself out of its sidebar.
    assert "Business story 0" not in sidebar(client, article.url)
    assert "Business story 0" in sidebar(client, news_site["lead"].url)


def test_editors_never_get_the_shared_fragment(client, news_site):
    sidebar(client, news_site["lead"].url)
    ArticlePage.objects.filter(pk=news_site["articles"][1].pk).update(title="Quiet")
    editor = get_user_model().objects.create_superuser("ed", "ed@example.com", "pw")
    client.force_login(editor)
    assert "Quiet" in sidebar(client, news_site["lead"].url)


def test_previews_never_use_the_fragment():
    request = RequestFactory().get("/")
    assert fragments.usable_for(request)
    request.is_preview = True
    assert not fragments.usable_for(request)
    request = RequestFactory().get("/", HTTP_COOKIE="sessionid=abc")
    assert not fragments.usable_for(request)


def test_a_new_article_shows_at_once(client, news_site):
    url = news_site["articles"][0].url
    assert "Breaking" not in sidebar(client, url)
    factories.make_article(news_site["politics"], title="Breaking", authors=[])
    assert "Breaking" in sidebar(client, url)


def test_an_unpublished_article_goes_at_once(client, news_site):
    url = news_site["articles"][0].url
    assert "Solar plant opens" in sidebar(client, url)
    news_site["lead"].unpublish()
    assert "Solar plant opens" not in sidebar(client, url)


def test_an_edited_headline_shows_at_once(client, news_site):
    url = news_site["articles"][0].url
    sidebar(client, url)
    lead = ArticlePage.objects.get(pk=news_site["lead"].pk)
    lead.title = "Solar plant opens early"
    lead.save_revision().publish()
    assert "Solar plant opens early" in sidebar(client, url)


def test_a_renamed_author_shows_on_the_cards(client, news_site):
    url = news_site["articles"][0].url
    assert "Timur Rakhimov" in sidebar(client, url)
    timur = news_site["timur"]
    timur.title = "Timur Rakhimov-Saidov"
    timur.save_revision().publish()
    assert "Timur Rakhimov-Saidov" in sidebar(client, url)


def test_a_future_dated_article_shows_when_its_time_comes(client, news_site):
    # Nothing purges when a live article's date comes: the fragment expires then
    # (well before PAGE_CACHE_SECONDS, which would also refresh it).
    factories.make_article(
        news_site["politics"],
        title="Embargoed",
        authors=[],
        age=-dt.timedelta(minutes=2),
    )
    url = news_site["articles"][0].url
    assert "Embargoed" not in sidebar(client, url)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=3), tick=False):
        store._tokens.clear()
        assert "Embargoed" in sidebar(client, url)


def test_the_purge_command_refreshes_it(client, news_site):
    url = news_site["articles"][0].url
    sidebar(client, url)
    ArticlePage.objects.filter(pk=news_site["lead"].pk).update(title="Quiet")
    store.bump("all")
    assert "Quiet" in sidebar(client, url)


class CountingCache:
    """Wraps the shared cache and counts the calls that reach it."""

    def __init__(self, real):
        self.real, self.calls = real, []

    def __getattr__(self, name):
        method = getattr(self.real, name)

        def counted(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)

        return counted


def test_a_warm_process_reads_the_sidebar_without_a_round_trip(
    client, news_site, monkeypatch
):
    url = news_site["articles"][0].url
    sidebar(client, url)  # built, stored, kept in this process
    counting = CountingCache(store.cache())
    monkeypatch.setattr(store, "cache", lambda: counting)
    assert "Business story 1" in sidebar(client, url)
    assert counting.calls == []  # tokens and fragment from this process's copies


def test_another_process_purge_reaches_the_local_copy(client, news_site):
    url = news_site["articles"][0].url
    sidebar(client, url)
    ArticlePage.objects.filter(pk=news_site["articles"][1].pk).update(title="Quiet")
    # Another process bumps the tag in the shared cache: this one sees it when its
    # copy of the tokens is older than TOKEN_SECONDS.
    locale = news_site["lead"].locale_id
    store.cache().set(store.gen_key(f"locale:{locale}"), "from-elsewhere", None)
    assert "Quiet" not in sidebar(client, url)  # within the delay: the copy
    store._tokens.clear()  # that copy is now older than TOKEN_SECONDS
    assert "Quiet" in sidebar(client, url)

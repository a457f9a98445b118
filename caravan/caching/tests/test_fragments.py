"""The "latest news" sidebar fragment: shared by every page, refreshed by the same
purges as the cached pages; never served to editors or previews."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils import timezone

from caravan.caching import fragments, generations, shared
from caravan.news.models import ArticlePage
from caravan.news.tests import factories

from .support import (
    bump_elsewhere,
    log_in,
    poll_delay_passes,
    reset_page_cache,
    subscribed,
)

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
    log_in(client, editor)
    assert "Quiet" in sidebar(client, news_site["lead"].url)


def test_previews_and_editors_never_use_the_fragment(news_site):
    from caravan.caching.keys import EDITOR_COOKIE, editor_cookie_value

    request = RequestFactory().get("/")
    assert fragments.usable_for(request)
    request.is_preview = True
    assert not fragments.usable_for(request)
    editor = get_user_model().objects.create_superuser("ed", "ed@example.com", "pw")
    cookie = f"{EDITOR_COOKIE}={editor_cookie_value(editor)}"
    assert not fragments.usable_for(RequestFactory().get("/", HTTP_COOKIE=cookie))
    # A made-up session cookie is a reader's.
    request = RequestFactory().get("/", HTTP_COOKIE="sessionid=abc")
    assert fragments.usable_for(request)


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
        assert "Embargoed" in sidebar(client, url)


def test_the_purge_command_refreshes_it(client, news_site):
    url = news_site["articles"][0].url
    sidebar(client, url)
    ArticlePage.objects.filter(pk=news_site["lead"].pk).update(title="Quiet")
    generations.bump(["all"])
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
    counting = CountingCache(shared.cache())
    monkeypatch.setattr(shared, "cache", lambda: counting)
    assert "Business story 1" in sidebar(client, url)
    assert counting.calls == []  # versions and fragment from this process's copies


def test_another_process_purge_reaches_the_local_copy(client, news_site, settings):
    settings.CARAVAN_PAGE_CACHE_POLL_SECONDS = 60  # the delay, when polling
    url = news_site["articles"][0].url
    sidebar(client, url)
    ArticlePage.objects.filter(pk=news_site["articles"][1].pk).update(title="Quiet")
    # Another process purges the tag: with Redis this one hears of it before
    # its next request; otherwise it reads the generations again after
    # poll_seconds.
    bump_elsewhere(f"locale:{news_site['lead'].locale_id}")
    if not subscribed():
        assert "Quiet" not in sidebar(client, url)  # within the delay: the copy
        poll_delay_passes()
    assert "Quiet" in sidebar(client, url)

"""Episodes outside their show: "Listen" links under related articles, hosts'
and guests' author pages, site search; and the page cache's purges of them."""

import pytest

from caravan.news.tests import factories as news

from . import factories

pytestmark = pytest.mark.django_db


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_an_article_links_the_episodes_naming_it(client, podcast):
    episode = podcast["episodes"][1]
    page = html(client, podcast["article"].url)
    assert f'Listen: <a href="{episode.url}">The water question</a>' in page
    assert "(Spotlight on Central Asia)" in page


def test_hosts_and_guests_author_pages_list_their_podcasts(client, podcast):
    guest = html(client, podcast["timur"].url)
    assert f'<a href="{podcast["episodes"][1].url}">The water question</a>' in guest
    host = html(client, podcast["aigerim"].url)
    assert (
        f'Hosts: <a href="{podcast["show"].url}">Spotlight on Central Asia</a>' in host
    )
    assert "Trade routes" not in host  # she hosts the show; its archive lists them


def test_a_host_removed_from_the_show_loses_it_at_once(client, podcast):
    aigerim = podcast["aigerim"]
    assert "Hosts:" in html(client, aigerim.url)
    assert client.get(aigerim.url)["X-Cache"] == "HIT"
    show = podcast["show"]
    show.hosts = []
    show.save_revision().publish()
    assert "Hosts:" not in html(client, aigerim.url)


def test_site_search_finds_episodes_by_their_transcript(client, podcast):
    page = html(client, "/search/?q=Welcome")  # in the transcript only
    assert "Podcast episodes" in page
    assert f'<a href="{podcast["episodes"][1].url}">The water question</a>' in page
    assert "Podcast episodes" not in html(client, "/search/?q=Unfinished")  # a draft


def test_search_without_episodes_costs_nothing_more(client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    news.make_home()
    client.get("/search/?q=water")
    with CaptureQueriesContext(connection) as queries:
        client.get("/search/?q=water&page=1")
    assert not [q for q in queries.captured_queries if "podcasts_" in q["sql"]]


def test_a_new_episode_purges_the_pages_that_link_it(client, podcast):
    article, timur = podcast["article"], podcast["timur"]
    for url in (article.url, timur.url):
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT"
    fresh = factories.make_episode(
        podcast["show"], title="Fresh from the studio", guests=[timur]
    )
    fresh.related_articles = [article]
    fresh.save_revision().publish()
    assert "Fresh from the studio" in html(client, article.url)
    assert "Fresh from the studio" in html(client, timur.url)
    # Removed from the episode: gone from the article and the author page.
    fresh.related_articles = []
    fresh.guests = []
    fresh.save_revision().publish()
    assert "Fresh from the studio" not in html(client, article.url)
    assert "Fresh from the studio" not in html(client, timur.url)


def test_tag_archives_list_tagged_episodes(client, podcast):
    episode = podcast["episodes"][0]
    episode.tags.add("Trade")
    episode.save_revision().publish()
    page = html(client, "/tag/trade/")
    assert "Podcast episodes" in page
    assert f'<a href="{episode.url}">Trade routes</a>' in page
    # A newly tagged episode purges the archive it now appears in.
    assert client.get("/tag/trade/")["X-Cache"] == "HIT"
    fresh = factories.make_episode(podcast["show"], title="Caravans again")
    fresh.tags.add("Trade")
    fresh.save_revision().publish()
    assert "Caravans again" in html(client, "/tag/trade/")
    # Untagged: gone from the archive.
    fresh.tags.set([])
    fresh.save_revision().publish()
    assert "Caravans again" not in html(client, "/tag/trade/")

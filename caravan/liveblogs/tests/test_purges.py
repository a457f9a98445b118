"""An update purges its live blog's page, fragment and feed — and nothing else:
the section, the home page and other articles stay cached. Pollers holding the
fragment's ETag get 304 until then."""

import datetime as dt

import pytest
from django.utils import timezone

from caravan.caching.tests.support import reset_page_cache
from caravan.liveblogs import selectors
from caravan.liveblogs.tests.support import add_update, make_live_blog

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    reset_page_cache(settings, enabled=True)


@pytest.fixture
def site(news_site):
    blog = make_live_blog(news_site["business"], authors=[news_site["aigerim"]])
    other = make_live_blog(news_site["politics"], title="Election night", slug="vote")
    add_update(blog, "First tremor reported.")
    add_update(other, "Polls are open.")
    return {**news_site, "blog": blog, "other": other}


def urls(site):
    blog, other = site["blog"].url, site["other"].url
    return {
        "page": blog,
        "fragment": blog + "updates/",
        "feed": blog + "updates/atom/",
        "other blog": other,
        "other fragment": other + "updates/",
        "section": site["business"].url,
        "home": "/",
        "article": site["lead"].url,
    }


def warm(client, site):
    for url in urls(site).values():
        client.get(url)
    states = {name: client.get(url)["X-Cache"] for name, url in urls(site).items()}
    assert set(states.values()) == {"HIT"}, states


def states(client, site):
    return {name: client.get(url)["X-Cache"] for name, url in urls(site).items()}


OWN = {"page", "fragment", "feed"}


def test_a_published_update_purges_only_its_live_blog(client, site):
    warm(client, site)
    add_update(site["blog"], "Metro running again.")
    after = states(client, site)
    assert {n for n, s in after.items() if s != "HIT"} == OWN
    for name in OWN:
        assert b"Metro running again." in client.get(urls(site)[name]).content


def test_pollers_get_304_until_an_update(client, site):
    fragment = urls(site)["fragment"]
    first = client.get(fragment)
    etag = first["ETag"]
    again = client.get(fragment, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    add_update(site["blog"], "Metro running again.")
    changed = client.get(fragment, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert b"Metro running again." in changed.content
    assert changed["ETag"] != etag
    assert client.get(fragment, HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 304


def test_a_draft_update_purges_nothing_until_an_editor_publishes_it(client, site):
    warm(client, site)
    draft = add_update(site["blog"], "Unconfirmed report.", published=False)
    assert set(states(client, site).values()) == {"HIT"}
    draft.published = True
    draft.save()
    after = states(client, site)
    assert {n for n, s in after.items() if s != "HIT"} == OWN
    assert b"Unconfirmed report." in client.get(urls(site)["page"]).content


def test_unpublishing_or_deleting_an_update_takes_it_off(client, site):
    update = add_update(site["blog"], "Wrong figure.")
    page = urls(site)["page"]
    assert b"Wrong figure." in client.get(page).content
    update.published = False
    update.save()
    assert b"Wrong figure." not in client.get(page).content
    update.published = True
    update.save()
    assert b"Wrong figure." in client.get(page).content
    update.delete()
    assert b"Wrong figure." not in client.get(page).content


def test_an_update_moved_to_another_blog_leaves_the_first(client, site):
    update = add_update(site["blog"], "Filed in the wrong blog.")
    assert b"Filed in the wrong blog." in client.get(urls(site)["page"]).content
    client.get(urls(site)["other blog"])
    update.live_blog = site["other"]
    update.save()
    assert b"Filed in the wrong blog." not in client.get(urls(site)["page"]).content
    assert b"Filed in the wrong blog." in client.get(urls(site)["other blog"]).content


def test_an_update_published_during_a_render_is_not_left_behind(
    client, site, monkeypatch
):
    """The fragment read the updates, then an update was published before the
    response was stored: that copy is answered but not kept."""
    fragment = urls(site)["fragment"]
    read = selectors.live_blog_updates

    def read_then_publish(live_blog, *args, **kwargs):
        shown = read(live_blog, *args, **kwargs)
        monkeypatch.setattr(selectors, "live_blog_updates", read)
        add_update(site["blog"], "Published meanwhile.")
        return shown

    monkeypatch.setattr(selectors, "live_blog_updates", read_then_publish)
    during = client.get(fragment)
    assert b"Published meanwhile." not in during.content
    assert during["X-Cache"] == "PASS"
    after = client.get(fragment)
    assert b"Published meanwhile." in after.content
    assert client.get(fragment)["X-Cache"] == "HIT"


def test_browsers_revalidate_each_view_while_caches_keep_it(client, site):
    for url in (urls(site)["page"], urls(site)["fragment"]):
        client.get(url)
        hit = client.get(url)
        assert hit["X-Cache"] == "HIT"
        assert hit["Cache-Control"].startswith("public, max-age=0, must-revalidate")
        assert "max-age=0" not in hit["Surrogate-Control"]  # Varnish keeps it
    assert "max-age=0" not in client.get(urls(site)["article"])["Cache-Control"]


def test_a_tag_removed_from_a_live_blog_leaves_its_old_archive(client, site):
    """News connects its "previous archives" purge for every kind of article. The
    blog is older than the sidebar's latest articles, so only that purge can reach
    the old archive."""
    blog = make_live_blog(
        site["politics"],
        title="Old quake live",
        slug="old-quake",
        date_published=timezone.now() - dt.timedelta(days=60),
    )
    blog.tags.set(["earthquake"])
    blog.save_revision().publish()
    archive = "/tag/earthquake/"
    # The archive's list, not the sidebar (which lists the latest articles).
    assert b"Old quake live" in client.get(archive).content.split(b"<aside")[0]
    assert client.get(archive)["X-Cache"] == "HIT"
    blog.tags.set(["aftershocks"])
    blog.save_revision().publish()
    again = client.get(archive)
    assert again["X-Cache"] == "MISS"
    assert b"Old quake live" not in again.content.split(b"<aside")[0]

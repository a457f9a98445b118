"""A publication that commits while a render is under way: the render read the
old version, so whatever it built — the page, a card, the page's frame, a memo —
is answered but never kept. The next request shows the new version.

The hook runs between the render's read and its store: the purge bumps the
generations there, as a publication's commit does (caravan/caching/generations.py).
"""

import pytest
from wagtail import hooks

from caravan.caching import generations
from caravan.caching.memo import Memo
from caravan.news.models import ArticlePage

from .support import reset_page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    reset_page_cache(settings, enabled=True)


def publish_behind_the_render(article, title):
    """What another editor's publication does: the row changes, its tags' versions
    move on (the render has already read the old row)."""
    ArticlePage.objects.filter(pk=article.pk).update(title=title)
    generations.bump([f"p:{article.pk}", "content"])


def test_a_page_rendered_across_a_publication_is_not_stored(client, news_site):
    lead = news_site["lead"]
    url = lead.url

    def correct_it(page, request, serve_args, serve_kwargs):
        if page.pk == lead.pk:  # routed: the article's row is read
            publish_behind_the_render(lead, "Corrected headline")

    with hooks.register_temporarily("before_serve_page", correct_it):
        during = client.get(url)
    assert b"Solar plant opens" in during.content  # what it read
    assert during["X-Cache"] == "PASS"
    assert during["Surrogate-Control"] == "no-store"  # nor kept by Varnish
    after = client.get(url)
    assert after["X-Cache"] == "MISS"
    assert b"Corrected headline" in after.content
    assert client.get(url)["X-Cache"] == "HIT"


def test_without_the_publication_the_page_is_stored(client, news_site):
    url = news_site["lead"].url
    assert client.get(url)["X-Cache"] == "MISS"
    assert client.get(url)["X-Cache"] == "HIT"


def test_a_card_rendered_across_a_publication_is_not_kept(
    client, news_site, monkeypatch
):
    from caravan.news import jinja2tags

    article = news_site["articles"][0]
    real_macro = jinja2tags._card_macro
    done = []

    def macro_after_a_publication(context):
        if not done:  # the card's article has been read; the card renders now
            done.append(1)
            publish_behind_the_render(article, "Renamed while rendering")
        return real_macro(context)

    monkeypatch.setattr(jinja2tags, "_card_macro", macro_after_a_publication)
    client.get(news_site["business"].url)
    monkeypatch.setattr(jinja2tags, "_card_macro", real_macro)
    assert done
    assert len(jinja2tags.CARDS) == 0  # none of that render's cards was kept
    html = client.get(news_site["business"].url).content.decode()
    assert "Renamed while rendering" in html


def test_a_memo_built_across_a_purge_is_not_kept(news_site):
    """The page's frame (navigation, settings) and every other memo: built from
    what was read before the purge, so not kept."""
    frame = Memo("probe-frame", tags=("chrome",))
    with generations.snapshot():

        def build():
            generations.bump(["chrome"])  # a section renamed meanwhile
            return "old navigation"

        assert frame.get("key", build) == "old navigation"
        assert len(frame) == 0
    with generations.snapshot():
        assert frame.get("key", lambda: "new navigation") == "new navigation"
        assert frame.get("key", lambda: "unused") == "new navigation"


def test_a_value_built_before_a_purge_in_another_request_goes_stale(news_site):
    frame = Memo("probe-frame", tags=("chrome",))
    with generations.snapshot():
        frame.get("key", lambda: "first")
    generations.bump(["chrome"])
    with generations.snapshot():
        assert frame.get("key", lambda: "second") == "second"


def test_renders_read_the_primary_for_a_while_after_a_purge(news_site, settings):
    settings.CARAVAN_REPLICA_LAG_SECONDS = 60
    generations.bump(["content"])
    with generations.snapshot() as snapshot:
        assert snapshot.primary and generations.read_primary()
    settings.CARAVAN_REPLICA_LAG_SECONDS = 0
    with generations.snapshot() as snapshot:
        assert not snapshot.primary and not generations.read_primary()
    assert generations.read_primary()  # outside a request: the primary

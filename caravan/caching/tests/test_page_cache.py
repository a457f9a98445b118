"""The page cache: hits, misses, gzip, 304s, who bypasses it, purges, stale pages."""

import datetime as dt
import gzip

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.test import RequestFactory

from caravan.caching import entries, generations
from caravan.caching.middleware import PageCacheMiddleware
from caravan.news.tests import factories

from .support import log_in, reset_page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    reset_page_cache(settings, enabled=True)


def get(client, url, **headers):
    return client.get(url, **headers)


def state(client, url):
    return get(client, url)["X-Cache"]


def urls(site):
    lead = site["lead"]
    return {
        "home": "/",
        "article": lead.url,
        "energy": site["energy"].url,
        "business": site["business"].url,
        "politics": site["politics"].url,
        "tag": "/tag/energy/",
        "trade": "/tag/trade/",
        "country": "/country/uzbekistan/",
        "kz": "/country/kazakhstan/",
        "author": site["timur"].url,
        "idle": site["idle"].url,
        "search": "/search/?q=solar",
        "other_article": site["articles"][0].url,
    }


def main(response) -> bytes:
    """The page without its sidebar (which lists the latest articles)."""
    return response.content.split(b"<aside")[0]


def warm(client, site):
    pages = urls(site)
    for url in pages.values():
        response = get(client, url)
        assert response.status_code == 200, url
    for name, url in pages.items():
        assert state(client, url) == "HIT", name
    return pages


def test_second_request_is_a_hit_with_the_same_page(client, news_site):
    first = get(client, "/")
    second = get(client, "/")
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    assert first.content == second.content
    assert b"Solar plant opens" in second.content
    assert "Accept-Encoding" in second["Vary"] and "Cookie" in second["Vary"]
    assert second["ETag"] and second["Last-Modified"]
    assert "stale-while-revalidate" in second["Cache-Control"]
    assert "stale-if-error" in second["Surrogate-Control"]


def test_gzip_is_stored_once_and_served_as_is_or_decompressed(client, news_site):
    plain = get(client, "/")
    zipped = get(client, "/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["X-Cache"] == "HIT"
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(plain.content)
    assert not plain.has_header("Content-Encoding")
    assert zipped["ETag"] != plain["ETag"]


def test_conditional_requests_get_304(client, news_site):
    first = get(client, "/", HTTP_ACCEPT_ENCODING="gzip")
    again = get(
        client, "/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    since = get(client, "/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    other = get(client, "/", HTTP_IF_NONE_MATCH='"nope"')
    assert other.status_code == 200


def test_head_has_headers_and_no_body(client, news_site):
    get(client, "/")
    response = client.head("/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200 and response.content == b""
    assert response["X-Cache"] == "HIT"


def test_logged_in_editors_never_get_or_make_cached_pages(client, news_site):
    get(client, "/")  # cached for readers
    editor = get_user_model().objects.create_superuser("ed", "ed@example.com", "pw")
    log_in(client, editor)
    response = get(client, "/")
    assert response.status_code == 200
    assert not response.has_header("X-Cache")
    assert "private" in response["Cache-Control"]
    client.logout()
    assert state(client, "/") == "HIT"


def test_admin_post_and_previews_bypass_the_cache(client, news_site):
    assert not client.get("/admin/login/").has_header("X-Cache")
    assert not client.post("/search/", {"q": "x"}).has_header("X-Cache")
    rf = RequestFactory()

    def preview_view(request):
        request.is_preview = True
        return HttpResponse("<p>draft</p>")

    middleware = PageCacheMiddleware(preview_view)
    middleware(rf.get("/preview-ish/"))
    assert not middleware(rf.get("/preview-ish/")).has_header("X-Cache")


def test_responses_setting_cookies_are_not_cached(news_site):
    def view(request):
        response = HttpResponse("<form>csrf</form>")
        response.set_cookie("csrftoken", "abc")
        return response

    middleware = PageCacheMiddleware(view)
    rf = RequestFactory()
    for _ in range(2):
        response = middleware(rf.get("/with-cookie/"))
        assert not response.has_header("X-Cache")
        assert "csrftoken" in response.cookies


def test_errors_are_not_cached_and_404_briefly(client, news_site, settings):
    assert state(client, "/no-such-page/") == "MISS"
    response = get(client, "/no-such-page/")
    assert response.status_code == 404 and response["X-Cache"] == "HIT"
    assert "max-age=" in response["Cache-Control"]

    def boom(request):
        return HttpResponse("oops", status=500)

    middleware = PageCacheMiddleware(boom)
    for _ in range(2):
        assert not middleware(RequestFactory().get("/x/")).has_header("X-Cache")


def test_a_404_is_purged_when_a_page_is_published_there(client, news_site):
    draft = news_site["draft"]
    url = "/politics/" + draft.slug + "/"
    get(client, url)
    assert get(client, url).status_code == 404
    draft.save_revision().publish()
    assert get(client, url).status_code == 200


def test_publishing_purges_exactly_what_shows_the_article(client, news_site):
    pages = warm(client, news_site)
    lead = news_site["lead"]
    lead.title = "Solar plant opens ahead of schedule"
    lead.save_revision().publish()
    purged = {"home", "article", "energy", "business", "tag", "trade", "country"}
    purged |= {"author", "search"}
    for name in purged:
        response = get(client, pages[name])
        assert response["X-Cache"] == "MISS", name
    assert b"ahead of schedule" in get(client, pages["article"]).content
    assert b"ahead of schedule" in get(client, pages["home"]).content


def test_the_newest_article_refreshes_every_sidebar(client, news_site):
    pages = warm(client, news_site)
    factories.make_article(news_site["politics"], title="Breaking", authors=[])
    for name in ("home", "politics", "other_article", "article"):
        response = get(client, pages[name])
        assert response["X-Cache"] == "MISS", name
        assert b"Breaking" in response.content, name


def test_editing_an_old_article_leaves_other_sidebars_alone(client, news_site):
    pages = warm(client, news_site)
    oldest = news_site["articles"][-1]
    oldest.standfirst = "Corrected."
    oldest.save_revision().publish()
    assert state(client, oldest.url) == "MISS"
    assert state(client, pages["business"]) == "MISS"
    assert state(client, pages["kz"]) == "MISS"
    assert state(client, pages["article"]) == "HIT"
    assert state(client, pages["politics"]) == "HIT"


def test_a_removed_tag_purges_its_old_archive(client, news_site):
    # The oldest story: outside the sidebar's latest articles, whose purge would
    # reach every archive anyway.
    oldest = news_site["articles"][-1]
    oldest.tags.set(["trade", "energy"])
    oldest.save_revision().publish()
    pages = warm(client, news_site)
    assert oldest.title.encode() in main(get(client, pages["tag"]))
    oldest.tags.set(["trade"])
    oldest.save_revision().publish()
    energy_tag = get(client, pages["tag"])
    assert energy_tag["X-Cache"] == "MISS"
    assert oldest.title.encode() not in main(energy_tag)


def test_a_further_section_is_purged_when_it_gains_or_loses_an_article(
    client, news_site
):
    """An article listed in another section besides its own (other_sections):
    adding it purges that section's listing; removing it purges it again."""
    pages = warm(client, news_site)
    lead = news_site["lead"]
    lead.other_sections.set([news_site["politics"]])
    lead.save_revision().publish()
    politics = get(client, pages["politics"])
    assert politics["X-Cache"] == "MISS" and b"Solar plant opens" in main(politics)
    assert state(client, pages["politics"]) == "HIT"
    lead.other_sections.set([])
    lead.save_revision().publish()
    politics = get(client, pages["politics"])
    assert politics["X-Cache"] == "MISS" and b"Solar plant opens" not in main(politics)


def test_unpublishing_purges_and_the_article_is_gone(client, news_site):
    pages = warm(client, news_site)
    news_site["lead"].unpublish()
    assert get(client, pages["article"]).status_code == 404
    for name in ("home", "energy", "tag", "country", "author"):
        response = get(client, pages[name])
        assert response["X-Cache"] == "MISS", name
        assert b"Solar plant opens" not in main(response), name


def test_moving_purges_old_and_new_sections(client, news_site):
    pages = warm(client, news_site)
    lead = news_site["lead"]
    lead.move(news_site["politics"], pos="last-child")
    politics = get(client, pages["politics"])
    assert politics["X-Cache"] == "MISS" and b"Solar plant opens" in main(politics)
    energy = get(client, pages["energy"])
    assert energy["X-Cache"] == "MISS" and b"Solar plant opens" not in main(energy)
    assert get(client, pages["article"]).status_code in (301, 404)  # not stale


def test_deleting_purges(client, news_site):
    pages = warm(client, news_site)
    news_site["lead"].delete()
    assert get(client, pages["article"]).status_code == 404
    assert b"Solar plant opens" not in main(get(client, pages["home"]))
    assert b"Solar plant opens" not in main(get(client, pages["author"]))


def test_publishing_an_author_purges_their_articles(client, news_site):
    pages = warm(client, news_site)
    timur = news_site["timur"]
    timur.role = "Energy Editor"
    timur.save_revision().publish()
    assert state(client, pages["author"]) == "MISS"
    article = get(client, pages["article"])
    assert article["X-Cache"] == "MISS" and b"Energy Editor" in article.content
    assert state(client, pages["other_article"]) == "HIT"  # not one of his


def test_section_rename_refreshes_navigation_and_breadcrumbs(client, news_site):
    pages = warm(client, news_site)
    energy = news_site["energy"]
    energy.title = "Power & Energy"
    energy.save_revision().publish()
    assert b"Power &amp; Energy" in get(client, pages["article"]).content


def test_new_rates_mark_pages_stale_without_rendering_them(client, news_site):
    from caravan.rates.models import Currency

    pages = warm(client, news_site)
    Currency.objects.create(code="XAU", name="Gold")
    for name in ("home", "article", "politics"):
        assert state(client, pages[name]) == "MISS", name


def test_masthead_date_never_stays_yesterday(client, news_site):
    with time_machine.travel(dt.datetime(2026, 3, 1, 18, 50, tzinfo=dt.UTC)):
        first = get(client, "/")
        assert b"Sunday, 1 March 2026" in first.content  # 23:50 in Almaty
        assert "max-age=60" in first["Cache-Control"]
    with time_machine.travel(dt.datetime(2026, 3, 1, 19, 5, tzinfo=dt.UTC)):
        second = get(client, "/")
        assert second["X-Cache"] == "MISS"
        assert b"Monday, 2 March 2026" in second.content


def test_stale_copy_is_served_when_the_database_is_down(client, news_site):
    client.raise_request_exception = False
    fresh = get(client, "/")
    generations.bump(["all"])  # the copy is now stale: a request would re-render it

    def database_down(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    with connection.execute_wrapper(database_down):
        response = get(client, "/")
    assert response.status_code == 200
    assert response["X-Cache"] == "STALE"
    assert response.content == fresh.content
    # Without a cached copy, the error shows.
    with connection.execute_wrapper(database_down):
        assert get(client, "/never-seen/").status_code == 500


def test_concurrent_requests_serve_stale_while_one_rerenders(client, news_site):
    get(client, "/")
    (key,) = entries.LOCAL.data
    generations.bump(["all"])
    assert entries.acquire_render_lock(key)  # another worker is rendering it
    stale = get(client, "/")
    assert stale["X-Cache"] == "STALE"
    assert stale["Surrogate-Control"] == "no-store"  # Varnish must not keep it
    assert "max-age=0" in stale["Cache-Control"]
    entries.release_render_lock(key)
    assert state(client, "/") == "MISS"


def test_purge_command_marks_everything_stale(client, news_site):
    from django.core.management import call_command

    get(client, "/")
    call_command("purge_page_cache")
    assert state(client, "/") == "MISS"


def test_each_language_gets_its_own_copy(client, news_site):
    english = get(client, "/api/rates/latest", HTTP_ACCEPT_LANGUAGE="en")
    russian = get(client, "/api/rates/latest", HTTP_ACCEPT_LANGUAGE="ru")
    assert english["X-Cache"] == russian["X-Cache"] == "MISS"


def test_the_tags_are_sent_only_for_varnish(client, news_site, settings):
    get(client, "/")
    assert not get(client, "/").has_header("X-Cache-Tags")  # no Varnish here
    settings.CARAVAN_VARNISH_URLS = ["http://127.0.0.1:9/"]
    tags = get(client, "/")["X-Cache-Tags"].split()
    assert {"all", "chrome", "ticker"} <= set(tags)


def test_varnish_is_sent_a_ban_for_the_purged_tags(
    news_site, settings, httpserver, django_capture_on_commit_callbacks
):
    from caravan.caching.purge import purge_later

    httpserver.expect_request("/", method="BAN").respond_with_data("ok")
    settings.CARAVAN_VARNISH_URLS = [httpserver.url_for("/")]
    settings.CARAVAN_VARNISH_BAN_REPEAT_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        purge_later({"p:1", "tag:trade"})
    request, _response = httpserver.log[0]
    pattern = request.headers["X-Ban-Tags"]
    import re

    assert re.search(pattern, "all p:1 ticker") and re.search(pattern, "tag:trade")
    assert not re.search(pattern, "p:12 tag:trader")


def test_a_ban_varnish_refused_is_sent_again_later(
    news_site, settings, httpserver, django_capture_on_commit_callbacks
):
    from caravan.caching import outbox
    from caravan.caching.models import PendingPurge
    from caravan.caching.purge import purge_later

    settings.CARAVAN_VARNISH_URLS = [httpserver.url_for("/")]
    settings.CARAVAN_VARNISH_BAN_REPEAT_SECONDS = 0
    httpserver.expect_oneshot_request("/", method="BAN").respond_with_data(
        "busy", status=503
    )
    earlier = set(PendingPurge.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        purge_later({"p:1"})
    (kept,) = PendingPurge.objects.exclude(pk__in=earlier)
    assert kept.bumped and not kept.banned and "Varnish" in kept.last_error
    httpserver.expect_request("/", method="BAN").respond_with_data("ok")
    assert outbox.deliver(kept)  # what the scheduler's retry does
    assert not PendingPurge.objects.filter(pk=kept.pk).exists()
    assert [r.method for r, _ in httpserver.log] == ["BAN", "BAN"]


def test_the_health_check_renders_a_page(client, news_site):
    response = client.get("/healthz")
    assert response.status_code == 200 and "no-cache" in response["Cache-Control"]

    def database_down(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    client.raise_request_exception = False
    with connection.execute_wrapper(database_down):
        assert client.get("/healthz").status_code == 503

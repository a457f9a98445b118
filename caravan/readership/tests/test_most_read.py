"""Views counted by the beacon (no cookie, no address kept, crawlers and floods
left out) and the most-read lists they make, in cached pages without purging
them."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from caravan.caching.tests.support import log_in, reset_page_cache
from caravan.readership import counting
from caravan.readership.beacon import GIF, Beacon
from caravan.readership.counting import Counter
from caravan.readership.models import ArticleViews
from caravan.readership.services import record_views

pytestmark = pytest.mark.django_db

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36"
)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    reset_page_cache(settings, enabled=True)


def django_app(environ, start_response):
    raise AssertionError("the beacon never reaches Django")


def view(beacon, path, *, address="203.0.113.7", agent=BROWSER, method="GET"):
    answer = {}

    def start_response(status, headers):
        answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

    environ = {
        "PATH_INFO": path,
        "REQUEST_METHOD": method,
        "REMOTE_ADDR": address,
        "HTTP_USER_AGENT": agent,
    }
    body = b"".join(beacon(environ, start_response))
    return answer["status"], answer["headers"], body


def views_of(article) -> int:
    return sum(
        ArticleViews.objects.filter(article=article).values_list("views", flat=True)
    )


def test_the_beacon_counts_readers_and_answers_an_image(news_site):
    beacon = Beacon(django_app, Counter(background=False))
    lead = news_site["lead"]
    for n in range(5):
        status, headers, body = view(
            beacon, f"/-/v/{lead.pk}.gif", address=f"10.0.0.{n}"
        )
        assert status == 200 and body == GIF
    assert headers["Cache-Control"] == "no-store"
    assert beacon.counter.flush() == 1
    assert views_of(lead) == 5
    # Counted again later: added, not replaced.
    view(beacon, f"/-/v/{lead.pk}.gif")
    beacon.counter.flush()
    assert views_of(lead) == 6


def test_crawlers_floods_and_made_up_ids_do_not_count(news_site):
    beacon = Beacon(django_app, Counter(background=False))
    lead = news_site["lead"]
    for agent in ("Googlebot/2.1", "curl/8.0", "python-requests/2.32", ""):
        view(beacon, f"/-/v/{lead.pk}.gif", agent=agent)
    for _ in range(counting.PER_CLIENT_MINUTE + 20):  # one client, over its rate
        view(beacon, f"/-/v/{lead.pk}.gif", address="198.51.100.9")
    view(beacon, "/-/v/999999999.gif")  # no such article
    beacon.counter.flush()
    assert views_of(lead) == counting.PER_CLIENT_MINUTE
    assert ArticleViews.objects.count() == 1
    for bad in ("/-/v/abc.gif", "/-/v/1.png", "/-/v/", "/-/v/²³.gif"):
        assert view(beacon, bad)[0] == 404
    assert view(beacon, f"/-/v/{lead.pk}.gif", method="POST")[0] == 404
    assert view(beacon, f"/-/v/{lead.pk}.gif", method="HEAD")[2] == b""


def test_what_waits_for_a_flush_is_bounded(monkeypatch):
    monkeypatch.setattr(counting, "MAX_KEYS", 100)
    counter = Counter(flush=lambda counts: len(counts), background=False)
    for article in range(1, 500):
        counter.count(
            article, {"HTTP_USER_AGENT": BROWSER, "REMOTE_ADDR": str(article)}
        )
    assert len(counter.pending) == 100 and counter.dropped == 399
    assert counter.flush() == 100 and counter.pending == {}


def test_no_address_is_kept():
    counter = Counter(flush=lambda counts: 0, background=False)
    counter.count(1, {"HTTP_USER_AGENT": BROWSER, "REMOTE_ADDR": "203.0.113.7"})
    assert all(b"203.0.113.7" not in key for key in counter.clients)
    assert all(len(key) == 12 for key in counter.clients)


def record(article, views, hours_ago=1):
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    record_views(counts={(hour - dt.timedelta(hours=hours_ago), article.pk): views})


def test_most_read_lists_show_on_cached_pages_without_purging_them(client, news_site):
    lead, story = news_site["lead"], news_site["articles"][3]
    url = news_site["articles"][0].url
    client.get(url)
    assert client.get(url)["X-Cache"] == "HIT"
    assert b"Most read" not in client.get(url).content
    record(story, 50)
    record(lead, 20)
    record(lead, 100, hours_ago=24 * 3)  # read a lot, but days ago
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=4), tick=False):
        page = client.get(url)  # the list is read again every few minutes
        assert page["X-Cache"] == "HIT"
        html = page.content.decode()
        day = html.split("Last 24 hours", 1)[1].split("</ol>", 1)[0]
        week = html.split("Last 7 days", 1)[1].split("</ol>", 1)[0]
        assert day.index(story.title) < day.index(lead.title)
        assert week.index(lead.title) < week.index(story.title)
        assert "Most read" in client.get("/").content.decode()


def test_an_unpublished_article_leaves_the_list_at_once(client, news_site):
    story = news_site["articles"][3]
    record(story, 50)
    url = news_site["articles"][0].url
    assert story.title in client.get(url).content.decode()
    story.unpublish()
    assert story.title not in client.get(url).content.decode()


def test_each_language_reads_its_own_list(client, news_site):
    from wagtail.models import Locale

    story = news_site["articles"][3]
    record(story, 50)
    russian = Locale.objects.create(language_code="ru")
    from caravan.readership.selectors import most_read

    assert most_read(locale_id=russian.pk, hours=24) == []
    assert [a.pk for a in most_read(locale_id=story.locale_id, hours=24)] == [story.pk]


def test_the_admin_report_charts_views_per_day(client, news_site, django_user_model):
    story = news_site["articles"][3]
    record(story, 7)
    record(story, 3, hours_ago=30)
    admin = django_user_model.objects.create_superuser("ed", "ed@example.com", "pw")
    log_in(client, admin)
    response = client.get("/admin/reports/most-read/")
    assert response.status_code == 200
    html = response.content.decode()
    assert story.title in html and "<svg" in html and ">10<" in html


def test_the_process_flushes_by_itself_every_few_seconds(news_site, monkeypatch):
    """The deployed counter's own thread writes what it counted."""
    import threading

    flushed = threading.Event()
    written = []

    def flush(counts):
        written.append(counts)
        flushed.set()
        return len(counts)

    counter = Counter(flush=flush, flush_seconds=0.05)
    counter.count(
        news_site["lead"].pk, {"HTTP_USER_AGENT": BROWSER, "REMOTE_ADDR": "1"}
    )
    try:
        assert flushed.wait(10)
        assert sum(written[0].values()) == 1 and counter.pending == {}
    finally:
        counter.stop()

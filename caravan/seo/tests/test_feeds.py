"""RSS 2.0 and Atom feeds: parse cleanly, validator rules, bounded queries, 404s."""

import re
from email.utils import parsedate_to_datetime

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from caravan.news.tests import factories
from caravan.seo.models import SeoSettings

RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct"
    r"|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$"
)
RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
)


def feed_urls(site):
    author = site["aigerim"].url
    return {
        "/feed/": 12,
        "/feed/atom/": 12,
        "/business/feed/": 12,
        "/business/feed/atom/": 12,
        "/business/energy/feed/": 1,
        "/tag/trade/feed/": 12,
        "/tag/trade/feed/atom/": 12,
        "/country/kazakhstan/feed/": 11,
        "/country/uzbekistan/feed/atom/": 1,
        f"{author}feed/": 12,
        f"{author}feed/atom/": 12,
        "/politics/feed/": 0,
    }


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


@pytest.mark.django_db
def test_every_feed_parses_without_errors(client, news_site):
    for url, count in feed_urls(news_site).items():
        response = fetch(client, url)
        atom = url.endswith("/atom/")
        assert response["Content-Type"].startswith(
            "application/atom+xml" if atom else "application/rss+xml"
        )
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        assert parsed.version == ("atom10" if atom else "rss20")
        assert len(parsed.entries) == count, url
        titles = {e.title for e in parsed.entries}
        assert "Unpublished draft" not in titles and "Dated tomorrow" not in titles
        ids = [e.id for e in parsed.entries]
        assert len(ids) == len(set(ids)), url
        assert parsed.feed.link.startswith("http://testserver/")
        for entry in parsed.entries:
            assert entry.link.startswith("http://testserver/")
            assert entry.published_parsed is not None
            assert entry.author
            assert entry.tags  # categories: section, countries, tags


@pytest.mark.django_db
def test_rss_follows_the_validator_rules(client, news_site):
    tree = etree.fromstring(fetch(client, "/feed/").content)
    channel = tree.find("channel")
    assert channel.findtext("language") == "en"
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    assert self_link.get("href") == "http://testserver/feed/"
    assert RFC822.match(channel.findtext("lastBuildDate"))
    items = channel.findall("item")
    guids = [item.findtext("guid") for item in items]
    assert len(set(guids)) == len(guids)
    for item in items:
        assert RFC822.match(item.findtext("pubDate")), item.findtext("pubDate")
        assert item.find("guid").get("isPermaLink") == "false"
        assert item.findtext("link").startswith("http://")
        assert item.findtext("{http://purl.org/dc/elements/1.1/}creator")
    # Newest first.
    dates = [parsedate_to_datetime(item.findtext("pubDate")) for item in items]
    assert dates == sorted(dates, reverse=True)
    lead = items[0]
    assert lead.findtext("title") == "Solar plant opens"
    assert (
        lead.findtext("{http://purl.org/dc/elements/1.1/}creator")
        == "Timur Rakhimov, Aigerim Sadykova"
    )
    assert {c.text for c in lead.findall("category")} == {
        "Energy",
        "Uzbekistan",
        "energy",
        "trade",
    }
    enclosure = lead.find("enclosure")
    assert enclosure.get("url").startswith("http://testserver/media/")
    assert enclosure.get("type") == "image/jpeg"
    assert int(enclosure.get("length")) > 0
    media = lead.find("{http://search.yahoo.com/mrss/}content")
    assert media.get("url") == enclosure.get("url")


@pytest.mark.django_db
def test_atom_follows_rfc_4287(client, news_site):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    tree = etree.fromstring(fetch(client, "/feed/atom/").content)
    assert tree.find("a:id", ns).text
    assert RFC3339.match(tree.find("a:updated", ns).text)
    assert tree.find("a:link[@rel='self']", ns).get("href").startswith("http://")
    for entry in tree.findall("a:entry", ns):
        assert entry.find("a:id", ns).text.startswith("tag:")
        assert RFC3339.match(entry.find("a:updated", ns).text)
        assert RFC3339.match(entry.find("a:published", ns).text)
        assert entry.find("a:author/a:name", ns).text
        assert entry.find("a:link[@rel='alternate']", ns).get("href").startswith("http")
    lead = tree.find("a:entry", ns)
    enclosure = lead.find("a:link[@rel='enclosure']", ns)
    assert enclosure.get("href").startswith("http://testserver/media/")


@pytest.mark.django_db
def test_full_content_is_a_site_setting(client, news_site):
    body = [
        {
            "type": "paragraph",
            "value": '<p>Full text with <a href="/business/">a link</a>.</p>',
        }
    ]
    factories.make_article(
        news_site["business"],
        title="Full text story",
        body=body,
        age=factories.timedelta(),
    )
    settings_row = SeoSettings.for_site(news_site["home"].get_site())
    parsed = feedparser.parse(fetch(client, "/feed/").content)
    assert "content" not in parsed.entries[0]
    settings_row.feed_full_content = True
    settings_row.save()
    for url in ("/feed/", "/feed/atom/"):
        parsed = feedparser.parse(fetch(client, url).content)
        entry = parsed.entries[0]
        assert entry.title == "Full text story"
        html = entry.content[0].value
        assert "Full text with" in html
        assert 'href="http://testserver/business/"' in html


@pytest.mark.django_db
def test_feed_holds_the_newest_fifty(client, news_site):
    for i in range(40):
        factories.make_article(
            news_site["politics"], title=f"Extra {i}", age=factories.timedelta(days=2)
        )
    parsed = feedparser.parse(fetch(client, "/feed/").content)
    assert len(parsed.entries) == 50
    assert parsed.entries[0].title == "Solar plant opens"


@pytest.mark.django_db
def test_feed_queries_do_not_grow_with_items(
    client, news_site, django_assert_max_num_queries
):
    def with_images(n):
        for i in range(n):
            factories.make_article(
                news_site["politics"],
                title=f"Pictured {n}-{i}",
                authors=[news_site["timur"]],
                tags=["extra", f"tag-{i}"],
                countries=[news_site["kz"]],
                hero_image=factories.make_image(f"Pic {n}-{i}"),
            )

    def count(url):
        fetch(client, url)  # renditions are made once, on first use
        with CaptureQueriesContext(connection) as queries:
            fetch(client, url)
        return len(queries)

    urls = ["/feed/", "/feed/atom/", "/tag/trade/feed/", "/country/kazakhstan/feed/"]
    with_images(1)  # every kind of row present once
    before = {url: count(url) for url in urls}
    with_images(10)
    after = {url: count(url) for url in urls}
    assert after == before
    for url in urls:
        with django_assert_max_num_queries(15):
            fetch(client, url)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/tag/no-such-tag/feed/",
        "/tag/no-such-tag/feed/atom/",
        "/country/atlantis/feed/",
        "/no-such-section/feed/",
        "/no-such-section/feed/atom/",
        "/business/no-such-article/feed/",
        "/ru/feed/",  # no Russian home page in this site
        "/feed/rss/",
        "/tag/%3Cscript%3E/feed/",
    ],
)
def test_feeds_for_unknown_things_are_404(client, news_site, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_an_article_has_no_feed(client, news_site):
    article = news_site["articles"][0]
    assert client.get(article.url + "feed/").status_code == 404


@pytest.mark.django_db
def test_discovery_links_on_matching_pages(client, news_site):
    def alternates(url):
        tree = etree.HTML(client.get(url).content)
        return {
            link.get("href"): link.get("type")
            for link in tree.iterfind(".//head/link[@rel='alternate'][@type]")
        }

    site = {
        "http://testserver/feed/": "application/rss+xml",
        "http://testserver/feed/atom/": "application/atom+xml",
    }
    assert alternates("/") == site
    section = alternates("/business/")
    assert section["http://testserver/business/feed/"] == "application/rss+xml"
    assert section["http://testserver/business/feed/atom/"] == "application/atom+xml"
    assert "http://testserver/tag/trade/feed/" in alternates("/tag/trade/")
    assert "http://testserver/country/kazakhstan/feed/atom/" in alternates(
        "/country/kazakhstan/"
    )
    author = news_site["aigerim"].url
    assert f"http://testserver{author}feed/" in alternates(author)
    # Every advertised feed exists.
    for url in [*section, *alternates(author), *alternates("/tag/trade/")]:
        assert client.get(url.removeprefix("http://testserver")).status_code == 200

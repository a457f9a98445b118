"""Sitemap index and parts (sitemaps.org XSD), Google News sitemap, robots.txt."""

from pathlib import Path

import pytest
from lxml import etree

from caravan.news.tests import factories
from caravan.seo import sitemaps

DATA = Path(__file__).parent / "data"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
NEWS = {"n": "http://www.google.com/schemas/sitemap-news/0.9"}


def schema(name):
    return etree.XMLSchema(etree.parse(str(DATA / name)))


def get_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    return etree.fromstring(body)


def valid(xsd, tree):
    if not xsd.validate(tree):
        raise AssertionError(str(xsd.error_log))
    return True


def all_urls(client):
    index = get_xml(client, "/sitemap.xml")
    valid(schema("siteindex.xsd"), index)
    urls = []
    parts = [loc.text for loc in index.iterfind("s:sitemap/s:loc", NS)]
    for part in parts:
        tree = get_xml(client, part.removeprefix("http://testserver"))
        valid(schema("sitemap.xsd"), tree)
        urls += [loc.text for loc in tree.iterfind("s:url/s:loc", NS)]
        assert len(tree.findall("s:url/s:lastmod", NS)) == len(
            tree.findall("s:url", NS)
        )
    return index, parts, urls


@pytest.mark.django_db
def test_index_and_parts_are_valid_and_complete(client, news_site):
    index, parts, urls = all_urls(client)
    assert len(index.findall("s:sitemap/s:lastmod", NS)) == 2
    assert parts == [
        "http://testserver/sitemap-pages-1.xml",
        "http://testserver/sitemap-articles-1.xml",
    ]
    assert len(urls) == len(set(urls))
    for article in [*news_site["articles"], news_site["lead"]]:
        assert f"http://testserver{article.url}" in urls
    assert f"http://testserver{news_site['draft'].url}" not in urls
    assert f"http://testserver{news_site['future'].url}" not in urls
    assert "http://testserver/" in urls
    assert "http://testserver/business/energy/" in urls
    assert f"http://testserver{news_site['aigerim'].url}" in urls


@pytest.mark.django_db
def test_split_into_parts_of_at_most_max_urls(client, news_site, monkeypatch):
    monkeypatch.setattr(sitemaps, "MAX_URLS", 5)
    _, parts, urls = all_urls(client)
    articles = [p for p in parts if "articles" in p]
    assert len(articles) == 3  # 12 published articles: 5 + 5 + 2
    for part in parts:
        tree = get_xml(client, part.removeprefix("http://testserver"))
        assert len(tree.findall("s:url", NS)) <= 5
    assert len(urls) == len(set(urls)) == 12 + 8  # articles + other pages


@pytest.mark.django_db
def test_sitemap_queries_are_bounded(client, news_site, django_assert_max_num_queries):
    # The index: a handful of queries per part (count, two bounds, lastmod).
    with django_assert_max_num_queries(16):
        get_xml(client, "/sitemap.xml")
    for i in range(10):
        factories.make_article(news_site["politics"], title=f"More {i}")
    for url in ("/sitemap-articles-1.xml", "/sitemap-pages-1.xml", "/news-sitemap.xml"):
        with django_assert_max_num_queries(8):
            get_xml(client, url)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/sitemap-articles-2.xml", "/sitemap-articles-0.xml", "/sitemap-other-1.xml"],
)
def test_unknown_sitemap_parts_are_404(client, news_site, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_news_sitemap_has_the_last_48_hours(client, news_site):
    old = factories.make_article(
        news_site["politics"], title="Old news", age=factories.timedelta(hours=49)
    )
    tree = get_xml(client, "/news-sitemap.xml")
    valid(schema("news-urlset.xsd"), tree)
    titles = [t.text for t in tree.iterfind("s:url/n:news/n:title", {**NS, **NEWS})]
    assert "Solar plant opens" in titles
    assert len(titles) == 12
    assert old.title not in titles
    assert "Unpublished draft" not in titles and "Dated tomorrow" not in titles
    first = tree.find("s:url", NS)
    assert first.findtext("n:news/n:publication/n:name", namespaces=NEWS) == "Caravan"
    assert first.findtext("n:news/n:publication/n:language", namespaces=NEWS) == "en"
    assert first.findtext("n:news/n:publication_date", namespaces=NEWS).endswith(
        "+00:00"
    )


@pytest.mark.django_db
def test_news_sitemap_escapes_titles(client, news_site):
    factories.make_article(news_site["politics"], title="Trade & <tariffs>")
    tree = get_xml(client, "/news-sitemap.xml")
    titles = [t.text for t in tree.iterfind(".//n:title", NEWS)]
    assert "Trade & <tariffs>" in titles


@pytest.mark.django_db
def test_robots_txt(client, news_site):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Disallow: /search/" in lines
    assert "Disallow: /ru/search/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines

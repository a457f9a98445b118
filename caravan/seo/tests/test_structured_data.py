"""JSON-LD (read back with extruct, as a crawler would), social cards, canonical
URLs, pagination links and robots directives in the rendered <head>."""

import extruct
import pytest
from lxml import etree

from caravan.core.models import SiteSettings
from caravan.news.tests import factories
from caravan.seo.models import SeoSettings

# Google's article rich result: required and recommended properties.
GOOGLE_ARTICLE_FIELDS = {
    "headline",
    "image",
    "datePublished",
    "dateModified",
    "author",
    "publisher",
}


def render(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def json_ld(html, url="http://testserver/"):
    data = extruct.extract(html, base_url=url, syntaxes=["json-ld"], uniform=True)
    return {item["@type"]: item for item in data["json-ld"]}


def head(html):
    return etree.HTML(html).find("head")


def meta(tree, key):
    for element in tree.iterfind("meta"):
        if key in (element.get("property"), element.get("name")):
            return element.get("content")
    return None


def links(tree, rel):
    return [link.get("href") for link in tree.iterfind(f"link[@rel='{rel}']")]


@pytest.fixture
def with_logo(news_site):
    row = SeoSettings.for_site(news_site["home"].get_site())
    row.logo = factories.make_image("Logo", size=(600, 60))
    row.twitter_handle = "caravan_news"
    row.save()
    return row


@pytest.mark.django_db
def test_news_article_json_ld(client, news_site, with_logo):
    lead = news_site["lead"]
    html = render(client, lead.url)
    data = json_ld(html)
    article = data["NewsArticle"]
    assert GOOGLE_ARTICLE_FIELDS <= set(article)
    assert article["headline"] == "Solar plant opens"
    assert article["description"] == lead.standfirst
    assert len(article["image"]) == 3
    assert {url.rsplit(".", 2)[-2] for url in article["image"]} == {
        "fill-1200x675",
        "fill-1200x900",
        "fill-1200x1200",
    }
    assert all(url.startswith("http://testserver/media/") for url in article["image"])
    assert article["datePublished"].startswith(lead.date_published.date().isoformat())
    assert article["dateModified"] >= article["datePublished"]
    assert [a["@type"] for a in article["author"]] == ["Person", "Person"]
    assert article["author"][0] == {
        "@type": "Person",
        "name": "Timur Rakhimov",
        "url": f"http://testserver{news_site['timur'].url}",
    }
    publisher = article["publisher"]
    assert publisher["@type"] == "NewsMediaOrganization"
    assert publisher["name"] == "Caravan"
    assert publisher["logo"]["url"].startswith("http://testserver/media/")
    assert article["mainEntityOfPage"]["@id"] == f"http://testserver{lead.url}"
    assert article["articleSection"] == "Energy"
    assert set(article["keywords"]) == {"Uzbekistan", "energy", "trade"}
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [c["name"] for c in crumbs] == [
        "Home",
        "Business & Economy",
        "Energy",
        "Solar plant opens",
    ]
    assert all(c["item"].startswith("http://testserver/") for c in crumbs)


@pytest.mark.django_db
def test_a_title_cannot_break_out_of_the_script(client, news_site):
    evil = '</script><script>alert("x")</script> & <!-- co'
    article = factories.make_article(news_site["politics"], title=evil)
    html = render(client, article.url)
    assert '<script>alert("x")' not in html
    assert json_ld(html)["NewsArticle"]["headline"] == evil
    assert meta(head(html), "og:title") == evil


@pytest.mark.django_db
def test_social_cards_and_canonical_on_articles(client, news_site, with_logo):
    lead = news_site["lead"]
    tree = head(render(client, lead.url))
    canonical = f"http://testserver{lead.url}"
    assert links(tree, "canonical") == [canonical]
    assert meta(tree, "description") == lead.standfirst
    assert meta(tree, "og:type") == "article"
    assert meta(tree, "og:url") == canonical
    assert meta(tree, "og:title") == "Solar plant opens"
    assert meta(tree, "og:image").startswith("http://testserver/media/")
    assert meta(tree, "og:locale") == "en_US"
    assert meta(tree, "article:section") == "Energy"
    assert meta(tree, "twitter:card") == "summary_large_image"
    assert meta(tree, "twitter:site") == "@caravan_news"
    assert meta(tree, "twitter:image") == meta(tree, "og:image")
    assert meta(tree, "robots") is None


@pytest.mark.django_db
def test_home_has_website_with_search_action(client, news_site):
    data = json_ld(render(client, "/"))
    website = data["WebSite"]
    assert website["url"] == "http://testserver/"
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == (
        "http://testserver/search/?q={search_term_string}"
    )
    assert action["query-input"] == "required name=search_term_string"
    assert "BreadcrumbList" not in data


@pytest.mark.django_db
def test_author_page_is_a_profile_page(client, news_site):
    author = news_site["aigerim"]
    html = render(client, author.url)
    data = json_ld(html)
    person = data["ProfilePage"]["mainEntity"]
    assert person["@type"] == "Person"
    assert person["name"] == "Aigerim Sadykova"
    assert person["url"] == f"http://testserver{author.url}"
    assert person["jobTitle"] == "Senior Editor and Contributor"
    assert [c["name"] for c in data["BreadcrumbList"]["itemListElement"]] == [
        "Home",
        "Our People",
        "Aigerim Sadykova",
    ]
    assert meta(head(html), "og:type") == "profile"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "trail"),
    [
        ("/tag/trade/", ["Home", "trade"]),
        ("/country/kazakhstan/", ["Home", "Kazakhstan"]),
        ("/business/energy/", ["Home", "Business & Economy", "Energy"]),
    ],
)
def test_archives_have_breadcrumbs(client, news_site, url, trail):
    data = json_ld(render(client, url))
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [c["name"] for c in crumbs] == trail
    assert crumbs[-1]["item"] == f"http://testserver{url}"
    assert data["CollectionPage"]["url"] == f"http://testserver{url}"


@pytest.mark.django_db
def test_pagination_canonical_and_prev_next(client, news_site):
    row = SiteSettings.for_site(news_site["home"].get_site())
    row.archive_page_size = 5
    row.save()
    base = "http://testserver/tag/trade/"
    first = head(render(client, "/tag/trade/"))
    assert links(first, "canonical") == [base]
    assert links(first, "prev") == []
    assert links(first, "next") == [f"{base}?page=2"]
    second = head(render(client, "/tag/trade/?page=2"))
    assert links(second, "canonical") == [f"{base}?page=2"]
    assert links(second, "prev") == [base]  # page 1 has no ?page=1
    assert links(second, "next") == [f"{base}?page=3"]
    last = head(render(client, "/tag/trade/?page=3"))
    assert links(last, "next") == []
    assert links(last, "prev") == [f"{base}?page=2"]
    section = head(render(client, "/business/?page=2"))
    assert links(section, "canonical") == ["http://testserver/business/?page=2"]


@pytest.mark.django_db
def test_noindex_on_thin_pages_and_search(client, news_site):
    empty_author = head(render(client, news_site["idle"].url))
    assert meta(empty_author, "robots") == "noindex, follow"
    empty_section = head(render(client, "/politics/"))
    assert meta(empty_section, "robots") == "noindex, follow"
    search = head(render(client, "/search/?q=solar"))
    assert "noindex" in meta(search, "robots")
    assert links(search, "canonical") == []
    missing = head(render(client, "/no-such-page/", status=404))
    assert "noindex" in meta(missing, "robots")
    assert links(missing, "canonical") == []
    assert meta(head(render(client, "/business/")), "robots") is None


@pytest.mark.django_db
def test_every_page_type_has_a_description(client, news_site):
    urls = [
        "/",
        "/business/",
        "/tag/trade/",
        "/country/kazakhstan/",
        "/people/",
        news_site["aigerim"].url,
        news_site["lead"].url,
        "/rates/",
    ]
    for url in urls:
        tree = head(render(client, url))
        assert meta(tree, "description"), url
        assert meta(tree, "og:title"), url

import re

import pytest

pytestmark = pytest.mark.django_db


def main_part(response) -> str:
    return re.search(r"<main.*?</main>", response.content.decode(), re.S).group(0)


def test_search_finds_published_articles_only(client, news_site):
    response = client.get("/search/", {"q": "story"})
    assert response.status_code == 200
    html = main_part(response)
    assert "Business story 3" in html
    assert "Viewing results 1 - 11 of 11" in html
    assert "Unpublished draft" not in html and "Dated tomorrow" not in html
    assert '<meta name="robots" content="noindex, follow">' in response.content.decode()


def test_search_paginates(client, news_site):
    from caravan.core.models import SiteSettings

    site_settings = SiteSettings.for_site(news_site["home"].get_site())
    site_settings.archive_page_size = 5
    site_settings.save()
    html = main_part(client.get("/search/", {"q": "story", "page": "3"}))
    assert "Viewing results 11 - 11 of 11" in html
    assert 'rel="prev" href="/search/?q=story&amp;page=2"' in html
    assert client.get("/search/", {"q": "story", "page": "4"}).status_code == 404


def test_query_is_echoed_escaped(client, news_site):
    response = client.get("/search/", {"q": '<script>alert("x")</script>'})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    # Escaped, quotes included (as &#34;, MarkupSafe's spelling of &quot;).
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "query",
    [
        "Солнечная электростанция",
        "日本語",
        "emoji 🚀",
        "a" * 10_000,
        "\x00\x01 nul",
        "' OR 1=1 --",
        "AND OR NOT",
        '"',
        "*",
    ],
)
def test_odd_queries_never_fail(client, news_site, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "Search results for" in response.content.decode()


def test_long_query_is_cut_not_rejected(client, news_site):
    html = client.get("/search/", {"q": "Solar " + "x" * 10_000}).content.decode()
    echoed = re.search(
        r'value="([^"]*)"', html[html.index('id="search-q"') - 200 :]
    ).group(1)
    assert len(echoed) == 200


def test_empty_query_shows_the_form(client, news_site):
    response = client.get("/search/")
    assert response.status_code == 200
    assert 'id="search-q"' in response.content.decode()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_two_search_landmarks_have_distinct_names(client, news_site, language):
    # The masthead's and the page's search forms: screen readers list landmarks by
    # name, so two unnamed "search" landmarks would be indistinguishable (axe).
    prefix = "" if language == "en" else f"/{language}"
    html = client.get(f"{prefix}/search/?q=trade").content.decode()
    names = re.findall(r'role="search" aria-label="([^"]+)"', html)
    assert len(names) == 2 and len(set(names)) == 2


def test_search_ranks_the_newest_matches_only(client, news_site, monkeypatch):
    from caravan.search import views

    monkeypatch.setattr(views, "RANKED_MATCHES", 3)
    html = main_part(client.get("/search/", {"q": "business story"}))
    assert "Viewing results 1 - 3 of 3" in html
    # Business story 0 is the newest; 3 and older are beyond the ranked matches.
    for shown in ("Business story 0", "Business story 1", "Business story 2"):
        assert shown in html
    assert "Business story 3" not in html
    assert "More articles match: these are the 3 most recent." in html
    # Exactly as many matches as are ranked: nothing more to hint at.
    monkeypatch.setattr(views, "RANKED_MATCHES", 11)
    html = main_part(client.get("/search/", {"q": "story"}))
    assert "Viewing results 1 - 11 of 11" in html and "More articles match" not in html


def test_search_does_not_count_matches_twice(client, news_site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/search/", {"q": "story"})
    with CaptureQueriesContext(connection) as queries:
        html = main_part(client.get("/search/", {"q": "story", "page": "1"}))
    assert "Viewing results 1 - 11 of 11" in html
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]

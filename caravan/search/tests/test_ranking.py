"""Ranking, 'newest first', Russian word forms and 'Did you mean' — on SQLite and,
with DATABASE_URL pointing at PostgreSQL (as in CI), on PostgreSQL."""

import re

import pytest
from wagtail.models import Locale

from caravan.news.tests import factories

pytestmark = pytest.mark.django_db


def main_part(response) -> str:
    assert response.status_code == 200
    return re.search(r"<main.*?</main>", response.content.decode(), re.S).group(0)


def titles_in_order(html: str, *titles: str) -> list[str]:
    return sorted((t for t in titles if t in html), key=html.index)


def para(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


@pytest.fixture
def caspian(news_site):
    """An old article with the word in its headline, a newer one with it in the
    summary only."""
    old = factories.make_article(
        news_site["business"],
        title="Caspian pipeline deal",
        age=factories.timedelta(days=30),
    )
    new = factories.make_article(
        news_site["business"],
        title="Grain harvest report",
        standfirst="Exports cross the Caspian by ferry.",
        age=factories.timedelta(minutes=1),
    )
    return old, new


@pytest.fixture
def ru_section(news_site):
    ru = Locale.objects.get_or_create(language_code="ru")[0]
    home = news_site["home"].copy_for_translation(ru)
    home.save_revision().publish()
    return factories.make_section(home, "Новости", slug="novosti")


def test_a_headline_match_beats_a_newer_body_match(client, caspian):
    html = main_part(client.get("/search/", {"q": "caspian"}))
    assert "Viewing results 1 - 2 of 2" in html
    assert titles_in_order(html, "Caspian pipeline deal", "Grain harvest report") == [
        "Caspian pipeline deal",
        "Grain harvest report",
    ]


def test_at_equal_relevance_the_newer_article_comes_first(client, news_site):
    for age, title in ((3, "Oasis water older"), (1, "Oasis water newer")):
        factories.make_article(
            news_site["business"],
            title=title,
            standfirst="Oasis water",
            body=para("Oasis water for farms."),
            age=factories.timedelta(days=age),
        )
    html = main_part(client.get("/search/", {"q": "oasis water"}))
    assert titles_in_order(html, "Oasis water older", "Oasis water newer") == [
        "Oasis water newer",
        "Oasis water older",
    ]


def test_newest_first_is_an_option(client, caspian):
    html = main_part(client.get("/search/", {"q": "caspian", "sort": "newest"}))
    assert titles_in_order(html, "Caspian pipeline deal", "Grain harvest report") == [
        "Grain harvest report",
        "Caspian pipeline deal",
    ]
    # The control: two links, the current one marked for screen readers too.
    nav = re.search(r'<nav class="search-sort".*?</nav>', html, re.S).group(0)
    assert 'aria-label="Sort results"' in nav
    assert re.search(r'href="/search/\?q=caspian&amp;sort=newest" aria-current', nav)
    assert re.search(r'href="/search/\?q=caspian">Best match</a>', nav)
    # The form keeps the order for the next query.
    assert '<input type="hidden" name="sort" value="newest">' in html


def test_each_order_is_its_own_cached_page(client, caspian):
    from caravan.caching import keys

    assert "sort" in keys.query_params()
    first = ["Caspian pipeline deal", "Grain harvest report"]
    for _ in range(2):  # the second round comes from the page cache
        relevance = main_part(client.get("/search/", {"q": "caspian"}))
        newest = main_part(client.get("/search/", {"q": "caspian", "sort": "newest"}))
        assert titles_in_order(relevance, *first) == first
        assert titles_in_order(newest, *first) == first[::-1]


@pytest.mark.parametrize("value", ["bogus", "", "NEWEST", "newest\x00", "x" * 5000])
def test_an_unknown_order_is_the_default(client, caspian, value):
    html = main_part(client.get("/search/", {"q": "caspian", "sort": value}))
    first = ["Caspian pipeline deal", "Grain harvest report"]
    assert titles_in_order(html, *first) == first


def test_newest_first_is_kept_across_pages(client, news_site):
    from caravan.core.models import SiteSettings

    site_settings = SiteSettings.for_site(news_site["home"].get_site())
    site_settings.archive_page_size = 5
    site_settings.save()
    html = main_part(client.get("/search/", {"q": "story", "sort": "newest"}))
    assert 'rel="next" href="/search/?q=story&amp;sort=newest&amp;page=2"' in html
    assert "Business story 0" in html and "Business story 5" not in html
    html = main_part(
        client.get("/search/", {"q": "story", "sort": "newest", "page": "2"})
    )
    assert "Business story 5" in html and "Business story 0" not in html


def test_russian_word_forms_match(client, ru_section, news_site):
    factories.make_article(
        ru_section, title="Итоги голосования на выборах", body=para("Явка высокая.")
    )
    factories.make_article(
        ru_section, title="Казахстан повысил пошлины", body=para("Торговля.")
    )
    factories.make_article(ru_section, title="Курс тенге", body=para("Банк."))
    html = main_part(client.get("/ru/search/", {"q": "выборы"}))
    assert "Итоги голосования на выборах" in html
    assert "Курс тенге" not in html
    html = main_part(client.get("/ru/search/", {"q": "Казахстана"}))
    assert "Казахстан повысил пошлины" in html
    assert "Итоги голосования" not in html
    # Each language searches its own articles.
    assert "Business story" not in main_part(client.get("/ru/search/", {"q": "story"}))
    html = main_part(client.get("/search/", {"q": "выборы"}))
    assert "Итоги голосования" not in html


def test_a_russian_headline_match_comes_first(client, ru_section):
    factories.make_article(
        ru_section,
        title="Погода в горах",
        standfirst="На выборах в горах голосовали немногие.",
        age=factories.timedelta(minutes=1),
    )
    factories.make_article(
        ru_section, title="Выборы в парламент", age=factories.timedelta(days=10)
    )
    html = main_part(client.get("/ru/search/", {"q": "выборах"}))
    order = titles_in_order(html, "Погода в горах", "Выборы в парламент")
    assert order == ["Выборы в парламент", "Погода в горах"]


def test_did_you_mean_offers_a_query_that_finds_articles(client, news_site):
    factories.make_article(
        news_site["business"], title="Kazakhstan cuts export duties", tags=["grain"]
    )
    html = main_part(client.get("/search/", {"q": "Kazakstan"}))
    assert "No articles match" in html
    link = re.search(r'Did you mean <a href="([^"]+)">([^<]+)</a>\?', html)
    assert link.group(2) == "Kazakhstan"
    assert link.group(1) == "/search/?q=Kazakhstan"
    followed = main_part(client.get(link.group(1).replace("&amp;", "&")))
    assert "Kazakhstan cuts export duties" in followed
    assert "Did you mean" not in followed


def test_did_you_mean_in_russian_keeps_the_order(client, ru_section):
    factories.make_article(ru_section, title="В Бишкеке открыли новый рынок")
    factories.make_article(ru_section, title="Бишкек готовится к зиме")
    html = main_part(client.get("/ru/search/", {"q": "Бишкке", "sort": "newest"}))
    link = re.search(
        r'<p class="search-suggestion">.*?<a href="([^"]+)">([^<]+)</a>', html
    )
    assert link.group(2) == "Бишкек"
    assert "sort=newest" in link.group(1)
    followed = main_part(client.get(link.group(1).replace("&amp;", "&")))
    assert "Бишкек готовится к зиме" in followed


def test_no_suggestion_that_finds_nothing_more(client, news_site):
    # "storry" is close to "story", which finds eleven articles: offered.
    assert "Did you mean" in main_part(client.get("/search/", {"q": "storry"}))
    # Nothing in the headlines is close to this: nothing offered.
    html = main_part(client.get("/search/", {"q": "xylophonist"}))
    assert "No articles match" in html and "Did you mean" not in html
    # Enough found: no second guessing.
    assert "Did you mean" not in main_part(client.get("/search/", {"q": "story"}))


@pytest.mark.parametrize(
    "query",
    [
        "story*",
        '"story',
        "(story",
        "story)",
        "-story",
        "^story",
        "{story}",
        "[story]",
        "story's",
        "story\\",
        "story;",
        "story%",
        "story_",
        "story\t\n\r",
        "story\u200b",
        "story " * 300,
    ],
)
def test_full_text_syntax_is_read_as_words(client, news_site, query):
    html = main_part(client.get("/search/", {"q": query}))
    assert "Business story" in html


@pytest.mark.parametrize(
    "query",
    [
        "\x00",
        "*",
        '"',
        "-",
        "NEAR",
        "()",
        "%_",
        "\u202e",
        "ё" * 5000,
        "🚀" * 300,
        "story NEAR business",
        "NEAR(story business)",
        "story AND",
        "OR story",
        "NOT story",
        "story + business",
        "story -business",
        "title:story",
        "story\x1b[31m",
    ],
)
def test_odd_queries_give_a_page(client, news_site, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    response = client.get("/ru/search/", {"q": query, "sort": "newest"})
    assert response.status_code == 200


def test_fts_terms_are_quoted_stem_prefixes():
    from caravan.search.engine import fts_expression, query_words

    words = query_words('выборы "Казахстана" stories NEAR(tax)')
    assert words == ["выборы", "Казахстана", "stories", "NEAR", "tax"]
    assert fts_expression(words) == (
        '"выбор"* AND "казахста"* AND "stor"* AND "near"* AND "tax"'
    )


@pytest.mark.postgres
def test_postgres_compares_words_by_trigrams(news_site, caplog):
    from django.db import connection

    from caravan.news.models import ArticlePage
    from caravan.search import suggest

    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone()  # migration caravan_search 0002
    factories.make_article(news_site["business"], title="Kazakhstan's grain")
    factories.make_article(news_site["business"], title="Kazakhstan exports")
    articles = ArticlePage.objects.published()
    assert suggest.corrected_query(articles, ["kazakstan", "grain"]) == (
        "Kazakhstan grain"
    )
    assert "pg_trgm unavailable" not in caplog.text


@pytest.mark.postgres
def test_without_pg_trgm_words_are_compared_in_python(client, news_site, caplog):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm is PostgreSQL's")
    factories.make_article(news_site["business"], title="Kazakhstan exports")
    with connection.cursor() as cursor:
        cursor.execute("DROP EXTENSION pg_trgm")  # undone with the test's transaction
    html = main_part(client.get("/search/", {"q": "Kazakstan"}))
    assert re.search(r'Did you mean <a href="[^"]+">Kazakhstan</a>', html)
    assert "pg_trgm unavailable" in caplog.text

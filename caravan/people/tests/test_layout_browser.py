"""Every page type holds on every screen: no horizontal scroll from 320 to
1920 px, in English and Russian, light and dark (Debian's Chromium)."""

import pytest
from django.test import Client
from wagtail.models import Locale

from caravan.news.tests import factories
from caravan.news.tests.test_browser import (  # noqa: F401 - fixtures
    CHROMIUM,
    _migrated_rows_restored,
    browser_page,
)
from caravan.seo.demo import translate

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing"),
]

WIDTHS = [320, 375, 768, 1024, 1366, 1920]
SCHEMES = ["light", "dark"]


@pytest.fixture
def bilingual_site(transactional_db, live_server):
    from caravan.rates.demo import load_demo_rates

    ru = Locale.objects.get_or_create(language_code="ru")[0]
    home = factories.make_home()
    business = factories.make_section(home, "Business & Economy", slug="business")
    people = factories.make_people_index(home)
    author = factories.make_author(people, "Aigerim Sadykova")
    kz = factories.make_country()
    articles = [
        factories.make_article(
            business,
            title=f"Kazakhstan's central bank holds its base rate, story {i}",
            standfirst="The National Bank left the rate unchanged, citing slower "
            "inflation and a steadier tenge.",
            authors=[author],
            tags=["monetary policy"],
            countries=[kz],
            hero_image=factories.make_image(f"Picture {i}"),
            age=factories.timedelta(hours=i + 1),
        )
        for i in range(5)
    ]
    translate(home, ru, title="Караван")
    translate(business, ru, title="Бизнес и экономика")
    translate(people, ru, title="Наша команда")
    translate(author, ru, title="Айгерим Садыкова")
    ru_articles = [
        translate(
            article,
            ru,
            title="Нацбанк Казахстана сохранил базовую ставку на фоне замедления "
            f"инфляции ({n})",
        )
        for n, article in enumerate(articles)
    ]
    load_demo_rates()
    # The site's settings rows, made here rather than by two server threads at once.
    Client().get("/")
    return live_server.url, articles, ru_articles, author.slug


def page_types(articles, ru_articles, author) -> list[str]:
    return [
        "/",
        "/business/",
        articles[0].url,
        "/people/",
        f"/people/{author}/",
        "/tag/monetary-policy/",
        "/country/kazakhstan/",
        "/rates/",
        "/search/?q=bank",
        "/ru/",
        "/ru/business/",
        ru_articles[0].url,
        "/ru/people/",
        f"/ru/people/{author}/",
        "/ru/tag/monetary-policy/",
        "/ru/country/kazakhstan/",
        "/ru/rates/",
        "/ru/search/?q=ставку",
    ]


def test_no_page_scrolls_sideways(browser_page, bilingual_site):  # noqa: F811
    base, articles, ru_articles, author = bilingual_site
    page = browser_page
    too_wide = []
    for path in page_types(articles, ru_articles, author):
        page.set_viewport_size({"width": 1366, "height": 900})
        response = page.goto(base + path)
        assert response.status == 200, path
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                scroll, inner = page.evaluate(
                    "[document.documentElement.scrollWidth, innerWidth]"
                )
                if scroll > inner:
                    too_wide.append((path, scheme, width, scroll))
    assert too_wide == []
